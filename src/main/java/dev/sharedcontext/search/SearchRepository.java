package dev.sharedcontext.search;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.message.Message;
import dev.sharedcontext.message.MessageRows;
import dev.sharedcontext.visibility.Visibility;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

/**
 * Search reads. Every statement joins {@code messages} and applies
 * {@link VisibilityPolicy#sqlPredicate} in SQL, so only messages the viewer may read are
 * ever candidates; MATCH expressions come from {@link FtsQuery} and are bound as
 * parameters.
 */
@Repository
class SearchRepository {

	static final String MARK_OPEN = "«";

	static final String MARK_CLOSE = "»";

	private static final String VISIBLE = """
			AND (:sessionId IS NULL OR m.session_id = :sessionId)
			AND (:tier IS NULL OR m.visibility = :tier)
			AND """ + VisibilityPolicy.sqlPredicate("m");

	private final JdbcClient reads;

	SearchRepository(@ReadOnly JdbcClient reads) {
		this.reads = reads;
	}

	/**
	 * A message found by an index.
	 *
	 * @param message the message
	 * @param bm25 the index's BM25 value (lower is better)
	 * @param preview highlighted snippet from the word index, {@code null} from the
	 * trigram index
	 */
	record Candidate(Message message, double bm25, String preview) {
	}

	/** The best matches of the word index, BM25 first (content weighs twice metadata). */
	List<Candidate> findWords(String match, String sessionId, Visibility tier, Viewer viewer, int limit) {
		return this.reads.sql("SELECT " + MessageRows.COLUMNS + """
				, bm25(messages_fts, 1.0, 0.5) AS bm25,
				  snippet(messages_fts, -1, '%s', '%s', '…', 16) AS preview
				  FROM messages_fts
				  JOIN messages m ON m.id = messages_fts.rowid
				 WHERE messages_fts MATCH :match
				""".formatted(MARK_OPEN, MARK_CLOSE) + VISIBLE + """

				 ORDER BY bm25, m.id DESC
				 LIMIT :limit
				""")
			.params(viewer.sqlParameters())
			.param("match", match)
			.param("sessionId", sessionId)
			.param("tier", (tier != null) ? tier.value() : null)
			.param("limit", limit)
			.query((rs, row) -> new Candidate(MessageRows.map(rs), rs.getDouble("bm25"), rs.getString("preview")))
			.list();
	}

	/**
	 * Messages that contain a piece of a query word, rarest pieces first: candidates for
	 * typo-tolerant matching.
	 */
	List<Candidate> findTrigramCandidates(String match, String sessionId, Visibility tier, Viewer viewer, int limit) {
		return this.reads.sql("SELECT " + MessageRows.COLUMNS + """
				, bm25(messages_trigram, 1.0, 0.5) AS bm25
				  FROM messages_trigram
				  JOIN messages m ON m.id = messages_trigram.rowid
				 WHERE messages_trigram MATCH :match
				""" + VISIBLE + """

				 ORDER BY bm25, m.id DESC
				 LIMIT :limit
				""")
			.params(viewer.sqlParameters())
			.param("match", match)
			.param("sessionId", sessionId)
			.param("tier", (tier != null) ? tier.value() : null)
			.param("limit", limit)
			.query((rs, row) -> new Candidate(MessageRows.map(rs), rs.getDouble("bm25"), null))
			.list();
	}

	List<Message> findBySender(String sessionId, String sender, Viewer viewer, int limit) {
		return this.reads.sql("SELECT " + MessageRows.COLUMNS + """
				 FROM messages m
				WHERE m.session_id = :sessionId
				  AND m.sender = :sender
				  AND """ + VisibilityPolicy.sqlPredicate("m") + """

				 ORDER BY m.id
				 LIMIT :limit
				""")
			.params(viewer.sqlParameters())
			.param("sessionId", sessionId)
			.param("sender", sender)
			.param("limit", limit)
			.query((rs, row) -> MessageRows.map(rs))
			.list();
	}

	/**
	 * Messages posted from {@code start} to {@code end}, both inclusive, oldest first.
	 */
	List<Message> findInRange(String sessionId, Instant start, Instant end, Viewer viewer, int limit) {
		return this.reads.sql("SELECT " + MessageRows.COLUMNS + """
				 FROM messages m
				WHERE m.session_id = :sessionId
				  AND m.created_at BETWEEN :start AND :end
				  AND """ + VisibilityPolicy.sqlPredicate("m") + """

				 ORDER BY m.created_at, m.id
				 LIMIT :limit
				""")
			.params(viewer.sqlParameters())
			.param("sessionId", sessionId)
			.param("start", start.toEpochMilli())
			.param("end", end.toEpochMilli())
			.param("limit", limit)
			.query((rs, row) -> MessageRows.map(rs))
			.list();
	}

}
