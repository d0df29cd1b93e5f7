package dev.sharedcontext.message;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.visibility.VisibilityPolicy;

/**
 * The SQL of search's two index lookups, which differs entirely per engine (FTS5 virtual
 * tables on SQLite; a {@code tsvector} column and trigram GIN indexes on PostgreSQL,
 * migration V2 of each folder). Chosen once from the {@link DatabaseVendor};
 * {@link MessageRepository} runs what it returns. Every statement selects
 * {@link MessageRows#COLUMNS}, a {@code bm25} column (lower is better) and a
 * {@code preview} column, and filters by session, tier and
 * {@link VisibilityPolicy#sqlPredicate visibility} in the same statement, before the
 * limit, so a message the viewer may not read is never a candidate. Its parameters
 * besides its own: {@code :sessionId} and {@code :tier} (either may be null),
 * {@code :limit} and the viewer's.
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

	/**
	 * The best matches of the word index, best first, with a preview whose matches are
	 * wrapped in {@code open} and {@code close}.
	 */
	Lookup words(IndexQuery query, String open, String close);

	/**
	 * Candidates for typo-tolerant matching (no preview), or {@code null} when the query
	 * has no word long enough.
	 */
	Lookup candidates(IndexQuery query);

	/**
	 * FTS5: the indexes are virtual tables joined to {@code messages} by rowid, ranked by
	 * {@code bm25} (content weighs twice metadata), previews by {@code snippet()}.
	 */
	final class Sqlite implements MessageSearchSql {

		@Override
		public Lookup words(IndexQuery query, String open, String close) {
			return lookup("messages_fts", "snippet(messages_fts, -1, :open, :close, '…', 16)", query.wordMatch(),
					Map.of("open", open, "close", close));
		}

		@Override
		public Lookup candidates(IndexQuery query) {
			String match = query.pieceMatch();
			return (match != null) ? lookup("messages_trigram", "NULL", match, Map.of()) : null;
		}

		/**
		 * @param index the FTS5 table (a constant of this class, never caller input)
		 * @param preview the SQL of the preview column (a constant of this class)
		 */
		private static Lookup lookup(String index, String preview, String match,
				Map<String, Object> previewParameters) {
			Map<String, Object> parameters = new HashMap<>(previewParameters);
			parameters.put("match", match);
			return new Lookup("SELECT " + MessageRows.COLUMNS + """
					, bm25(%1$s, 1.0, 0.5) AS bm25, %2$s AS preview
					  FROM %1$s
					  JOIN messages m ON m.id = %1$s.rowid
					 WHERE %1$s MATCH :match
					""".formatted(index, preview) + VISIBLE_MATCH + """
					 ORDER BY bm25, m.id DESC
					 LIMIT :limit
					""", parameters);
		}

	}

	/**
	 * PostgreSQL: {@code words @@ to_tsquery('sc_words', …)} over the generated
	 * {@code tsvector} (content weight A, metadata B), ranked by
	 * {@code -ts_rank_cd('{0,0,0.5,1.0}', …)} so that lower is better and content weighs
	 * twice metadata as with BM25; {@code ts_headline} only for the rows that survive the
	 * limit, since it re-parses the text. Typo-tolerant candidates are messages whose
	 * folded text contains a piece of a query word ({@code LIKE}, through the trigram GIN
	 * indexes), most pieces first.
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
		public Lookup words(IndexQuery query, String open, String close) {
			String preview = query.hasPhrase() ? phraseSpans(HEADLINE, open, close) : HEADLINE;
			return new Lookup("SELECT x.*, " + preview + " AS preview FROM (SELECT " + MessageRows.COLUMNS + """
					, -ts_rank_cd('{0,0,0.5,1.0}', m.words, q.q) AS bm25, q.q AS q,
					       ts_filter(m.words, '{a}') @@ q.q AS in_content
					  FROM messages m CROSS JOIN to_tsquery('sc_words', :match) AS q(q)
					 WHERE m.words @@ q.q
					""" + VISIBLE_MATCH + """
					 ORDER BY bm25, m.id DESC
					 LIMIT :limit) x
					 ORDER BY x.bm25, x.id DESC
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
			StringBuilder count = new StringBuilder();
			for (int i = 0; i < pieces.size(); i++) {
				String like = text + " LIKE '%' || sc_fold(:piece" + i + ") || '%'";
				any.append((i == 0) ? "(" : " OR ").append(like);
				count.append((i == 0) ? "-(" : " + ").append("CASE WHEN ").append(like).append(" THEN 1 ELSE 0 END");
				parameters.put("piece" + i, escapeLike(pieces.get(i)));
			}
			return new Lookup("SELECT " + MessageRows.COLUMNS + ", " + count + ") AS bm25, NULL AS preview"
					+ "\n  FROM messages m\n WHERE " + any + ")\n" + VISIBLE_MATCH + """
							 ORDER BY bm25, m.id DESC
							 LIMIT :limit
							""", parameters);
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
