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

@Repository
class SessionRepository {

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

	/** Finds a session with the number of its messages the viewer may see. */
	boolean exists(String id) {
		return this.reads.sql("SELECT 1 FROM sessions WHERE id = :id")
			.param("id", id)
			.query(Integer.class)
			.optional()
			.isPresent();
	}

	Optional<Session> find(String id, VisibilityPolicy.Viewer viewer) {
		return this.reads.sql("""
				SELECT s.*, (SELECT count(*) FROM messages m WHERE m.session_id = s.id AND %s) AS message_count
				  FROM sessions s WHERE s.id = :id
				""".formatted(VisibilityPolicy.sqlPredicate("m")))
			.params(viewer.sqlParameters())
			.param("id", id)
			.query(SessionRepository::map)
			.optional();
	}

	List<Session> list(VisibilityPolicy.Viewer viewer, boolean activeOnly, int limit, int offset) {
		return this.reads.sql("""
				SELECT s.*, (SELECT count(*) FROM messages m WHERE m.session_id = s.id AND %s) AS message_count
				  FROM sessions s
				 WHERE (:activeOnly = 0 OR s.is_active = 1)
				 ORDER BY s.updated_at DESC, s.id
				 LIMIT :limit OFFSET :offset
				""".formatted(VisibilityPolicy.sqlPredicate("m")))
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
				Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getLong("message_count"));
	}

}
