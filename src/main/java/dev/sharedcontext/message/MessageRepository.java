package dev.sharedcontext.message;

import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.database.TransactionStatements;
import dev.sharedcontext.session.SessionMessages;
import dev.sharedcontext.visibility.Visibility;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

/**
 * The only class with SQL on the {@code messages} table: posts and visibility changes,
 * pages and counts, and the reads other features need (search's index lookups, whose
 * per-engine SQL {@link MessageSearchSql} writes; the trigram indexer's feed; session
 * activity; totals for metrics). Every read that returns messages to a caller applies
 * {@link VisibilityPolicy#sqlPredicate} in SQL and maps rows through {@link MessageRows},
 * so the column list, the mapping and the visibility rule live in this package only.
 */
@Repository
public class MessageRepository implements SessionMessages {

	private static final String VISIBLE_IN_SESSION = """
			 FROM messages m
			WHERE m.session_id = :sessionId
			  AND (:afterId IS NULL OR m.id > :afterId)
			  AND (:tier IS NULL OR m.visibility = :tier)
			  AND """ + VisibilityPolicy.sqlPredicate("m");

	private static final String INSERT = """
			INSERT INTO messages (session_id, sender, sender_type, content, visibility, message_type, metadata,
			                      parent_message_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id
			""";

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	private final DataSource writer;

	private final MessageSearchSql search;

	MessageRepository(JdbcClient jdbc, @ReadOnly JdbcClient reads, DataSource writer, DatabaseVendor vendor) {
		this.jdbc = jdbc;
		this.reads = reads;
		this.writer = writer;
		this.search = MessageSearchSql.of(vendor);
	}

	/** Inserts messages through one prepared statement (see {@link #withInserter}). */
	interface Inserter {

		long insert(String sessionId, String sender, String senderType, String content, Visibility visibility,
				String messageType, String metadata, Long parentMessageId, Instant at);

	}

	/**
	 * Runs {@code work} with an {@link Inserter} bound to the current transaction's
	 * connection. The INSERT (with the search triggers it fires) is compiled once for the
	 * whole batch instead of once per message.
	 */
	<T> T withInserter(Function<Inserter, T> work) {
		return TransactionStatements.withStatement(this.writer, INSERT, (insert) -> work
			.apply((sessionId, sender, senderType, content, visibility, messageType, metadata, parentId, at) -> {
				return TransactionStatements.run("insert message", INSERT, () -> {
					insert.setString(1, sessionId);
					insert.setString(2, sender);
					insert.setString(3, senderType);
					insert.setString(4, content);
					insert.setString(5, visibility.value());
					insert.setString(6, messageType);
					insert.setString(7, metadata);
					if (parentId != null) {
						insert.setLong(8, parentId);
					}
					else {
						insert.setNull(8, Types.INTEGER);
					}
					insert.setLong(9, at.toEpochMilli());
					try (ResultSet rs = insert.executeQuery()) {
						rs.next();
						return rs.getLong(1);
					}
				});
			}));
	}

	/** A message by id, read inside the current (writing) transaction. */
	Optional<Message> findForUpdate(long id) {
		return this.jdbc.sql("SELECT " + MessageRows.COLUMNS + " FROM messages m WHERE m.id = :id")
			.param("id", id)
			.query((rs, row) -> MessageRows.map(rs))
			.optional();
	}

	/**
	 * The page of visible messages {@code query} asks for, cut short once the messages
	 * read carry {@code maxBytes} of content and metadata (the first message always
	 * fits), so that no page can hold more than about that much however large its
	 * messages are. Rows past the cut are never read.
	 */
	Slice findVisible(String sessionId, Viewer viewer, MessageQuery query, long maxBytes) {
		return this.reads
			.sql("SELECT " + MessageRows.COLUMNS + VISIBLE_IN_SESSION + " ORDER BY m.id LIMIT :limit OFFSET :offset")
			.params(viewer.sqlParameters())
			.param("sessionId", sessionId)
			.param("afterId", query.afterId())
			.param("tier", (query.visibility() != null) ? query.visibility().value() : null)
			.param("limit", query.limit())
			.param("offset", query.offset())
			.query((ResultSet rs) -> {
				List<Message> page = new ArrayList<>();
				long bytes = 0;
				while (rs.next()) {
					Message message = MessageRows.map(rs);
					bytes += message.content().length()
							+ ((message.metadata() != null) ? message.metadata().length() : 0);
					if (bytes > maxBytes && !page.isEmpty()) {
						return new Slice(page, true);
					}
					page.add(message);
				}
				return new Slice(page, false);
			});
	}

	/**
	 * Messages read by {@link #findVisible}.
	 *
	 * @param messages the messages, by id
	 * @param cutShort whether the byte budget ended the page before its limit
	 */
	record Slice(List<Message> messages, boolean cutShort) {
	}

	/** The largest message id, or 0 when there is none. */
	public long latestId() {
		return this.reads.sql("SELECT coalesce(max(id), 0) FROM messages").query(Long.class).single();
	}

	/**
	 * Who may read each message with {@code afterId < id <= throughId}, in id order: no
	 * content, so nothing here reaches a caller without a
	 * {@link VisibilityPolicy#canRead} check by whoever passes it on.
	 */
	List<CommittedMessage> committedBetween(long afterId, long throughId) {
		return this.reads.sql("""
				SELECT id, session_id, sender, sender_type, visibility FROM messages
				 WHERE id > :afterId AND id <= :throughId ORDER BY id""")
			.param("afterId", afterId)
			.param("throughId", throughId)
			.query((rs, row) -> new CommittedMessage(rs.getLong("id"), rs.getString("session_id"),
					rs.getString("sender"), rs.getString("sender_type"), Visibility.of(rs.getString("visibility"))))
			.list();
	}

	long countVisible(String sessionId, Viewer viewer, MessageQuery query) {
		return this.reads.sql("SELECT count(*)" + VISIBLE_IN_SESSION)
			.params(viewer.sqlParameters())
			.param("sessionId", sessionId)
			.param("afterId", query.afterId())
			.param("tier", (query.visibility() != null) ? query.visibility().value() : null)
			.query(Long.class)
			.single();
	}

	void updateVisibility(long id, Visibility visibility) {
		this.jdbc.sql("UPDATE messages SET visibility = :visibility WHERE id = :id")
			.param("visibility", visibility.value())
			.param("id", id)
			.update();
	}

	/** How many messages there are, all sessions and tiers. */
	public long count() {
		return this.reads.sql("SELECT count(*) FROM messages").query(Long.class).single();
	}

	/**
	 * A message found by a full-text index.
	 *
	 * @param message the message
	 * @param bm25 the index's BM25 value (lower is better)
	 * @param preview highlighted snippet from the word index, {@code null} from the
	 * trigram index
	 */
	public record IndexMatch(Message message, double bm25, String preview) {
	}

	/**
	 * The best matches of the word index that the viewer may read, best first (content
	 * weighs twice metadata), with a preview whose matches are wrapped in {@code open}
	 * and {@code close}. One statement ({@link MessageSearchSql#words}), so the index
	 * ranks and the database filters by session, tier and visibility before the limit
	 * applies.
	 * @param query the parsed query, bound as a parameter in the engine's form
	 * @param sessionId the session, or {@code null} for every session
	 * @param tier the only tier to return, or {@code null} for all the viewer may read
	 */
	public List<IndexMatch> findByWordIndex(IndexQuery query, String open, String close, String sessionId,
			Visibility tier, Viewer viewer, int limit) {
		return findByIndex(this.search.words(query, open, close), sessionId, tier, viewer, limit);
	}

	/**
	 * Messages the viewer may read that contain a piece of a query word, the most telling
	 * first: candidates for typo-tolerant matching (no preview); none when no query word
	 * is long enough ({@link MessageSearchSql#candidates}).
	 * @param query the parsed query, bound as a parameter in the engine's form
	 * @param sessionId the session, or {@code null} for every session
	 * @param tier the only tier to return, or {@code null} for all the viewer may read
	 */
	public List<IndexMatch> findByTrigramIndex(IndexQuery query, String sessionId, Visibility tier, Viewer viewer,
			int limit) {
		MessageSearchSql.Lookup lookup = this.search.candidates(query);
		return (lookup != null) ? findByIndex(lookup, sessionId, tier, viewer, limit) : List.of();
	}

	private List<IndexMatch> findByIndex(MessageSearchSql.Lookup lookup, String sessionId, Visibility tier,
			Viewer viewer, int limit) {
		return this.reads.sql(lookup.sql())
			.params(viewer.sqlParameters())
			.params(lookup.parameters())
			.param("sessionId", sessionId)
			.param("tier", (tier != null) ? tier.value() : null)
			.param("limit", limit)
			.query((rs, row) -> new IndexMatch(MessageRows.map(rs), rs.getDouble("bm25"), rs.getString("preview")))
			.list();
	}

	/** The visible messages of {@code sender} in a session, oldest first. */
	public List<Message> findBySender(String sessionId, String sender, Viewer viewer, int limit) {
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
	 * The visible messages of a session posted from {@code start} to {@code end}, both
	 * inclusive, oldest first.
	 */
	public List<Message> findInRange(String sessionId, Instant start, Instant end, Viewer viewer, int limit) {
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

	/**
	 * What a full-text index stores of a message.
	 *
	 * @param id the message id (the index's rowid)
	 * @param content the content
	 * @param metadata the metadata JSON, or {@code null}
	 */
	public record IndexedText(long id, String content, String metadata) {
	}

	/**
	 * The largest message id, read in the current (writing) transaction, or 0 when there
	 * is none.
	 */
	public long latestIdInTransaction() {
		return this.jdbc.sql("SELECT coalesce(max(id), 0) FROM messages").query(Long.class).single();
	}

	/**
	 * Hands the text of each message with {@code afterId < id <= throughId} to
	 * {@code each}, in id order, as the rows are read (never the whole range in memory),
	 * inside the current (writing) transaction.
	 */
	public void forEachText(long afterId, long throughId, Consumer<IndexedText> each) {
		this.jdbc.sql("SELECT id, content, metadata FROM messages WHERE id > :from AND id <= :to ORDER BY id")
			.param("from", afterId)
			.param("to", throughId)
			.query((RowCallbackHandler) (rs) -> each
				.accept(new IndexedText(rs.getLong("id"), rs.getString("content"), rs.getString("metadata"))));
	}

	/**
	 * Per session, when its newest message the viewer may read was posted. Walks
	 * {@code idx_messages_session_id} back from each session's newest message to the
	 * first visible one.
	 */
	@Override
	public Map<String, Instant> lastVisibleMessageAt(Collection<String> sessionIds, Viewer viewer) {
		Map<String, Instant> result = new HashMap<>();
		this.reads.sql("""
				SELECT j.value AS session_id,
				       (SELECT m.created_at FROM messages m
				         WHERE m.session_id = j.value AND %s
				         ORDER BY m.id DESC LIMIT 1) AS last_message_at
				  FROM json_each(:ids) j
				""".formatted(VisibilityPolicy.sqlPredicate("m")))
			.params(viewer.sqlParameters())
			.param("ids", jsonArray(sessionIds))
			.query((RowCallbackHandler) (rs) -> {
				long at = rs.getLong("last_message_at");
				if (!rs.wasNull()) {
					result.put(rs.getString("session_id"), Instant.ofEpochMilli(at));
				}
			});
		return result;
	}

	/** Per session, how many of its messages the viewer may read. */
	@Override
	public Map<String, Long> visibleCounts(Collection<String> sessionIds, Viewer viewer) {
		Map<String, Long> result = new HashMap<>();
		this.reads.sql("""
				SELECT j.value AS session_id,
				       (SELECT count(*) FROM messages m WHERE m.session_id = j.value AND %s) AS message_count
				  FROM json_each(:ids) j
				""".formatted(VisibilityPolicy.sqlPredicate("m")))
			.params(viewer.sqlParameters())
			.param("ids", jsonArray(sessionIds))
			.query((RowCallbackHandler) (rs) -> result.put(rs.getString("session_id"), rs.getLong("message_count")));
		return result;
	}

	/**
	 * Session ids as a JSON array for {@code json_each}: one bound parameter however
	 * many.
	 */
	private static String jsonArray(Collection<String> ids) {
		StringBuilder json = new StringBuilder("[");
		for (String id : ids) {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append('"');
			for (int i = 0; i < id.length(); i++) {
				char c = id.charAt(i);
				if (c == '"' || c == '\\') {
					json.append('\\');
				}
				if (c < 0x20) {
					json.append(String.format("\\u%04x", (int) c));
				}
				else {
					json.append(c);
				}
			}
			json.append('"');
		}
		return json.append(']').toString();
	}

}
