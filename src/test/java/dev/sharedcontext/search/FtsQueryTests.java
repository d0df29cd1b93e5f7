package dev.sharedcontext.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FtsQueryTests {

	@Nested
	class MatchExpression {

		@Test
		void matchExpressionWhenPlainWordsThenEachQuotedAndAnded() {
			assertThat(FtsQuery.parse("agent coordination").matchExpression(true))
				.isEqualTo("\"agent\" \"coordination\"");
		}

		@Test
		void matchExpressionWhenQuotedThenPhrase() {
			assertThat(FtsQuery.parse("find \"exact phrase\" here").matchExpression(true))
				.isEqualTo("\"find\" \"exact phrase\" \"here\"");
		}

		@Test
		void matchExpressionWhenTrailingStarThenPrefix() {
			assertThat(FtsQuery.parse("coord*").matchExpression(true)).isEqualTo("\"coord\" *");
		}

		@Test
		void matchExpressionWhenStarOnOneLetterThenPlainWord() {
			assertThat(FtsQuery.parse("x*").matchExpression(true)).isEqualTo("\"x\"");
		}

		@Test
		void matchExpressionWhenStarNotAtWordEndThenPlainWord() {
			assertThat(FtsQuery.parse("a-*").matchExpression(true)).isEqualTo("\"a-\"");
		}

		@Test
		void matchExpressionWhenOperatorsThenSearchedAsWords() {
			assertThat(FtsQuery.parse("\"a\" OR x* NOT b NEAR(c d)").matchExpression(true))
				.isEqualTo("\"a\" \"OR\" \"x\" \"NOT\" \"b\" \"NEAR(c\" \"d)\"");
		}

		@Test
		void matchExpressionWhenMetadataExcludedThenContentColumnOnly() {
			assertThat(FtsQuery.parse("alpha").matchExpression(false)).isEqualTo("{content} : (\"alpha\")");
		}

		@Test
		void matchExpressionWhenColumnFilterTypedThenWord() {
			assertThat(FtsQuery.parse("metadata:secret").matchExpression(false))
				.isEqualTo("{content} : (\"metadata:secret\")");
		}

		@Test
		void parseWhenUnclosedQuoteThenPhraseToTheEnd() {
			assertThat(FtsQuery.parse("say \"hello world").matchExpression(true)).isEqualTo("\"say\" \"hello world\"");
		}

		@ParameterizedTest
		@ValueSource(strings = { "", "   ", "*", "-", "^", ":", "\"\"", "\"", "()", "NEAR(", "* * *", "\u0000" })
		void parseWhenNoLettersOrDigitsThenEmpty(String text) {
			FtsQuery query = FtsQuery.parse(text);
			if (text.equals("NEAR(")) {
				assertThat(query.matchExpression(true)).isEqualTo("\"NEAR(\"");
			}
			else {
				assertThat(query.isEmpty()).isTrue();
			}
		}

		@Test
		void parseWhenTenThousandCharactersThenTermsCapped() {
			FtsQuery query = FtsQuery.parse("ab ".repeat(3_334));
			assertThat(query.terms()).hasSize(FtsQuery.MAX_TERMS);
		}

		@Test
		void parseWhenControlCharactersThenTreatedAsSpace() {
			assertThat(FtsQuery.parse("a\u0000b\nc").matchExpression(true)).isEqualTo("\"a\" \"b\" \"c\"");
		}

	}

	@Nested
	class Words {

		@Test
		void wordsWhenAccentsAndCaseThenFolded() {
			assertThat(FtsQuery.parse("Résumé NAÏVE foo-bar").words()).containsExactly("resume", "naive", "foo", "bar");
		}

		@Test
		void fuzzyExpressionWhenLongWordThenTwoPieces() {
			assertThat(FtsQuery.parse("cordination").fuzzyExpression(true)).isEqualTo("\"cordi\" OR \"nation\"");
		}

		@Test
		void fuzzyExpressionWhenVeryLongWordThenThreePieces() {
			assertThat(FtsQuery.parse("internationalization").fuzzyExpression(true))
				.isEqualTo("\"intern\" OR \"ationa\" OR \"lization\"");
		}

		@Test
		void fuzzyExpressionWhenOnlyShortWordsThenNone() {
			assertThat(FtsQuery.parse("a bc").fuzzyExpression(true)).isNull();
			assertThat(FtsQuery.parse("a bc defgh").fuzzyExpression(true)).isEqualTo("\"defgh\"");
			assertThat(FtsQuery.parse("\"quick brown\"").fuzzyExpression(true)).as("a phrase is exact").isNull();
		}

		@Test
		void variantsOfAShortWordAreEveryOneEditAway() {
			assertThat(FtsQuery.variants("quoka")).contains("quokka", "uoka", "qouka", "quoke", "aquoka")
				.doesNotContain("quoka", "quokkaa");
			assertThat(FtsQuery.parse("ab coordination").variantExpression(true)).isNull();
			assertThat(FtsQuery.parse("kwi").variantExpression(true)).as("a three-letter word: insertions only")
				.contains("\"kiwi\"")
				.doesNotContain("\"kw\"", "\"kwa\"");
			assertThat(FtsQuery.parse("note").variantExpression(false)).startsWith("{content} : (\"ote\" OR ");
		}

		@Test
		void similarityWhenOneTypoThenHigh() {
			assertThat(Similarity.similarity("cordination", "coordination", false)).isGreaterThan(90);
			assertThat(Similarity.similarity("coord", "coordination", true)).isEqualTo(100);
			assertThat(Similarity.similarity("coord", "coordination", false)).as("a prefix is a partial match")
				.isCloseTo(76.7, within(0.1));
			assertThat(Similarity.similarity("okka", "quokka", false)).as("an infix too").isCloseTo(86.7, within(0.1));
			assertThat(Similarity.similarity("qouk", "quok", false)).as("a transposition is one edit").isEqualTo(75);
		}

	}

	/**
	 * The PostgreSQL form: {@code to_tsquery} text written from letter/digit words only.
	 */
	@Nested
	class TsQuery {

		@Test
		void tsQueryWhenWordsPhrasesAndPrefixesThenQuotedLexemesAndOperators() {
			assertThat(FtsQuery.parse("\"quick brown\" coord* Café").tsQuery(true))
				.isEqualTo("('quick':A <-> 'brown':A | 'quick':B <-> 'brown':B) & 'coord':* & 'café'");
		}

		@Test
		void tsQueryWhenMetadataExcludedThenEveryLexemeWeightA() {
			assertThat(FtsQuery.parse("user@example.com x* ab*").tsQuery(false))
				.isEqualTo("'user':A <-> 'example':A <-> 'com':A & 'x':A & 'ab':*A");
		}

		@ParameterizedTest
		@ValueSource(strings = { "\"a\" OR x*", "!(&|)", "':*", "quasar') | ('a", "\\", "%_", "a & !b", "<->", "x:*A",
				"{content} : y", "NEAR( ^ col: {cols}: + - ( )" })
		void tsQueryWhenHostileThenOnlyQuotedWordsAndOwnOperators(String text) {
			String tsQuery = FtsQuery.parse(text).tsQuery(true);
			assertThat(tsQuery.replaceAll("'[\\p{L}\\p{Nd}]+'(:\\*?[AB]?)?", "").replaceAll(" (&|<->|\\|) |[()]", ""))
				.isEmpty();
		}

		@Test
		void piecesForPostgresqlKeepDiacriticsForTheDatabaseToFold() {
			assertThat(FtsQuery.parse("Résumés").foldablePieces()).containsExactly("rés", "umés");
			assertThat(FtsQuery.parse("short").foldablePieces()).containsExactly("short");
			assertThat(FtsQuery.parse("ab").foldablePieces()).isEmpty();
		}

	}

	/**
	 * Every expression it builds is accepted by SQLite's FTS5 parser and matches only
	 * words.
	 */
	@Nested
	class AgainstSqlite {

		private static Connection connection;

		@BeforeAll
		static void createIndex() throws SQLException {
			connection = FtsTables.inMemory();
		}

		@AfterAll
		static void close() throws SQLException {
			connection.close();
		}

		@ParameterizedTest
		@ValueSource(strings = { "\"a\" OR x*", "NEAR(", "NEAR(a b", "a AND", "NOT a", "*", "-", "^a", ":", "content:",
				"{content}:agent", "\"\"\"", "'; DROP TABLE messages; --", "(agent", "agent)", "a + b", "🙂 emoji",
				"日本語", "ǅ ﬁ", "\\\"", "x * y", "coord*", "\"agent coordination\"", "metadata:secret" })
		void hostileTextWhenMatchedThenNoSqliteError(String text) throws SQLException {
			FtsQuery query = FtsQuery.parse(text);
			if (query.isEmpty()) {
				return;
			}
			match("messages_fts", query.matchExpression(true));
			match("messages_fts", query.matchExpression(false));
			String fuzzy = query.fuzzyExpression(true);
			if (fuzzy != null) {
				match("messages_trigram", fuzzy);
				match("messages_trigram", query.fuzzyExpression(false));
			}
		}

		@Test
		void tenThousandCharactersWhenMatchedThenNoSqliteError() throws SQLException {
			String text = "\"NEAR( x* OR ".repeat(800).substring(0, 10_000);
			FtsQuery query = FtsQuery.parse(text);
			match("messages_fts", query.matchExpression(true));
		}

		@Test
		void orTypedByUserWhenMatchedThenNotWidened() throws SQLException {
			// As an operator this would match message 1 (agent) too; as words it needs
			// "a", "or" and a prefix "x".
			assertThat(match("messages_fts", FtsQuery.parse("agent OR x*").matchExpression(true))).isEmpty();
			assertThat(match("messages_fts", FtsQuery.parse("\"a\" OR x*").matchExpression(true))).containsExactly(2L);
		}

		@Test
		void columnFilterWhenMetadataExcludedThenMetadataNotSearched() throws SQLException {
			assertThat(match("messages_fts", FtsQuery.parse("secret").matchExpression(true))).containsExactly(1L);
			assertThat(match("messages_fts", FtsQuery.parse("secret").matchExpression(false))).isEmpty();
		}

		@Test
		void accentsWhenMatchedThenFolded() throws SQLException {
			assertThat(match("messages_fts", FtsQuery.parse("cafe RESUME").matchExpression(true))).containsExactly(3L);
		}

		@Test
		void typoWhenLookedUpInTrigramsThenCandidateFound() throws SQLException {
			assertThat(match("messages_trigram", FtsQuery.parse("cordination").fuzzyExpression(true)))
				.containsExactly(1L);
		}

		private static List<Long> match(String table, String expression) throws SQLException {
			List<Long> ids = new ArrayList<>();
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT rowid FROM " + table + " WHERE " + table + " MATCH ? ORDER BY rowid")) {
				statement.setString(1, expression);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						ids.add(rows.getLong(1));
					}
				}
			}
			return ids;
		}

	}

}
