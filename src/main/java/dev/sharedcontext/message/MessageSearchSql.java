package dev.sharedcontext.message;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.visibility.VisibilityPolicy;

/**
 * The SQL of search's index lookups, which differs entirely per engine (FTS5 virtual
 * tables on SQLite; a {@code tsvector} column and trigram GIN indexes on PostgreSQL,
 * migration V2 of each folder). Chosen once from the {@link DatabaseVendor};
 * {@link MessageRepository} runs what it returns.
 * <p>
 * Every lookup selects {@link MessageRows#COLUMNS} of a <em>window</em>: the newest
 * {@code :window} matches that pass the session, tier and
 * {@link VisibilityPolicy#sqlPredicate visibility} filters, in id order, which both
 * engines' indexes walk backwards and stop early. Nothing is ranked in SQL: BM25 on FTS5
 * needs every match's statistics, and ranking every match of the whole corpus before the
 * filters was what made a broad query slow on a large database (docs/search.md); the
 * search service ranks the window. Previews are a second statement for the few rows that
 * survive. Parameters besides a lookup's own: {@code :sessionId} and {@code :tier}
 * (either may be null), {@code :window} and the viewer's.
 */
sealed interface MessageSearchSql permits MessageSearchSql.Sqlite, MessageSearchSql.Postgres {

	/**
	 * Session and tier filters (either may be null) and visibility. The null tests CAST
	 * their parameter, so PostgreSQL knows its type when it is null (SQLite does not
	 * mind).
	 */
	String VISIBLE_MATCH = """
			AND (CAST(:sessionId AS TEXT) IS NULL OR m.session_id = :sessionId)
			AND (CAST(:tier AS TEXT) IS NULL OR m.visibility = :tier)
			AND """ + VisibilityPolicy.sqlPredicate("m") + "\n";

	/**
	 * The end of a window lookup on PostgreSQL (FTS5 must be ordered by its own rowid to
	 * walk backwards without a sort).
	 */
	String NEWEST_FIRST = """
			 ORDER BY m.id DESC
			 LIMIT :window
			""";

	static MessageSearchSql of(DatabaseVendor vendor) {
		return switch (vendor) {
			case SQLITE -> new Sqlite();
			case POSTGRESQL -> new Postgres();
		};
	}

	/**
	 * A statement and the parameters it adds.
	 *
	 * @param sql the statement (only constants of this class and bound parameters)
	 * @param parameters its own parameters
	 */
	record Lookup(String sql, Map<String, Object> parameters) {
	}

	/** The window of messages containing every query term (word index). */
	Lookup words(IndexQuery query);

	/**
	 * Candidates for partial and typo-tolerant matching from the substring index, or
	 * {@code null} when the query has no word long enough.
	 */
	Lookup candidates(IndexQuery query);

	/**
	 * Candidates for typos in words of 4–5 characters: messages with one of their
	 * edit-distance-1 variants in the word index, or {@code null} when the query has no
	 * such word.
	 */
	Lookup variants(IndexQuery query);

	/**
	 * Highlighted previews of the messages {@code :ids} (a list), which matched
	 * {@link #words}: columns {@code id} and {@code preview}, matches wrapped in
	 * {@code open} and {@code close}.
	 */
	Lookup previews(IndexQuery query, String open, String close);

	/**
	 * FTS5: the indexes are virtual tables joined to {@code messages} by rowid, previews
	 * by {@code snippet()}.
	 */
	final class Sqlite implements MessageSearchSql {

		@Override
		public Lookup words(IndexQuery query) {
			return window("messages_fts", query.wordMatch());
		}

		@Override
		public Lookup candidates(IndexQuery query) {
			String match = query.pieceMatch();
			return (match != null) ? window("messages_trigram", match) : null;
		}

		@Override
		public Lookup variants(IndexQuery query) {
			String match = query.variantMatch();
			return (match != null) ? window("messages_fts", match) : null;
		}

		@Override
		public Lookup previews(IndexQuery query, String open, String close) {
			return new Lookup("""
					SELECT rowid AS id, snippet(messages_fts, -1, :open, :close, '…', 16) AS preview
					  FROM messages_fts
					 WHERE messages_fts MATCH :match
					   AND rowid IN (:ids)
					""", Map.of("match", query.wordMatch(), "open", open, "close", close));
		}

		/**
		 * Ordered by the FTS5 table's rowid, not {@code m.id}: only then does FTS5 walk
		 * its doclists backwards and stop at the window instead of sorting every match.
		 * @param index the FTS5 table (a constant of this class, never caller input)
		 */
		private static Lookup window(String index, String match) {
			return new Lookup("SELECT " + MessageRows.COLUMNS + """

					  FROM %1$s
					  JOIN messages m ON m.id = %1$s.rowid
					 WHERE %1$s MATCH :match
					""".formatted(index) + VISIBLE_MATCH + """
					 ORDER BY %1$s.rowid DESC
					 LIMIT :window
					""".formatted(index), Map.of("match", match));
		}

	}

	/**
	 * PostgreSQL: {@code words @@ to_tsquery('sc_words', …)} over the generated
	 * {@code tsvector} (content weight A, metadata B); {@code ts_headline} only for the
	 * rows that survive, since it re-parses the text. Partial and typo candidates are
	 * messages whose folded text contains a piece of a query word ({@code LIKE}, through
	 * the trigram GIN indexes).
	 */
	final class Postgres implements MessageSearchSql {

		/** The folded text the trigram indexes of V2 cover, with and without metadata. */
		private static final String ALL_TEXT = "sc_fold(m.content || ' ' || coalesce(m.metadata, ''))";

		private static final String CONTENT_TEXT = "sc_fold(m.content)";

		/**
		 * A headline of the column that matched (content when it does, else metadata),
		 * about as long as FTS5's 16-token snippet.
		 */
		private static final String HEADLINE = """
				ts_headline('sc_words', CASE WHEN x.in_content OR x.metadata IS NULL THEN x.content ELSE x.metadata END,
				            x.q, :headline)""";

		@Override
		public Lookup words(IndexQuery query) {
			return tsWindow(query.tsQuery());
		}

		@Override
		public Lookup variants(IndexQuery query) {
			String variants = query.tsVariants();
			return (variants != null) ? tsWindow(variants) : null;
		}

		private static Lookup tsWindow(String match) {
			return new Lookup("SELECT " + MessageRows.COLUMNS + """

					  FROM messages m
					 WHERE m.words @@ to_tsquery('sc_words', :match)
					""" + VISIBLE_MATCH + NEWEST_FIRST, Map.of("match", match));
		}

		@Override
		public Lookup previews(IndexQuery query, String open, String close) {
			String preview = query.hasPhrase() ? phraseSpans(HEADLINE, open, close) : HEADLINE;
			return new Lookup("SELECT x.id, " + preview + """
					 AS preview
					  FROM (SELECT m.id, m.content, m.metadata, q.q AS q, ts_filter(m.words, '{a}') @@ q.q AS in_content
					          FROM messages m CROSS JOIN to_tsquery('sc_words', :match) AS q(q)
					         WHERE m.id IN (:ids)) x
					""", Map.of("match", query.tsQuery(), "headline", headlineOptions(open, close)));
		}

		/**
		 * FTS5 wraps a matched phrase as one span ({@code «quick brown»});
		 * {@code ts_headline} wraps each word. Joins marks separated only by what is not
		 * a letter or digit.
		 */
		private static String phraseSpans(String headline, String open, String close) {
			return "regexp_replace(" + headline + ", '" + close + "([^[:alnum:]" + open + close + "]*)" + open
					+ "', '\\1', 'g')";
		}

		private static String headlineOptions(String open, String close) {
			return "StartSel=\"" + open + "\", StopSel=\"" + close + "\", MaxWords=16, MinWords=8, ShortWord=0";
		}

		@Override
		public Lookup candidates(IndexQuery query) {
			List<String> pieces = query.pieces();
			if (pieces.isEmpty()) {
				return null;
			}
			String text = query.includeMetadata() ? ALL_TEXT : CONTENT_TEXT;
			Map<String, Object> parameters = new HashMap<>();
			StringBuilder any = new StringBuilder();
			for (int i = 0; i < pieces.size(); i++) {
				any.append((i == 0) ? "(" : " OR ")
					.append(text)
					.append(" LIKE '%' || sc_fold(:piece")
					.append(i)
					.append(") || '%'");
				parameters.put("piece" + i, escapeLike(pieces.get(i)));
			}
			return new Lookup("SELECT " + MessageRows.COLUMNS + "\n  FROM messages m\n WHERE " + any + ")\n"
					+ VISIBLE_MATCH + NEWEST_FIRST, parameters);
		}

		/**
		 * Pieces hold only letters and digits; escaped anyway so that no input is ever a
		 * wildcard ({@code \} is LIKE's default escape).
		 */
		static String escapeLike(String piece) {
			return piece.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		}

	}

}
