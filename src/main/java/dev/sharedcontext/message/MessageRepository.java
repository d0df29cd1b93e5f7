package dev.sharedcontext.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
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

	List<Message> findVisible(String sessionId, Viewer viewer, MessageQuery query) {
		return this.reads
			.sql("SELECT " + MessageRows.COLUMNS + VISIBLE_IN_SESSION + " ORDER BY m.id LIMIT :limit OFFSET :offset")
			.params(viewer.sqlParameters())
			.param("sessionId", sessionId)
			.param("afterId", query.afterId())
			.param("tier", (query.visibility() != null) ? query.visibility().value() : null)
			.param("limit", query.limit())
			.param("offset", query.offset())
			.query((rs, row) -> MessageRows.map(rs))
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
