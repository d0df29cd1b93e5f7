package dev.sharedcontext.migration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;

import dev.sharedcontext.audit.AuditVerification;
import dev.sharedcontext.audit.AuditVerifier;
import dev.sharedcontext.database.DatabaseProperties;
import dev.sharedcontext.database.DatabaseUrl;
import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.host.HostContext;

/**
 * {@code java -jar server.jar migrate-to --database-url URL}: moves everything worth
 * keeping from the configured SQLite database to an empty PostgreSQL database, then
 * proves the copy complete. Sessions, messages, memory, tokens and the audit log are
 * copied with their ids, from one snapshot of the source, in one transaction on the
 * target; the target must hold none of them yet (otherwise nothing is changed). After the
 * commit the target is read afresh and compared table by table (rows, largest key,
 * SHA-256 over every column of every row in key order), its id sequences are checked, and
 * its audit hash chain is verified by the server's own {@link AuditVerifier}.
 * <p>
 * Exit codes: 0 copied and every check matches; 1 copied but a check does not match (the
 * target is left for inspection); 2 usage error; 3 refused or failed before the commit
 * (target not empty, schema versions differ, a connection or a row failed): the target
 * holds no copied rows and the command can be run again. The target's password is taken
 * from the URL, {@code --database-password}, or standard input ({@code
 * --database-password -}); {@code DATABASE_USER} and {@code DATABASE_PASSWORD} belong to
 * the configured (source) database and are not used for the target. Neither the password
 * nor a URL that may carry it is ever printed.
 */
public final class MigrateCommand {

	public static final String NAME = "migrate-to";

	private static final String USAGE = """
			usage: java -jar shared-context-server.jar migrate-to --database-url URL
			         [--database-user USER] [--database-password PASSWORD|-]
			  Copies sessions, messages, memory, tokens and the audit log from the configured SQLite
			  database (DATABASE_URL) to an empty PostgreSQL database, then verifies the copy.
			  URL: jdbc:postgresql://host[:port]/db, postgresql://user:password@host[:port]/db or
			  postgres://...; '--database-password -' reads the password from standard input.
			  Exit code 0: copied and verified; 1: copied but verification failed; 2: usage error;
			  3: refused or failed, nothing copied (e.g. the target is not empty).""";

	private static final Set<String> OPTIONS = Set.of("--database-url", "--database-user", "--database-password");

	private MigrateCommand() {
	}

	public static int run(Class<?> application, String[] args) {
		if (HostContext.asksForHelp(args)) {
			System.out.println(USAGE);
			return 0;
		}
		PrintStream err = System.err;
		MigrationTarget target;
		try {
			target = new MigrationTarget(targetUrl(parse(args)));
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage());
			err.println(USAGE);
			return 2;
		}
		try (ConfigurableApplicationContext context = HostContext.start(application)) {
			DatabaseProperties configured = context.getBean(DatabaseProperties.class);
			if (configured.location().vendor() != DatabaseVendor.SQLITE) {
				err.println("error: the configured DATABASE_URL must be a SQLite database (jdbc:sqlite:...)");
				return 2;
			}
			return new Run(application, context, configured.url(), target, System.out, err).execute();
		}
	}

	private static Map<String, String> parse(String[] args) {
		Map<String, String> options = HostContext.options(args, 1, OPTIONS);
		if (!options.containsKey("--database-url")) {
			throw new IllegalArgumentException("--database-url is required");
		}
		return options;
	}

	private static DatabaseUrl targetUrl(Map<String, String> options) {
		String password = options.get("--database-password");
		if ("-".equals(password)) {
			password = readPasswordFromStandardInput();
		}
		DatabaseUrl url = DatabaseUrl.parse(options.get("--database-url"), options.get("--database-user"), password);
		if (url.vendor() != DatabaseVendor.POSTGRESQL) {
			throw new IllegalArgumentException("--database-url must name a PostgreSQL database");
		}
		return url;
	}

	private static String readPasswordFromStandardInput() {
		try {
			String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			if (line == null || line.isEmpty()) {
				throw new IllegalArgumentException("--database-password - found no password on standard input");
			}
			return line;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("--database-password - could not read standard input");
		}
	}

	/** One migration: copy, then verify, printing as it goes. */
	private record Run(Class<?> application, ConfigurableApplicationContext source, String sourceUrl,
			MigrationTarget target, PrintStream out, PrintStream err) {

		int execute() {
			long started = System.nanoTime();
			List<TableDigest.Totals> copied;
			try {
				copied = copy();
			}
			catch (TargetNotEmptyException | SchemaVersionMismatchException ex) {
				this.err.println("refused: " + ex.getMessage());
				return 3;
			}
			catch (Exception ex) {
				this.err.println("failed, nothing was copied (the target holds no copied rows; fix the cause and run "
						+ "again): " + secretFree(ex));
				return 3;
			}
			Duration copyTime = Duration.ofNanos(System.nanoTime() - started);
			try {
				return verify(copied, copyTime);
			}
			catch (Exception ex) {
				this.err.println("copied, but the verification failed: " + secretFree(ex));
				return 1;
			}
		}

		private List<TableDigest.Totals> copy() throws Exception {
			// asking for the pool migrates the source to this build's schema, as the
			// server would on start
			DataSource sourcePool = this.source.getBean("readOnlyDataSource", DataSource.class);
			this.out.println("Source: " + this.sourceUrl);
			this.out.println("Target: " + this.target.describe());
			try (Connection check = this.target.connect()) {
				List<String> withRows = MigrationTarget.tablesWithRows(check);
				if (!withRows.isEmpty()) {
					throw new TargetNotEmptyException(withRows);
				}
			}
			String targetVersion = this.target.migrate();
			try (Connection from = sourcePool.getConnection(); Connection to = this.target.connect()) {
				from.setAutoCommit(false);
				String sourceVersion = MigrationTarget.schemaVersion(from);
				if (!targetVersion.equals(sourceVersion)) {
					throw new SchemaVersionMismatchException(sourceVersion, targetVersion);
				}
				this.out.println("Schema version " + targetVersion + " on both; copying in one transaction...");
				return DatabaseCopy.copy(from, to);
			}
		}

		private int verify(List<TableDigest.Totals> copied, Duration copyTime) throws Exception {
			List<TableDigest.Totals> found;
			Map<String, Long> nextIds = new HashMap<>();
			try (Connection fresh = this.target.connect()) {
				found = DatabaseCopy.digest(fresh);
				for (CopiedTable table : CopiedTable.ALL) {
					if (table.identity()) {
						nextIds.put(table.name(), DatabaseCopy.nextId(fresh, table));
					}
				}
			}
			boolean allMatch = true;
			long rows = 0;
			this.out.printf("%-14s %12s %12s %12s  %s%n", "table", "source rows", "target rows", "next id", "checksum");
			for (int i = 0; i < copied.size(); i++) {
				TableDigest.Totals from = copied.get(i);
				TableDigest.Totals to = found.get(i);
				CopiedTable table = from.table();
				boolean match = from.matches(to);
				String nextId = "-";
				if (table.identity()) {
					long expected = ((from.lastKey() != null) ? Long.parseLong(from.lastKey()) : 0) + 1;
					long actual = nextIds.get(table.name());
					nextId = Long.toString(actual);
					match &= (actual == expected);
				}
				allMatch &= match;
				rows += from.rows();
				this.out.printf("%-14s %12d %12d %12s  %s%n", table.name(), from.rows(), to.rows(), nextId,
						match ? "match" : "MISMATCH");
			}
			AuditVerification chain = verifyAuditChain();
			String unchained = (chain.unchained() > 0) ? ", " + chain.unchained() + " older rows predate the chain"
					: "";
			if (chain.intact()) {
				this.out.printf("Audit chain on the target: intact, %d rows checked%s%n", chain.checked(), unchained);
			}
			else {
				this.out.printf("Audit chain on the target: BROKEN at row id %d: %s%n", chain.brokenId(),
						chain.problem());
			}
			this.out.println("Not copied:");
			CopiedTable.NOT_COPIED.forEach((line) -> this.out.println("  " + line));
			boolean ok = allMatch && chain.intact();
			this.out.printf("%s: %d rows copied in %.1f s%n", ok ? "OK" : "FAILED", rows, copyTime.toMillis() / 1000.0);
			return ok ? 0 : 1;
		}

		/**
		 * The server's own chain check ({@code audit verify}) on the target: the server's
		 * configuration pointed at the target, so the same beans and SQL a server on it
		 * will use.
		 */
		private AuditVerification verifyAuditChain() {
			DatabaseUrl url = this.target.url();
			try (ConfigurableApplicationContext context = HostContext.start(this.application,
					"--shared-context.database.url=" + url.jdbcUrl(),
					"--shared-context.database.user=" + ((url.user() != null) ? url.user() : ""),
					"--shared-context.database.password=" + ((url.password() != null) ? url.password() : ""))) {
				return context.getBean(AuditVerifier.class).verify();
			}
		}

		/**
		 * An exception's message with the target's password, should it appear, masked.
		 */
		private String secretFree(Exception ex) {
			String message = String.valueOf(ex.getMessage());
			String password = this.target.url().password();
			return (password != null) ? message.replace(password, "****") : message;
		}

	}

}
