package dev.sharedcontext.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.visibility.VisibilityPolicy;

/**
 * The {@code sessions} table. What a session row says about activity is only its own
 * changes ({@code updated_at}: creation, metadata); the activity a caller is shown adds
 * the newest message that caller may read, computed per caller with
 * {@link VisibilityPolicy}, so a message someone cannot see never moves a session's
 * {@code updated_at} or its place in {@code list_sessions} for them.
 */
@Repository
class SessionRepository {

	/**
	 * The latest of the session's own change and its newest message the viewer may read,
	 * over the session alias {@code s}. Walks {@code idx_messages_session_id} back from
	 * the newest message to the first visible one.
	 */
	private static final String LAST_ACTIVITY = """
			max(s.updated_at, coalesce((SELECT m.created_at FROM messages m
			                             WHERE m.session_id = s.id AND %s
			                             ORDER BY m.id DESC LIMIT 1), s.updated_at))"""
		.formatted(VisibilityPolicy.sqlPredicate("m"));

	/**
	 * The number of the session's messages the viewer may read; {@code %s} is the alias
	 * of the session row.
	 */
	private static final String VISIBLE_COUNT = "(SELECT count(*) FROM messages m WHERE m.session_id = %s.id AND "
			+ VisibilityPolicy.sqlPredicate("m").replace("%", "%%") + ")";

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	SessionRepository(JdbcClient jdbc, @ReadOnly JdbcClient reads) {
		this.jdbc = jdbc;
		this.reads = reads;
	}

	void insert(String id, String purpose, String createdBy, String metadata, Instant now) {
		this.jdbc.sql("""
				INSERT INTO sessions (id, purpose, created_by, metadata, is_active, created_at, updated_at)
				VALUES (:id, :purpose, :createdBy, :metadata, 1, :now, :now)
				""")
			.param("id", id)
			.param("purpose", purpose)
			.param("createdBy", createdBy)
			.param("metadata", metadata)
			.param("now", now.toEpochMilli())
			.update();
	}

	boolean exists(String id) {
		return this.reads.sql("SELECT 1 FROM sessions WHERE id = :id")
			.param("id", id)
			.query(Integer.class)
			.optional()
			.isPresent();
	}

	/**
	 * Finds a session with the number of its messages the viewer may see and its latest
	 * activity the viewer may see.
	 */
	Optional<Session> find(String id, VisibilityPolicy.Viewer viewer) {
		return this.reads.sql("""
				SELECT s.id, s.purpose, s.created_by, s.metadata, s.is_active, s.created_at,
				       %s AS last_activity, %s AS message_count
				  FROM sessions s WHERE s.id = :id
				""".formatted(LAST_ACTIVITY, VISIBLE_COUNT.formatted("s")))
			.params(viewer.sqlParameters())
			.param("id", id)
			.query(SessionRepository::map)
			.optional();
	}

	/**
	 * A page of sessions, the latest activity the viewer may see first. The activity of
	 * every session is computed to order them (one index step back from its newest
	 * message per session, usually); the message count only for the page.
	 */
	List<Session> list(VisibilityPolicy.Viewer viewer, boolean activeOnly, int limit, int offset) {
		return this.reads.sql("""
				SELECT p.*, %s AS message_count
				  FROM (SELECT s.id, s.purpose, s.created_by, s.metadata, s.is_active, s.created_at,
				               %s AS last_activity
				          FROM sessions s
				         WHERE (:activeOnly = 0 OR s.is_active = 1)
				         ORDER BY last_activity DESC, s.id
				         LIMIT :limit OFFSET :offset) p
				 ORDER BY p.last_activity DESC, p.id
				""".formatted(VISIBLE_COUNT.formatted("p"), LAST_ACTIVITY))
			.params(viewer.sqlParameters())
			.param("activeOnly", activeOnly ? 1 : 0)
			.param("limit", limit)
			.param("offset", offset)
			.query(SessionRepository::map)
			.list();
	}

	long count(boolean activeOnly) {
		return this.reads.sql("SELECT count(*) FROM sessions WHERE (:activeOnly = 0 OR is_active = 1)")
			.param("activeOnly", activeOnly ? 1 : 0)
			.query(Long.class)
			.single();
	}

	private static Session map(ResultSet rs, int row) throws SQLException {
		return new Session(rs.getString("id"), rs.getString("purpose"), rs.getString("created_by"),
				rs.getString("metadata"), rs.getInt("is_active") == 1, Instant.ofEpochMilli(rs.getLong("created_at")),
				Instant.ofEpochMilli(rs.getLong("last_activity")), rs.getLong("message_count"));
	}

}
