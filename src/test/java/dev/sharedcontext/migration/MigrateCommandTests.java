package dev.sharedcontext.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.sharedcontext.SharedContextApplication;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.database.DatabaseProperties;
import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.Postgres;
import dev.sharedcontext.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code migrate-to}: a SQLite database filled through the real server's API (every
 * visibility tier, a reply thread, non-ASCII metadata, memory with and without a TTL in
 * both scopes, protected and JWT tokens, one revoked, the audit rows all that wrote) is
 * copied into a fresh real PostgreSQL database; the test then compares every row of the
 * five tables itself, reading both databases with plain JDBC. The command runs in
 * process, configured by system properties as {@code -D} flags would.
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrateCommandTests extends IntegrationTest {

	private static final String PASSWORD = "s3cret-Pw-never-printed";

	private static final Map<String, String> PRIMARY_KEYS = new LinkedHashMap<>(Map.of("sessions", "id", "messages",
			"id", "agent_memory", "agent_id, scope, key", "tokens", "id", "audit_log", "id"));

	private static boolean populated;

	private static String admin;

	private static String alice;

	private static String bob;

	private static String jwt;

	private static String session;

	/**
	 * The source is SQLite whichever engine the build's integration run is on: the
	 * PostgreSQL run of the suite skips this class.
	 */
	@BeforeAll
	static void sqliteSourceOnly() {
		assumeTrue(TestDatabase.vendor() == DatabaseVendor.SQLITE, "migrate-to copies from SQLite");
	}

	@Autowired
	private Environment environment;

	@Autowired
	private DatabaseProperties database;

	private final List<String> commandProperties = List.of("shared-context.database.url", "shared-context.auth.api-key",
			"shared-context.auth.jwt-secret-key", "shared-context.auth.secrets-file",
			"shared-context.auth.permissions-file");

	@BeforeEach
	void pointTheCommandAtTheServersDatabase() {
		this.commandProperties.forEach((name) -> System.setProperty(name, this.environment.getProperty(name)));
		// the test's property supplier names a new file on every call: use the bound one
		System.setProperty("shared-context.database.url", this.database.url());
		if (!populated) {
			populate();
			populated = true;
		}
	}

	@AfterEach
	void clearProperties() {
		this.commandProperties.forEach(System::clearProperty);
	}

	@Test
	void aPopulatedDatabaseIsCopiedCompletelyAndASecondRunIntoTheSameTargetIsRefused(CapturedOutput output)
			throws SQLException {
		String target = Postgres.newDatabase();

		assertThat(migrate("--database-url", target)).as(output.toString()).isZero();

		assertThat(output.getOut()).contains("Audit chain on the target: intact").contains("OK: ");
		for (String table : PRIMARY_KEYS.keySet()) {
			assertThat(output.getOut()).containsPattern(table + " .* match");
			List<List<String>> rows = rows(sourceUrl(), table);
			assertThat(rows).as(table).isNotEmpty();
			assertThat(rows(target, table)).as(table).isEqualTo(rows);
		}
		assertThat(output.getOut()).doesNotContain("MISMATCH");
		assertThat(count(target, "SELECT count(*) FROM tokens WHERE revoked_at IS NOT NULL")).isEqualTo(1);
		assertThat(count(target, "SELECT count(*) FROM tokens WHERE format = 'jwt'")).isGreaterThanOrEqualTo(1);
		assertThat(count(target, "SELECT count(*) FROM agent_memory WHERE expires_at IS NOT NULL")).isEqualTo(1);
		assertThat(count(target, "SELECT count(*) FROM messages WHERE parent_message_id IS NOT NULL")).isEqualTo(1);
		assertThat(count(target, "SELECT count(DISTINCT visibility) FROM messages")).isEqualTo(4);
		assertChainLinked(target);
		long maxId = count(target, "SELECT max(id) FROM messages");
		assertThat(count(target,
				"SELECT last_value FROM " + single(target, "SELECT pg_get_serial_sequence('messages', 'id')")))
			.as("the next message id is one past the largest copied one")
			.isEqualTo(maxId + 1);

		aServerOnTheTargetShowsWhatTheSourceShowedAndContinuesTheIds(target, maxId);

		Map<String, List<List<String>>> before = new LinkedHashMap<>();
		for (String table : PRIMARY_KEYS.keySet()) {
			before.put(table, rows(target, table));
		}
		assertThat(migrate("--database-url", target)).isEqualTo(3);
		assertThat(output.getErr()).contains("refused: the target database is not empty");
		for (String table : PRIMARY_KEYS.keySet()) {
			assertThat(rows(target, table)).as(table + " unchanged").isEqualTo(before.get(table));
		}
	}

	/**
	 * The real server started on the copy: each caller reads exactly what the source
	 * server showed it (visibility rules included), a JWT issued by the source works, and
	 * the next post gets the next id.
	 */
	private void aServerOnTheTargetShowsWhatTheSourceShowedAndContinuesTheIds(String target, long maxId) {
		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(SharedContextApplication.class).run(
				"--shared-context.database.url=" + target, "--shared-context.database.user=postgres",
				"--server.port=0")) {
			Api onTarget = new Api("http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port"));
			for (String token : List.of(admin, alice, bob)) {
				Response before = this.api.get(messages(session), token);
				Response after = onTarget.get(messages(session), token);
				assertThat(after.status()).isEqualTo(200);
				assertThat(ids(after)).as("what this caller may read").isEqualTo(ids(before)).isNotEmpty();
			}
			assertThat(ids(onTarget.get(messages(session), bob))).as("bob (gemini) sees no claude-only post")
				.hasSizeLessThan(ids(onTarget.get(messages(session), admin)).size());
			assertThat(onTarget.get("/api/v1/sessions/" + session, jwt).status()).isEqualTo(200);
			long posted = created(
					onTarget.post(messages(session), alice, Map.of("content", "first post on PostgreSQL")))
				.get("id")
				.asLong();
			assertThat(posted).isEqualTo(maxId + 1);
		}
	}

	private static List<Long> ids(Response page) {
		List<Long> ids = new ArrayList<>();
		page.json().get("messages").forEach((message) -> ids.add(message.get("id").asLong()));
		return ids;
	}

	@Test
	void aCopyThatFailsHalfwayLeavesTheTargetEmptySoItCanBeRunAgain(CapturedOutput output) throws SQLException {
		String target = Postgres.newDatabase();
		Flyway.configure()
			.dataSource(target, "postgres", null)
			.locations("classpath:db/migration/postgresql")
			.load()
			.migrate();
		execute(target, "ALTER TABLE messages ADD CONSTRAINT no_replies CHECK (parent_message_id IS NULL)");

		assertThat(migrate("--database-url", target)).isEqualTo(3);
		assertThat(output.getErr()).contains("failed, nothing was copied");
		for (String table : PRIMARY_KEYS.keySet()) {
			assertThat(count(target, "SELECT count(*) FROM " + table)).as(table).isZero();
		}

		execute(target, "ALTER TABLE messages DROP CONSTRAINT no_replies");
		assertThat(migrate("--database-url", target)).isZero();
		assertThat(rows(target, "messages")).isEqualTo(rows(sourceUrl(), "messages"));
	}

	@Test
	void credentialsGivenApartFromTheUrlAreUsedAndNeverPrinted(CapturedOutput output) throws SQLException {
		String target = Postgres.newDatabase();
		execute(target, "CREATE ROLE migrator LOGIN PASSWORD '" + PASSWORD + "' SUPERUSER");

		assertThat(migrate("--database-url", target, "--database-user", "migrator", "--database-password", PASSWORD))
			.as(output.toString())
			.isZero();
		assertThat(output.toString()).doesNotContain(PASSWORD).contains("as migrator");
	}

	@ParameterizedTest
	@ValueSource(strings = { "migrate-to", "migrate-to --database-url", "migrate-to --target x",
			"migrate-to --database-url jdbc:sqlite:other.db", "migrate-to --database-url mysql://u:PW@h/db",
			"migrate-to --database-url postgresql://u:PW@",
			"migrate-to --database-url jdbc:postgresql://h/db --database-pasword PW" })
	void aBadArgumentExitsWithTwoWithoutPrintingThePassword(String command, CapturedOutput output) {
		assertThat(MigrateCommand.run(SharedContextApplication.class, command.replace("PW", PASSWORD).split(" ")))
			.isEqualTo(2);
		assertThat(output.getErr()).startsWith("error: ")
			.contains("usage: java -jar shared-context-server.jar migrate-to");
		assertThat(output.toString()).doesNotContain(PASSWORD);
	}

	@Test
	void anUnreachableTargetIsRefusedWithoutPrintingThePassword(CapturedOutput output) {
		assertThat(migrate("--database-url", "postgresql://someone:" + PASSWORD + "@127.0.0.1:1/nowhere")).isEqualTo(3);
		assertThat(output.getErr()).contains("failed, nothing was copied");
		assertThat(output.toString()).doesNotContain(PASSWORD);
	}

	@Test
	void helpPrintsTheUsage(CapturedOutput output) {
		assertThat(MigrateCommand.run(SharedContextApplication.class, new String[] { "migrate-to", "--help" }))
			.isZero();
		assertThat(output.getOut()).contains("usage: java -jar shared-context-server.jar migrate-to --database-url");
	}

	/** Everything the command copies, written through the HTTP API. */
	private void populate() {
		admin = token("root", "human", Permission.READ, Permission.WRITE, Permission.ADMIN);
		alice = token("alice", "claude", Permission.READ, Permission.WRITE);
		bob = token("bob", "gemini", Permission.READ, Permission.WRITE);
		session = created(this.api.post("/api/v1/sessions", alice,
				Map.of("purpose", "migration test", "metadata", Map.of("title", "Café Привет 東京 🚀", "n", 3))))
			.get("id")
			.asString();
		String other = created(this.api.post("/api/v1/sessions", bob, Map.of("purpose", "second"))).get("id")
			.asString();
		long first = 0;
		for (String visibility : List.of("public", "private", "agent_only", "admin_only")) {
			String sender = "admin_only".equals(visibility) ? admin : alice;
			long id = created(this.api.post(messages(session), sender,
					Map.of("content", "a " + visibility + " message, naïve café", "visibility", visibility, "metadata",
							Map.of("tag", "ü-" + visibility))))
				.get("id")
				.asLong();
			first = (first == 0) ? id : first;
		}
		created(this.api.post(messages(session), bob, Map.of("content", "a reply", "parent_message_id", first)));
		created(this.api.post(messages(other), bob, Map.of("content", "in the second session")));
		assertThat(this.api
			.send("PUT", "/api/v1/memory/notes/global", alice, Map.of("value", Map.of("k", "välue")), Map.of())
			.status()).isBetween(200, 201);
		assertThat(this.api
			.send("PUT", "/api/v1/memory/notes/session", alice,
					Map.of("value", "scoped", "session_id", session, "expires_in", 3600, "metadata",
							Map.of("why", "ttl")),
					Map.of())
			.status()).isBetween(200, 201);
		assertThat(this.api.send("PUT", "/api/v1/memory/other", bob, Map.of("value", 42, "session_id", other), Map.of())
			.status()).isBetween(200, 201);
		jwt = created(this.api.post("/api/v1/admin/tokens", admin, Map.of("agent_id", "jwt-agent", "agent_type",
				"claude", "permissions", List.of("read"), "token_format", "jwt")))
			.get("token")
			.asString();
		String revoked = created(this.api.post("/api/v1/admin/tokens", admin,
				Map.of("agent_id", "gone", "agent_type", "claude", "permissions", List.of("read", "write"))))
			.get("token_id")
			.asString();
		assertThat(this.api.delete("/api/v1/admin/tokens/" + revoked, admin).status()).isEqualTo(204);
	}

	private static tools.jackson.databind.JsonNode created(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private static String messages(String session) {
		return "/api/v1/sessions/" + session + "/messages";
	}

	private int migrate(String... options) {
		String[] args = new String[options.length + 1];
		args[0] = MigrateCommand.NAME;
		System.arraycopy(options, 0, args, 1, options.length);
		return MigrateCommand.run(SharedContextApplication.class, args);
	}

	private String sourceUrl() {
		return this.database.url();
	}

	/**
	 * Every row of a table in primary-key order, each value as text (integers as decimal,
	 * whatever their column type), the columns being those of the SQLite table.
	 */
	private List<List<String>> rows(String url, String table) throws SQLException {
		List<String> columns = columns(table);
		List<List<String>> rows = new ArrayList<>();
		try (Connection connection = connect(url);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table
						+ " ORDER BY " + PRIMARY_KEYS.get(table))) {
			while (rs.next()) {
				List<String> row = new ArrayList<>();
				for (int i = 1; i <= columns.size(); i++) {
					Object value = rs.getObject(i);
					row.add((value instanceof Number number) ? Long.toString(number.longValue()) : (String) value);
				}
				rows.add(row);
			}
		}
		return rows;
	}

	private List<String> columns(String table) throws SQLException {
		try (Connection connection = connect(sourceUrl());
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
			ResultSetMetaData meta = rs.getMetaData();
			List<String> columns = new ArrayList<>();
			for (int i = 1; i <= meta.getColumnCount(); i++) {
				columns.add(meta.getColumnName(i));
			}
			return columns;
		}
	}

	/** Each audit row's prev_hash is the hash of the row before it. */
	private void assertChainLinked(String target) throws SQLException {
		String previous = "0".repeat(64);
		try (Connection connection = connect(target);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT prev_hash, hash FROM audit_log ORDER BY id")) {
			while (rs.next()) {
				assertThat(rs.getString(1)).isEqualTo(previous);
				previous = rs.getString(2);
			}
		}
	}

	private static long count(String url, String sql) throws SQLException {
		return Long.parseLong(single(url, sql));
	}

	private static String single(String url, String sql) throws SQLException {
		try (Connection connection = connect(url);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static void execute(String url, String sql) throws SQLException {
		try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Connection connect(String url) throws SQLException {
		return url.startsWith("jdbc:postgresql:") ? DriverManager.getConnection(url, "postgres", "")
				: DriverManager.getConnection(url);
	}

}
