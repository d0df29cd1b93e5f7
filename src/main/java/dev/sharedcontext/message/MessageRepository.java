package dev.sharedcontext.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.visibility.Visibility;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

@Repository
class MessageRepository {

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

	MessageRepository(JdbcClient jdbc, @ReadOnly JdbcClient reads, DataSource writer) {
		this.jdbc = jdbc;
		this.reads = reads;
		this.writer = writer;
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
		Connection connection = DataSourceUtils.getConnection(this.writer);
		try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
			return work
				.apply((sessionId, sender, senderType, content, visibility, messageType, metadata, parentId, at) -> {
					try {
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
					}
					catch (SQLException ex) {
						throw new UncategorizedSQLException("insert message", INSERT, ex);
					}
				});
		}
		catch (SQLException ex) {
			throw new UncategorizedSQLException("prepare message insert", INSERT, ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.writer);
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
	long latestId() {
		return this.reads.sql("SELECT coalesce(max(id), 0) FROM messages").query(Long.class).single();
	}

	/** The sessions that have a message with an id larger than {@code afterId}. */
	List<String> sessionsWithMessagesAfter(long afterId) {
		return this.reads.sql("SELECT DISTINCT session_id FROM messages WHERE id > :afterId")
			.param("afterId", afterId)
			.query(String.class)
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

}
