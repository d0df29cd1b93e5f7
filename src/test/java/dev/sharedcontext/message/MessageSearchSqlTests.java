package dev.sharedcontext.message;

import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.support.Postgres;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

import static org.assertj.core.api.Assertions.assertThat;

class MessageSearchSqlTests {

	@Test
	void likeWildcardsInAPieceAreEscaped() {
		assertThat(MessageSearchSql.Postgres.escapeLike("a%b_c\\d")).isEqualTo("a\\%b\\_c\\\\d");
	}

	@Test
	void eachEngineGetsItsOwnSql() {
		assertThat(MessageSearchSql.of(DatabaseVendor.SQLITE)).isInstanceOf(MessageSearchSql.Sqlite.class);
		assertThat(MessageSearchSql.of(DatabaseVendor.POSTGRESQL)).isInstanceOf(MessageSearchSql.Postgres.class);
	}

	/**
	 * The lookups can use the GIN indexes of V2 (the expressions match the indexed ones
	 * exactly). Sequential scans are switched off because on a few thousand rows the
	 * planner rightly prefers them.
	 */
	@Test
	void onPostgresqlTheLookupsUseTheGinIndexes() throws Exception {
		String url = Postgres.newDatabase();
		try (SingleConnectionDataSource database = new SingleConnectionDataSource(url, "postgres", "", true)) {
			Flyway.configure().dataSource(database).locations("classpath:db/migration/postgresql").load().migrate();
			try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
				statement
					.execute("INSERT INTO sessions VALUES ('session_00000000000000aa', 'p', 'alice', NULL, 1, 0, 0)");
				statement.execute(
						"""
								INSERT INTO messages (session_id, sender, sender_type, content, visibility, message_type, created_at)
								SELECT 'session_00000000000000aa', 'alice', 'claude', 'note number ' || i, 'public', 'm', i
								  FROM generate_series(1, 3000) AS i""");
				statement.execute("ANALYZE messages");
				statement.execute("SET enable_seqscan = off");
			}
			MessageSearchSql sql = MessageSearchSql.of(DatabaseVendor.POSTGRESQL);
			JdbcClient jdbc = JdbcClient.create(database);

			assertThat(plan(jdbc, sql.words(query(true)))).contains("idx_messages_words");
			assertThat(plan(jdbc, sql.candidates(query(true)))).contains("idx_messages_trgm ");
			assertThat(plan(jdbc, sql.candidates(query(false)))).contains("idx_messages_trgm_content");
			assertThat(plan(jdbc, sql.variants(query(true)))).contains("idx_messages_words");
		}
	}

	private static String plan(JdbcClient jdbc, MessageSearchSql.Lookup lookup) {
		Map<String, Object> parameters = new HashMap<>(lookup.parameters());
		parameters.putAll(new Viewer("alice", "claude", false).sqlParameters());
		parameters.put("sessionId", null);
		parameters.put("tier", null);
		parameters.put("window", 300);
		return String.join("\n", jdbc.sql("EXPLAIN " + lookup.sql()).params(parameters).query(String.class).list())
				+ " ";
	}

	private static IndexQuery query(boolean includeMetadata) {
		return new FixedQuery(includeMetadata, "\"coordination\"", "\"cordi\" OR \"nation\"", "\"nute\" OR \"note\"",
				"'coordination'", "'nute' | 'nite'", List.of("cordi", "nation"), false);
	}

	/** A query in every engine's form, written out. */
	private record FixedQuery(boolean includeMetadata, String wordMatch, String pieceMatch, String variantMatch,
			String tsQuery, String tsVariants, List<String> pieces, boolean hasPhrase) implements IndexQuery {
	}

}
