package dev.sharedcontext.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.visibility.VisibilityPolicy;

/**
 * The {@code sessions} table. What a session row says about activity is only its own
 * changes ({@code updated_at}: creation, metadata); the activity a caller is shown adds
 * the newest message that caller may read, asked per caller of {@link SessionMessages}
 * (the message package, which owns the {@code messages} table), so a message someone
 * cannot see never moves a session's {@code updated_at} or its place in
 * {@code list_sessions} for them.
 */
@Repository
class SessionRepository {

	private static final String COLUMNS = "s.id, s.purpose, s.created_by, s.metadata, s.is_active, s.created_at, s.updated_at";

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	private final SessionMessages messages;

	SessionRepository(JdbcClient jdbc, @ReadOnly JdbcClient reads, SessionMessages messages) {
		this.jdbc = jdbc;
		this.reads = reads;
		this.messages = messages;
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
		return this.reads.sql("SELECT " + COLUMNS + " FROM sessions s WHERE s.id = :id")
			.param("id", id)
			.query(SessionRepository::map)
			.optional()
			.map((row) -> withActivity(row, this.messages.lastVisibleMessageAt(List.of(id), viewer),
					this.messages.visibleCounts(List.of(id), viewer)));
	}

	/**
	 * A page of sessions, the latest activity the viewer may see first. The activity of
	 * every session is computed to order them (one index step back from its newest
	 * message per session, usually); the message count only for the page.
	 */
	List<Session> list(VisibilityPolicy.Viewer viewer, boolean activeOnly, int limit, int offset) {
		List<Activity> all = this.reads
			.sql("SELECT s.id, s.updated_at FROM sessions s WHERE (:activeOnly = 0 OR s.is_active = 1)")
			.param("activeOnly", activeOnly ? 1 : 0)
			.query((rs, row) -> new Activity(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("updated_at"))))
			.list();
		Map<String, Instant> lastMessages = this.messages.lastVisibleMessageAt(all.stream().map(Activity::id).toList(),
				viewer);
		List<String> page = all.stream()
			.map((session) -> session.latest(lastMessages.get(session.id())))
			.sorted(Activity.LATEST_FIRST)
			.skip(offset)
			.limit(limit)
			.map(Activity::id)
			.toList();
		if (page.isEmpty()) {
			return List.of();
		}
		Map<String, Session> rows = new HashMap<>();
		this.reads.sql("SELECT " + COLUMNS + " FROM sessions s WHERE s.id IN (:ids)")
			.param("ids", page)
			.query(SessionRepository::map)
			.list()
			.forEach((row) -> rows.put(row.id(), row));
		Map<String, Long> counts = this.messages.visibleCounts(page, viewer);
		return page.stream()
			.filter(rows::containsKey)
			.map((id) -> withActivity(rows.get(id), lastMessages, counts))
			.toList();
	}

	long count(boolean activeOnly) {
		return this.reads.sql("SELECT count(*) FROM sessions WHERE (:activeOnly = 0 OR is_active = 1)")
			.param("activeOnly", activeOnly ? 1 : 0)
			.query(Long.class)
			.single();
	}

	/**
	 * A session's own last change, or its newest visible message when that is later.
	 */
	private record Activity(String id, Instant at) {

		static final Comparator<Activity> LATEST_FIRST = Comparator.comparing(Activity::at)
			.reversed()
			.thenComparing(Activity::id);

		Activity latest(Instant lastMessage) {
			return (lastMessage != null && lastMessage.isAfter(this.at)) ? new Activity(this.id, lastMessage) : this;
		}

	}

	private static Session withActivity(Session row, Map<String, Instant> lastMessages, Map<String, Long> counts) {
		Instant lastMessage = lastMessages.get(row.id());
		Instant activity = (lastMessage != null && lastMessage.isAfter(row.updatedAt())) ? lastMessage
				: row.updatedAt();
		return new Session(row.id(), row.purpose(), row.createdBy(), row.metadata(), row.isActive(), row.createdAt(),
				activity, counts.getOrDefault(row.id(), 0L));
	}

	/** The row alone: {@code updated_at} as its activity, no message count yet. */
	private static Session map(ResultSet rs, int row) throws SQLException {
		return new Session(rs.getString("id"), rs.getString("purpose"), rs.getString("created_by"),
				rs.getString("metadata"), rs.getInt("is_active") == 1, Instant.ofEpochMilli(rs.getLong("created_at")),
				Instant.ofEpochMilli(rs.getLong("updated_at")), 0);
	}

}
