package dev.sharedcontext.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.audit.AuditSession;
import dev.sharedcontext.audit.Audited;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;
import dev.sharedcontext.web.InvalidInputException;

/**
 * Sessions: create, look up, list. Every agent with {@code read} may see every session;
 * the message counts it sees are of the messages it may read.
 */
@Service
public class SessionService {

	private final SessionRepository sessions;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	SessionService(SessionRepository sessions, JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.sessions = sessions;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	@Audited(event = "session_created", action = "create_session", resource = "session")
	@Transactional
	public Session create(AgentPrincipal caller, CreateSessionRequest request, AuditDetails audit) {
		caller.require(Permission.WRITE, "create_session");
		String id = SessionIds.generate();
		Instant now = this.clock.instant();
		String metadata = serialize(request.metadata());
		this.sessions.insert(id, request.purpose().strip(), caller.agentId(), metadata, now);
		audit.session(id);
		return new Session(id, request.purpose().strip(), caller.agentId(), metadata, true, now, now, 0);
	}

	public Session get(AgentPrincipal caller, @AuditSession String sessionId) {
		caller.require(Permission.READ, "get_session");
		requireWellFormed(sessionId);
		return this.sessions.find(sessionId, Viewer.of(caller))
			.orElseThrow(() -> new SessionNotFoundException(sessionId));
	}

	/**
	 * Checks that the caller may read sessions and that this one exists, without counting
	 * its messages.
	 * @throws SessionNotFoundException when it does not exist
	 */
	public void requireReadable(AgentPrincipal caller, @AuditSession String sessionId) {
		caller.require(Permission.READ, "get_session");
		requireExists(sessionId);
	}

	/**
	 * @throws SessionNotFoundException when the session does not exist (or the id cannot
	 * be one)
	 */
	public void requireExists(@AuditSession String sessionId) {
		requireWellFormed(sessionId);
		if (!this.sessions.exists(sessionId)) {
			throw new SessionNotFoundException(sessionId);
		}
	}

	public SessionPage list(AgentPrincipal caller, int limit, int offset, boolean activeOnly) {
		caller.require(Permission.READ, "list_sessions");
		List<Session> page = this.sessions.list(Viewer.of(caller), activeOnly, limit, offset);
		long total = this.sessions.count(activeOnly);
		return new SessionPage(page, total, limit, offset, offset + page.size() < total);
	}

	/**
	 * Checks, inside the writing transaction, that a message may be added to the session.
	 * It does not move {@code sessions.updated_at}: a message's activity is shown to a
	 * caller only if the caller may read the message (see {@code SessionRepository}), so
	 * the row keeps the session's own changes alone.
	 * @throws SessionNotFoundException when the session does not exist
	 */
	public void requireWritable(@AuditSession String sessionId) {
		requireWellFormed(sessionId);
		boolean exists = this.jdbc.sql("SELECT 1 FROM sessions WHERE id = :id")
			.param("id", sessionId)
			.query(Integer.class)
			.optional()
			.isPresent();
		if (!exists) {
			throw new SessionNotFoundException(sessionId);
		}
	}

	/**
	 * @throws InvalidInputException when the id cannot be a session id
	 */
	public static void requireWellFormed(String sessionId) {
		if (!SessionIds.isValid(sessionId)) {
			throw new InvalidInputException("INVALID_INPUT", "session_id must look like session_0123456789abcdef",
					List.of(new InvalidInputException.FieldError("session_id", "must match " + SessionIds.PATTERN)));
		}
	}

	private String serialize(Map<String, Object> metadata) {
		return (metadata != null) ? this.json.writeValueAsString(metadata) : null;
	}

}
