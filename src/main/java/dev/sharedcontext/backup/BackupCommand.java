package dev.sharedcontext.backup;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

import org.sqlite.SQLiteConfig;

import org.springframework.context.ConfigurableApplicationContext;

import dev.sharedcontext.auth.AuthProperties;
import dev.sharedcontext.database.DatabaseProperties;
import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.host.HostContext;

/**
 * {@code java -jar server.jar backup --to FILE}: a consistent copy of the SQLite
 * database, taken while the server runs. SQLite's {@code VACUUM INTO} writes one snapshot
 * (what was committed when it began, WAL included) as a compact database file; it goes to
 * {@code FILE.partial}, created with mode 0600 before any data is written (the database
 * holds token hashes and everything agents wrote), and is put at {@code FILE} only when
 * complete, so {@code FILE} is never a half-written backup. An existing {@code FILE} is
 * never overwritten, not even one created while the copy runs (see {@link #publish}).
 * <p>
 * Only the server's settings are loaded, not its beans, and the source is opened
 * read-only, so the backup neither migrates nor changes the database: the way to back up
 * before an upgrade is to run the old or the new jar's {@code backup} before the new
 * server starts. Generated secrets live outside the database (the secrets file) and are
 * named in the output, since a restore without them invalidates every token and the API
 * key.
 * <p>
 * Exit codes: 0 written; 1 failed or refused (FILE exists, no database, PostgreSQL: use
 * {@code pg_dump}); 2 usage error.
 */
public final class BackupCommand {

	public static final String NAME = "backup";

	private static final String USAGE = """
			usage: java -jar shared-context-server.jar backup --to FILE
			  Writes a consistent copy of the SQLite database (DATABASE_URL) to FILE while the server
			  runs (SQLite VACUUM INTO, to FILE.partial with mode 0600, then linked to FILE). Refuses an
			  existing FILE. Back up the generated secrets file (SECRETS_FILE) too. On PostgreSQL use
			  pg_dump instead. Exit code 0: written; 1: failed or refused; 2: usage error.""";

	private BackupCommand() {
	}

	public static int run(Class<?> application, String[] args) {
		if (HostContext.asksForHelp(args)) {
			System.out.println(USAGE);
			return 0;
		}
		Path target;
		try {
			Map<String, String> options = HostContext.options(args, 1, Set.of("--to"));
			if (!options.containsKey("--to") || options.get("--to").isBlank()) {
				throw new IllegalArgumentException("--to FILE is required");
			}
			target = Path.of(options.get("--to")).toAbsolutePath();
		}
		catch (IllegalArgumentException ex) {
			System.err.println("error: " + ex.getMessage());
			System.err.println(USAGE);
			return 2;
		}
		try (ConfigurableApplicationContext context = HostContext.configuration(application)) {
			DatabaseProperties database = HostContext.bind(context, DatabaseProperties.class);
			if (database.location().vendor() != DatabaseVendor.SQLITE) {
				System.err.println("error: 'backup' copies a SQLite database; this server uses PostgreSQL. Back it up "
						+ "with pg_dump (e.g. pg_dump --format=custom --file=shared-context.dump DBNAME) and restore "
						+ "with pg_restore; see docs/operations.md, \"Backup, restore and upgrade\".");
				return 1;
			}
			Path source = (database.file() != null) ? database.file().toAbsolutePath().normalize() : null;
			if (source == null || !Files.isRegularFile(source)) {
				System.err.println("error: no SQLite database file at " + ((source != null) ? source : database.url()));
				return 1;
			}
			if (Files.exists(target)) {
				return refuseExisting(target);
			}
			long bytes;
			try {
				bytes = backUp(source, target);
			}
			catch (FileAlreadyExistsException ex) {
				return refuseExisting(target);
			}
			System.out.printf("Backed up %s to %s (%d bytes, mode 0600)%n", source, target, bytes);
			Path secrets = HostContext.bind(context, AuthProperties.class).secretsFile().toAbsolutePath();
			if (Files.exists(secrets)) {
				System.out.println("Back up " + secrets + " too (mode 0600): it holds the generated API key and "
						+ "JWT secret, without which restored tokens and client configurations stop working.");
			}
			else {
				System.out.println("No generated secrets file at " + secrets + ": API_KEY and JWT_SECRET_KEY come "
						+ "from the environment; keep them with the backup.");
			}
			return 0;
		}
		catch (IOException | SQLException ex) {
			System.err.println("error: backup failed: " + ex.getMessage());
			return 1;
		}
	}

	private static int refuseExisting(Path target) {
		System.err.println("error: " + target + " exists; choose a new file (a backup never overwrites one)");
		return 1;
	}

	private static long backUp(Path source, Path target) throws IOException, SQLException {
		Path partial = target.resolveSibling(target.getFileName() + ".partial");
		try {
			Files.createFile(partial,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (FileAlreadyExistsException ex) {
			throw new IOException(partial + " exists (another backup running, or a failed one: remove it)");
		}
		try {
			SQLiteConfig config = new SQLiteConfig();
			config.setReadOnly(true);
			config.setBusyTimeout(30_000);
			try (Connection connection = config.createConnection("jdbc:sqlite:" + source);
					PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
				vacuum.setString(1, partial.toString());
				vacuum.execute();
			}
			publish(partial, target);
			return Files.size(target);
		}
		finally {
			Files.deleteIfExists(partial);
		}
	}

	/**
	 * Puts the finished copy at {@code target} without ever replacing a file there. A
	 * rename would silently replace a file created at {@code target} after the first
	 * check; a hard link ({@code link(2)}) fails instead, atomically, when the name
	 * exists, and shares the copy's inode, so its mode stays 0600. Where the file system
	 * has no hard links, a move without {@code REPLACE_EXISTING} refuses an existing
	 * target too (only not atomically).
	 * @throws FileAlreadyExistsException when {@code target} exists; {@code partial} is
	 * left for the caller to remove
	 */
	static void publish(Path partial, Path target) throws IOException {
		try {
			Files.createLink(target, partial);
		}
		catch (FileAlreadyExistsException ex) {
			throw ex;
		}
		catch (UnsupportedOperationException | FileSystemException ex) {
			Files.move(partial, target);
			return;
		}
		Files.delete(partial);
	}

}
