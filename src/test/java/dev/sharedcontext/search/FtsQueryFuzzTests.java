package dev.sharedcontext.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import dev.sharedcontext.support.Corpus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link FtsQuery} with arbitrary user text (the committed seeds, mutations of
 * them, and arbitrary strings of any {@code char}) and runs every expression it builds
 * against real SQLite FTS5 indexes with the tokenizers of the migrations (V2, V6): the
 * parser never throws, and SQLite never rejects an expression. jqwik rather than Jazzer:
 * the oracle is SQLite itself, reached through JDBC, and Jazzer's agent would stay
 * installed in the shared test JVM for every later test (see docs/testing.md).
 */
class FtsQueryFuzzTests {

	private static final List<String> SEEDS = Corpus.load(FtsQueryFuzzTests.class, "FtsQueryInputs/seeds.txt");

	private static Connection connection;

	@BeforeContainer
	static void createIndexes() throws SQLException {
		connection = FtsTables.inMemory();
	}

	@AfterContainer
	static void close() throws SQLException {
		connection.close();
	}

	@Example
	void everySeedIsAcceptedBySqlite() throws SQLException {
		assertThat(SEEDS).hasSizeGreaterThan(40);
		for (String seed : SEEDS) {
			check(seed);
		}
	}

	@Property
	void anyTextGivesExpressionsSqliteAccepts(@ForAll("queries") String text) throws SQLException {
		check(text);
	}

	@Provide
	Arbitrary<String> queries() {
		return Corpus.seedsAndMutations(SEEDS, 300);
	}

	private static void check(String text) throws SQLException {
		FtsQuery query = FtsQuery.parse(text);
		assertThat(query.terms()).hasSizeLessThanOrEqualTo(FtsQuery.MAX_TERMS);
		query.words();
		query.prefixWords();
		if (query.isEmpty()) {
			return;
		}
		match("messages_fts", query.matchExpression(true), text);
		match("messages_fts", query.matchExpression(false), text);
		String fuzzy = query.fuzzyExpression(true);
		if (fuzzy != null) {
			match("messages_trigram", fuzzy, text);
			match("messages_trigram", query.fuzzyExpression(false), text);
		}
	}

	private static void match(String table, String expression, String text) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT rowid FROM " + table + " WHERE " + table + " MATCH ? ORDER BY rank")) {
			statement.setString(1, expression);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					assertThat(rows.getLong(1)).isBetween(1L, 3L);
				}
			}
		}
		catch (SQLException ex) {
			throw new AssertionError("SQLite rejected " + expression + " built from " + escape(text), ex);
		}
	}

	static String escape(String text) {
		StringBuilder out = new StringBuilder();
		text.chars().forEach((c) -> out.append((c < 32 || c > 126) ? String.format("\\u%04x", c) : (char) c));
		return out.toString();
	}

}
