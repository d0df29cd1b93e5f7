package dev.sharedcontext.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.database.SqlDialect;
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
			  AND (CAST(:afterId AS BIGINT) IS NULL OR m.id > :afterId)
			  AND (CAST(:tier AS TEXT) IS NULL OR m.visibility = :tier)
			  AND """ + VisibilityPolicy.sqlPredicate("m");

	private static final String INSERT_COLUMNS = """
			INSERT INTO messages (session_id, sender, sender_type, content, visibility, message_type, metadata,
			                      parent_message_id, created_at)
			VALUES\s""";

	private static final String INSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	private final DataSource writer;

	private final SqlDialect dialect;

	private final MessageSearchSql search;

	MessageRepository(JdbcClient jdbc, @ReadOnly JdbcClient reads, DataSource writer, SqlDialect dialect,
			DatabaseVendor vendor) {
		this.jdbc = jdbc;
		this.reads = reads;
		this.writer = writer;
		this.dialect = dialect;
		this.search = MessageSearchSql.of(vendor);
	}

	/**
	 * Writes messages in the current transaction, {@link SqlDialect#rowsPerInsert} rows
	 * per INSERT: on SQLite each row at once through one prepared statement (compiled,
	 * with the search triggers it fires, once per transaction); on PostgreSQL up to a
	 * batch of rows per statement, written when the buffer is full or on {@link #flush}.
	 */
	interface Inserter {

		/**
		 * Adds a message (its {@code id} is ignored) and calls {@code written} with the
		 * stored message, id included, once its row is written.
		 */
		void add(Message message, Consumer<Message> written);

		/** Whether rows are waiting for {@link #flush}. */
		boolean hasPending();

		/** Writes every waiting row. */
		void flush();

	}

	/**
	 * Takes the lock that keeps message ids committing in id order (see
	 * {@link SqlDialect#serialize}), then runs {@code work} with an {@link Inserter} on
	 * the current transaction's connection and flushes it. Call it at the start of the
	 * transaction, before anything takes an id.
	 */
	<T> T withInserter(Function<Inserter, T> work) {
		this.dialect.serialize(this.jdbc, SqlDialect.Serial.MESSAGES);
		Connection connection = DataSourceUtils.getConnection(this.writer);
		BufferedInserter inserter = new BufferedInserter(connection, this.dialect.rowsPerInsert());
		try {
			T result = work.apply(inserter);
			inserter.flush();
			return result;
		}
		finally {
			inserter.close();
			DataSourceUtils.releaseConnection(connection, this.writer);
		}
	}

	/**
	 * Buffers up to {@code rowsPerInsert} rows and writes them with one
	 * {@code INSERT … VALUES (…),(…) RETURNING id}. Ids come from the sequence in VALUES
	 * order; the returned ids are sorted before they are matched to the rows, since
	 * RETURNING promises no order. A statement is prepared once per row count and
	 * transaction.
	 */
	private static final class BufferedInserter implements Inserter {

		private final Connection connection;

		private final int rowsPerInsert;

		private final List<Message> rows = new ArrayList<>();

		private final List<Consumer<Message>> callbacks = new ArrayList<>();

		private final Map<Integer, PreparedStatement> statements = new HashMap<>();

		BufferedInserter(Connection connection, int rowsPerInsert) {
			this.connection = connection;
			this.rowsPerInsert = rowsPerInsert;
		}

		@Override
		public void add(Message message, Consumer<Message> written) {
			this.rows.add(message);
			this.callbacks.add(written);
			if (this.rows.size() >= this.rowsPerInsert) {
				flush();
			}
		}

		@Override
		public boolean hasPending() {
			return !this.rows.isEmpty();
		}

		@Override
		public void flush() {
			if (this.rows.isEmpty()) {
				return;
			}
			List<Message> written = List.copyOf(this.rows);
			List<Consumer<Message>> callbacks = List.copyOf(this.callbacks);
			this.rows.clear();
			this.callbacks.clear();
			long[] ids = insert(written);
			for (int i = 0; i < ids.length; i++) {
				Message row = written.get(i);
				callbacks.get(i)
					.accept(new Message(ids[i], row.sessionId(), row.sender(), row.senderType(), row.content(),
							row.visibility(), row.messageType(), row.metadata(), row.timestamp(),
							row.parentMessageId()));
			}
		}

		private long[] insert(List<Message> rows) {
			int count = rows.size();
			String sql = INSERT_COLUMNS + String.join(", ", Collections.nCopies(count, INSERT_ROW)) + " RETURNING id";
			return TransactionStatements.run("insert messages", sql, () -> {
				PreparedStatement insert = statement(count, sql);
				int p = 1;
				for (Message row : rows) {
					insert.setString(p++, row.sessionId());
					insert.setString(p++, row.sender());
					insert.setString(p++, row.senderType());
					insert.setString(p++, row.content());
					insert.setString(p++, row.visibility().value());
					insert.setString(p++, row.messageType());
					insert.setString(p++, row.metadata());
					if (row.parentMessageId() != null) {
						insert.setLong(p++, row.parentMessageId());
					}
					else {
						insert.setNull(p++, Types.BIGINT);
					}
					insert.setLong(p++, row.timestamp().toEpochMilli());
				}
				long[] ids = new long[count];
				int returned = 0;
				try (ResultSet rs = insert.executeQuery()) {
					while (rs.next()) {
						if (returned == count) {
							throw new SQLException("INSERT returned more ids than the " + count + " rows it wrote");
						}
						ids[returned++] = rs.getLong(1);
					}
				}
				if (returned != count) {
					throw new SQLException("INSERT returned " + returned + " ids for " + count + " rows");
				}
				Arrays.sort(ids);
				return ids;
			});
		}

		private PreparedStatement statement(int count, String sql) throws SQLException {
			PreparedStatement statement = this.statements.get(count);
			if (statement == null) {
				statement = this.connection.prepareStatement(sql);
				this.statements.put(count, statement);
			}
			return statement;
		}

		void close() {
			for (PreparedStatement statement : this.statements.values()) {
				try {
					statement.close();
				}
				catch (SQLException ex) {
					// the transaction's outcome decides; a failed close changes nothing
				}
			}
		}

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
	 * The newest {@code window} messages the viewer may read that contain every query
	 * term (word index), newest first, unranked: one statement
	 * ({@link MessageSearchSql#words}), so the database filters by session, tier and
	 * visibility before the window is cut.
	 * @param query the parsed query, bound as a parameter in the engine's form
	 * @param sessionId the session, or {@code null} for every session
	 * @param tier the only tier to return, or {@code null} for all the viewer may read
	 */
	public List<Message> findByWordIndex(IndexQuery query, String sessionId, Visibility tier, Viewer viewer,
			int window) {
		return findByIndex(this.search.words(query), sessionId, tier, viewer, window);
	}

	/**
	 * Highlighted previews (matches wrapped in {@code open} and {@code close}) of
	 * messages that {@link #findByWordIndex} returned for the same query, by id.
	 */
	public Map<Long, String> wordIndexPreviews(IndexQuery query, String open, String close, Collection<Long> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		MessageSearchSql.Lookup lookup = this.search.previews(query, open, close);
		Map<Long, String> previews = new HashMap<>();
		this.reads.sql(lookup.sql())
			.params(lookup.parameters())
			.param("ids", List.copyOf(ids))
			.query((RowCallbackHandler) (rs) -> previews.put(rs.getLong("id"), rs.getString("preview")));
		return previews;
	}

	/**
	 * The newest {@code window} messages the viewer may read that contain a query word of
	 * 3–5 characters or a piece of a longer one: candidates for partial and typo-tolerant
	 * matching; none when no query word is long enough
	 * ({@link MessageSearchSql#candidates}).
	 */
	public List<Message> findByTrigramIndex(IndexQuery query, String sessionId, Visibility tier, Viewer viewer,
			int window) {
		MessageSearchSql.Lookup lookup = this.search.candidates(query);
		return (lookup != null) ? findByIndex(lookup, sessionId, tier, viewer, window) : List.of();
	}

	/**
	 * The newest {@code window} messages the viewer may read that contain a word one edit
	 * away from a query word of 4–5 characters (its variants, looked up in the word
	 * index): candidates for typo-tolerant matching of short words; none when the query
	 * has no such word ({@link MessageSearchSql#variants}).
	 */
	public List<Message> findByWordVariants(IndexQuery query, String sessionId, Visibility tier, Viewer viewer,
			int window) {
		MessageSearchSql.Lookup lookup = this.search.variants(query);
		return (lookup != null) ? findByIndex(lookup, sessionId, tier, viewer, window) : List.of();
	}

	private List<Message> findByIndex(MessageSearchSql.Lookup lookup, String sessionId, Visibility tier, Viewer viewer,
			int window) {
		return this.reads.sql(lookup.sql())
			.params(viewer.sqlParameters())
			.params(lookup.parameters())
			.param("sessionId", sessionId)
			.param("tier", (tier != null) ? tier.value() : null)
			.param("window", window)
			.query((rs, row) -> MessageRows.map(rs))
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
				  FROM %s
				""".formatted(VisibilityPolicy.sqlPredicate("m"), this.dialect.textArrayTable("ids", "j")))
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
				  FROM %s
				""".formatted(VisibilityPolicy.sqlPredicate("m"), this.dialect.textArrayTable("ids", "j")))
			.params(viewer.sqlParameters())
			.param("ids", jsonArray(sessionIds))
			.query((RowCallbackHandler) (rs) -> result.put(rs.getString("session_id"), rs.getLong("message_count")));
		return result;
	}

	/**
	 * Session ids as a JSON array for {@link SqlDialect#textArrayTable}: one bound
	 * parameter however many.
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
