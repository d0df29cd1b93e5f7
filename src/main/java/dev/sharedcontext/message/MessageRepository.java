package dev.sharedcontext.message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	MessageRepository(JdbcClient jdbc, @ReadOnly JdbcClient reads) {
		this.jdbc = jdbc;
		this.reads = reads;
	}

	long insert(String sessionId, String sender, String senderType, String content, Visibility visibility,
			String messageType, String metadata, Long parentMessageId, Instant at) {
		return this.jdbc.sql("""
				INSERT INTO messages (session_id, sender, sender_type, content, visibility, message_type, metadata,
				                      parent_message_id, created_at)
				VALUES (:sessionId, :sender, :senderType, :content, :visibility, :messageType, :metadata,
				        :parentId, :at)
				RETURNING id
				""")
			.param("sessionId", sessionId)
			.param("sender", sender)
			.param("senderType", senderType)
			.param("content", content)
			.param("visibility", visibility.value())
			.param("messageType", messageType)
			.param("metadata", metadata)
			.param("parentId", parentMessageId)
			.param("at", at.toEpochMilli())
			.query(Long.class)
			.single();
	}

	/** A message by id, read inside the current (writing) transaction. */
	Optional<Message> findForUpdate(long id) {
		return this.jdbc.sql("SELECT " + MessageRows.COLUMNS + " FROM messages m WHERE m.id = :id")
			.param("id", id)
			.query((rs, row) -> MessageRows.map(rs))
			.optional();
	}

	List<Message> findVisible(String sessionId, Viewer viewer, MessageQuery query) {
		return this.reads.sql("SELECT " + MessageRows.COLUMNS + VISIBLE_IN_SESSION + " ORDER BY m.id LIMIT :limit OFFSET :offset")
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
