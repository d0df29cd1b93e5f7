package dev.sharedcontext.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

		@ParameterizedTest
		@CsvSource({ "MESSAGES, AUDIT, true", "AUDIT, MESSAGES, false" })
		void aSerialLockExcludesTheSameKindUntilTheTransactionEnds(Serial held, Serial free, boolean commit)
				throws SQLException {
			withHolder((holder, other) -> {
				this.dialect.serialize(client(holder), held);
				assertThat(tryLock(other, PostgresqlDialect.SERIAL_LOCKS, held.key())).isFalse();
				assertThat(tryLock(other, PostgresqlDialect.SERIAL_LOCKS, free.key())).isTrue();
				end(holder, commit);
				assertThat(tryLock(other, PostgresqlDialect.SERIAL_LOCKS, held.key())).isTrue();
			});
		}

		@Test
		void aMemoryLockExcludesOnlyTheSameAgent() throws SQLException {
			withHolder((holder, other) -> {
				this.dialect.serializeAgentMemory(client(holder), "agent-1");
				assertThat(tryAgentLock(other, "agent-1")).isFalse();
				assertThat(tryAgentLock(other, "agent-2")).isTrue();
				end(holder, true);
				assertThat(tryAgentLock(other, "agent-1")).isTrue();
			});
		}

		/** Two connections to a new database; the holder's transaction is open. */
		private void withHolder(Holder body) throws SQLException {
			String url = Postgres.newDatabase();
			try (Connection holder = DriverManager.getConnection(url);
					Connection other = DriverManager.getConnection(url)) {
				holder.setAutoCommit(false);
				body.run(holder, other);
			}
		}

		private static void end(Connection holder, boolean commit) throws SQLException {
			if (commit) {
				holder.commit();
			}
			else {
				holder.rollback();
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

	@FunctionalInterface
	private interface Holder {

		void run(Connection holder, Connection other) throws SQLException;

	}

	private static JdbcClient client(Connection connection) {
		return JdbcClient.create(new SingleConnectionDataSource(connection, true));
	}

}
