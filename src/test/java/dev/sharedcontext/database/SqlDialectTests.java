package dev.sharedcontext.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.sharedcontext.database.SqlDialect.Serial;
import dev.sharedcontext.support.Postgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each engine's dialect on the real engine: the PostgreSQL locks are held by the
 * transaction that takes them until it ends and exclude only their own kind (one agent's
 * memory lock leaves another agent free), and the JSON fragments read the same on both.
 */
class SqlDialectTests {

	@Nested
	class OnPostgresql {

		private final SqlDialect dialect = new PostgresqlDialect();

		@Test
		void aSerialLockExcludesTheSameKindUntilTheTransactionEnds() throws SQLException {
			String url = Postgres.newDatabase();
			try (Connection holder = DriverManager.getConnection(url);
					Connection other = DriverManager.getConnection(url)) {
				holder.setAutoCommit(false);
				this.dialect.serialize(client(holder), Serial.MESSAGES);
				assertThat(tryLock(other, PostgresqlDialect.SERIAL_LOCKS, Serial.MESSAGES.key())).isFalse();
				assertThat(tryLock(other, PostgresqlDialect.SERIAL_LOCKS, Serial.AUDIT.key())).isTrue();
				holder.commit();
				assertThat(tryLock(other, PostgresqlDialect.SERIAL_LOCKS, Serial.MESSAGES.key())).isTrue();
			}
		}

		@Test
		void aRolledBackTransactionReleasesItsLock() throws SQLException {
			String url = Postgres.newDatabase();
			try (Connection holder = DriverManager.getConnection(url);
					Connection other = DriverManager.getConnection(url)) {
				holder.setAutoCommit(false);
				this.dialect.serialize(client(holder), Serial.AUDIT);
				assertThat(tryLock(other, PostgresqlDialect.SERIAL_LOCKS, Serial.AUDIT.key())).isFalse();
				holder.rollback();
				assertThat(tryLock(other, PostgresqlDialect.SERIAL_LOCKS, Serial.AUDIT.key())).isTrue();
			}
		}

		@Test
		void aMemoryLockExcludesOnlyTheSameAgent() throws SQLException {
			String url = Postgres.newDatabase();
			try (Connection holder = DriverManager.getConnection(url);
					Connection other = DriverManager.getConnection(url)) {
				holder.setAutoCommit(false);
				this.dialect.serializeAgentMemory(client(holder), "agent-1");
				assertThat(tryAgentLock(other, "agent-1")).isFalse();
				assertThat(tryAgentLock(other, "agent-2")).isTrue();
				holder.commit();
				assertThat(tryAgentLock(other, "agent-1")).isTrue();
			}
		}

		@Test
		void jsonFragmentsReadTextAndArrays() throws SQLException {
			try (Connection connection = DriverManager.getConnection(Postgres.newDatabase())) {
				assertJsonFragments(this.dialect, client(connection));
			}
		}

		private boolean tryLock(Connection connection, int app, int key) {
			// a one-statement transaction: the lock, if granted, ends with it
			return client(connection).sql("SELECT pg_try_advisory_xact_lock(:app, :key)")
				.param("app", app)
				.param("key", key)
				.query(Boolean.class)
				.single();
		}

		private boolean tryAgentLock(Connection connection, String agentId) {
			return client(connection).sql("SELECT pg_try_advisory_xact_lock(:app, hashtext(:agent))")
				.param("app", PostgresqlDialect.MEMORY_LOCKS)
				.param("agent", agentId)
				.query(Boolean.class)
				.single();
		}

	}

	@Nested
	class OnSqlite {

		private final SqlDialect dialect = new SqliteDialect();

		@Test
		void jsonFragmentsReadTextAndArrays() throws SQLException {
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
				assertJsonFragments(this.dialect, client(connection));
			}
		}

		@Test
		void serializingRunsNoStatement() throws SQLException {
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
				connection.close();
				// a closed connection would fail any statement
				this.dialect.serialize(client(connection), Serial.MESSAGES);
				this.dialect.serializeAgentMemory(client(connection), "agent-1");
			}
			assertThat(this.dialect.rowsPerInsert()).isEqualTo(1);
		}

	}

	private static void assertJsonFragments(SqlDialect dialect, JdbcClient jdbc) {
		String field = jdbc
			.sql("SELECT " + dialect.jsonTextField("d.details", "last_deleted_hash") + " FROM (SELECT "
					+ "'{\"count\":2,\"last_deleted_hash\":\"ab\\u00e9\"}' AS details) d")
			.query(String.class)
			.single();
		assertThat(field).isEqualTo("abé");
		List<String> values = jdbc.sql("SELECT j.value FROM " + dialect.textArrayTable("ids", "j"))
			.param("ids", "[\"s1\",\"a \\\"quoted\\\" id\",\"s3\"]")
			.query(String.class)
			.list();
		assertThat(values).containsExactly("s1", "a \"quoted\" id", "s3");
	}

	private static JdbcClient client(Connection connection) {
		return JdbcClient.create(new SingleConnectionDataSource(connection, true));
	}

}
