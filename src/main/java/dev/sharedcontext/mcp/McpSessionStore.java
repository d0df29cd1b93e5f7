package dev.sharedcontext.mcp;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.background.JobClaims;
import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.database.RowCache;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.mcp.resource.SubscriptionRegistry;
import dev.sharedcontext.mcp.protocol.McpSession;

/**
 * MCP session state, subscriptions and the GET stream's event log, all in the database so
 * that another replica can serve the next request of a session and a reconnecting client
 * can resume from {@code Last-Event-ID}. Sessions initialized here are counted
 * ({@code scs.mcp.sessions.initialized}); the live ones, of every replica, are counted
 * from the table when metrics are scraped ({@code scs.mcp.sessions.open}).
 */
@Repository
class McpSessionStore implements SubscriptionRegistry {

	/**
	 * A session's last-seen time is written at most this often, to keep reads from
	 * becoming writes.
	 */
	private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(5);

	/** Events older than this are not replayed on reconnection. */
	private static final Duration EVENT_RETENTION = Duration.ofHours(1);

	/** How often idle sessions and old events are purged, on one replica per interval. */
	private static final Duration PURGE_INTERVAL = Duration.ofMinutes(5);

	/** The {@code job_runs} row of the purge. */
	static final String PURGE_JOB = "mcp_session_purge";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	private final Clock clock;

	private final McpProperties properties;

	private final JobClaims claims;

	private final ServerMeters meters;

	/**
	 * Every request of a session reads its row; remembered for a second. A session
	 * deleted or changed here is evicted at once, one deleted by another replica stops
	 * working here within that second.
	 */
	private final RowCache<String, McpSession> rows = new RowCache<>(Duration.ofSeconds(1), 100_000);

	McpSessionStore(JdbcClient jdbc, @ReadOnly JdbcClient reads, Clock clock, McpProperties properties,
			JobClaims claims, ServerMeters meters) {
		this.jdbc = jdbc;
		this.reads = reads;
		this.clock = clock;
		this.properties = properties;
		this.claims = claims;
		this.meters = meters;
		meters.mcpSessionsOpen(this::countLive);
	}

	McpSession create(String protocolVersion, String clientName, String clientVersion) {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		String id = HexFormat.of().formatHex(bytes);
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				INSERT INTO mcp_sessions (id, protocol_version, client_name, client_version, created_at, last_seen_at)
				VALUES (:id, :version, :clientName, :clientVersion, :now, :now)
				""")
			.param("id", id)
			.param("version", protocolVersion)
			.param("clientName", truncate(clientName))
			.param("clientVersion", truncate(clientVersion))
			.param("now", now.toEpochMilli())
			.update();
		this.meters.mcpSessionCreated();
		return new McpSession(id, protocolVersion, "info", now);
	}

	/**
	 * Sessions neither deleted nor idle-expired, by the same rule as {@link #find} (a
	 * session's last-seen time lags by up to {@link #TOUCH_INTERVAL}, which only makes
	 * one look live longer).
	 */
	long countLive() {
		return this.reads.sql("SELECT count(*) FROM mcp_sessions WHERE last_seen_at > :cutoff")
			.param("cutoff", this.clock.instant().minus(this.properties.sessionIdleTimeout()).toEpochMilli())
			.query(Long.class)
			.single();
	}

	/** The live session with that id; an idle-expired one counts as gone. */
	Optional<McpSession> find(String id) {
		Instant now = this.clock.instant();
		Optional<McpSession> session = this.rows.get(id, this::read)
			.filter((s) -> s.lastSeenAt().plus(this.properties.sessionIdleTimeout()).isAfter(now));
		session.filter((s) -> s.lastSeenAt().plus(TOUCH_INTERVAL).isBefore(now)).ifPresent((s) -> {
			this.jdbc.sql("UPDATE mcp_sessions SET last_seen_at = :now WHERE id = :id")
				.param("now", now.toEpochMilli())
				.param("id", s.id())
				.update();
			this.rows.evict(id);
		});
		return session;
	}

	private Optional<McpSession> read(String id) {
		return this.reads.sql("SELECT id, protocol_version, log_level, last_seen_at FROM mcp_sessions WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> new McpSession(rs.getString("id"), rs.getString("protocol_version"),
					rs.getString("log_level"), Instant.ofEpochMilli(rs.getLong("last_seen_at"))))
			.optional();
	}

	void setLogLevel(String id, String level) {
		this.jdbc.sql("UPDATE mcp_sessions SET log_level = :level WHERE id = :id")
			.param("level", level)
			.param("id", id)
			.update();
		this.rows.evict(id);
	}

	boolean delete(String id) {
		boolean deleted = this.jdbc.sql("DELETE FROM mcp_sessions WHERE id = :id").param("id", id).update() == 1;
		this.rows.evict(id);
		return deleted;
	}

	@Override
	public void subscribe(String mcpSessionId, String uri, String sessionId, AgentPrincipal agent) {
		this.jdbc
			.sql("""
					INSERT INTO mcp_subscriptions (mcp_session_id, uri, session_id, token_id, agent_id, agent_type, is_admin,
					                               created_at)
					VALUES (:mcp, :uri, :sessionId, :tokenId, :agentId, :agentType, :admin, :now)
					ON CONFLICT (mcp_session_id, uri) DO UPDATE SET token_id = excluded.token_id,
					    agent_id = excluded.agent_id, agent_type = excluded.agent_type, is_admin = excluded.is_admin
					""")
			.param("mcp", mcpSessionId)
			.param("uri", uri)
			.param("sessionId", sessionId)
			.param("tokenId", agent.tokenId())
			.param("agentId", agent.agentId())
			.param("agentType", agent.agentType())
			.param("admin", agent.isAdmin() ? 1 : 0)
			.param("now", this.clock.instant().toEpochMilli())
			.update();
	}

	@Override
	public void unsubscribe(String mcpSessionId, String uri) {
		this.jdbc.sql("DELETE FROM mcp_subscriptions WHERE mcp_session_id = :mcp AND uri = :uri")
			.param("mcp", mcpSessionId)
			.param("uri", uri)
			.update();
	}

	List<Subscription> subscribersOf(String sessionId) {
		return this.reads.sql("""
				SELECT mcp_session_id, uri, token_id, agent_id, agent_type, is_admin
				  FROM mcp_subscriptions WHERE session_id = :sessionId
				""")
			.param("sessionId", sessionId)
			.query((rs, row) -> new Subscription(rs.getString("mcp_session_id"), rs.getString("uri"),
					rs.getString("token_id"), rs.getString("agent_id"), rs.getString("agent_type"),
					rs.getInt("is_admin") == 1))
			.list();
	}

	long appendEvent(String mcpSessionId, String payload) {
		return this.jdbc.sql("""
				INSERT INTO mcp_events (mcp_session_id, payload, created_at) VALUES (:mcp, :payload, :now)
				RETURNING id
				""")
			.param("mcp", mcpSessionId)
			.param("payload", payload)
			.param("now", this.clock.instant().toEpochMilli())
			.query(Long.class)
			.single();
	}

	/** The id of the newest event stored for the session, 0 when there is none. */
	long latestEventId(String mcpSessionId) {
		return this.reads.sql("SELECT coalesce(max(id), 0) FROM mcp_events WHERE mcp_session_id = :mcp")
			.param("mcp", mcpSessionId)
			.query(Long.class)
			.single();
	}

	List<StoredEvent> eventsAfter(String mcpSessionId, long lastEventId) {
		return this.reads.sql("""
				SELECT id, payload FROM mcp_events WHERE mcp_session_id = :mcp AND id > :last ORDER BY id LIMIT 1000
				""")
			.param("mcp", mcpSessionId)
			.param("last", lastEventId)
			.query((rs, row) -> new StoredEvent(rs.getLong("id"), rs.getString("payload")))
			.list();
	}

	/**
	 * Forgets idle sessions (with their subscriptions and events) and events too old to
	 * replay, on one replica per interval ({@link JobClaims}). The others keep their row
	 * cache: it forgets a deleted session within a second anyway.
	 */
	@Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
	void purge() {
		Instant now = this.clock.instant();
		if (!this.claims.claim(PURGE_JOB, PURGE_INTERVAL, now)) {
			return;
		}
		this.jdbc.sql("DELETE FROM mcp_sessions WHERE last_seen_at < :cutoff")
			.param("cutoff", now.minus(this.properties.sessionIdleTimeout()).toEpochMilli())
			.update();
		this.rows.clear();
		this.jdbc.sql("DELETE FROM mcp_events WHERE created_at < :cutoff")
			.param("cutoff", now.minus(EVENT_RETENTION).toEpochMilli())
			.update();
	}

	private static String truncate(String value) {
		return (value != null && value.length() > 200) ? value.substring(0, 200) : value;
	}

	/** Who watches which resource, as they were when they subscribed. */
	record Subscription(String mcpSessionId, String uri, String tokenId, String agentId, String agentType,
			boolean admin) {
	}

	/** A stored server-to-client message of a GET stream. */
	record StoredEvent(long id, String payload) {
	}

}
