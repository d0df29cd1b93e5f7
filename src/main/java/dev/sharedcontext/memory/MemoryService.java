package dev.sharedcontext.memory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.sharedcontext.audit.AuditSession;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.limits.LimitsProperties;
import dev.sharedcontext.ratelimit.RateLimit;
import dev.sharedcontext.ratelimit.RateLimited;
import dev.sharedcontext.session.SessionNotFoundException;
import dev.sharedcontext.session.SessionService;
import dev.sharedcontext.web.InvalidInputException;

/**
 * Each agent's private key-value memory (SPEC §6), in the global scope or in one
 * session's scope. Every operation is bound to the caller's own agent id: there is no
 * parameter naming another agent, so no caller (admins included) can read, list,
 * overwrite or detect another agent's keys. Expired entries are invisible at once and
 * removed later by {@link #purgeExpired()}.
 */
@Service
public class MemoryService {

	public static final int MAX_LIST_LIMIT = 1000;

	private static final int PURGE_BATCH = 1000;

	private final MemoryRepository memory;

	private final SessionService sessions;

	private final MemoryProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final LimitsProperties limits;

	MemoryService(MemoryRepository memory, SessionService sessions, MemoryProperties properties, JsonMapper json,
			Clock clock, LimitsProperties limits) {
		this.limits = limits;
		this.memory = memory;
		this.sessions = sessions;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Stores a value under the caller's key in the requested scope.
	 * @throws MemoryKeyExistsException when {@code overwrite} is false and a live entry
	 * exists
	 * @throws MemoryLimitExceededException when a new key would pass the per-agent limit
	 * @throws SessionNotFoundException when the session scope does not exist
	 */
	@Transactional
	@RateLimited(RateLimit.MEMORY)
	public MemoryEntry set(AgentPrincipal caller, SetMemoryRequest request) {
		caller.require(Permission.WRITE, "set_memory");
		MemoryKeys.requireValid(request.key());
		String value = serializeValue(request);
		Long expiresIn = request.expiresIn();
		if (expiresIn != null
				&& (expiresIn < SetMemoryRequest.MIN_EXPIRES_IN || expiresIn > SetMemoryRequest.MAX_EXPIRES_IN)) {
			throw new InvalidInputException("INVALID_INPUT", "expires_in must be 1 to 31536000 seconds",
					List.of(new InvalidInputException.FieldError("expires_in", "must be between 1 and 31536000")));
		}
		requireSession(caller, request.sessionId());
		String metadata = (request.metadata() != null) ? this.json.writeValueAsString(request.metadata()) : null;
		Instant now = this.clock.instant();
		Instant expiresAt = (expiresIn != null) ? now.plusSeconds(expiresIn) : null;
		String scope = MemoryScopes.of(request.sessionId());
		int limit = this.properties.maxEntriesPerAgent();
		// count, then upsert: exact only while no other transaction changes this agent's
		// memory in between
		this.memory.serializeAgent(caller.agentId());
		if (this.memory.countLiveExcept(caller.agentId(), scope, request.key(), now) >= limit) {
			throw new MemoryLimitExceededException(limit);
		}
		return this.memory
			.upsert(caller.agentId(), request.sessionId(), request.key(), value, metadata, now, expiresAt,
					request.overwriteOrDefault())
			.orElseThrow(() -> new MemoryKeyExistsException(request.key(), request.sessionId()));
	}

	/**
	 * The caller's live entry under {@code key}; {@code sessionId} {@code null} for the
	 * global scope.
	 * @throws MemoryNotFoundException when the caller has no live entry there
	 */
	@RateLimited(RateLimit.MEMORY)
	public MemoryEntry get(AgentPrincipal caller, String key, @AuditSession String sessionId) {
		caller.require(Permission.READ, "get_memory");
		MemoryKeys.requireValid(key);
		requireSession(caller, sessionId);
		return this.memory.findLive(caller.agentId(), sessionId, key, this.clock.instant())
			.orElseThrow(() -> new MemoryNotFoundException(key, sessionId));
	}

	/**
	 * The caller's live entries in one scope ({@code sessionId} {@code null} for the
	 * global scope), by key.
	 * @param prefix only keys starting with it; {@code null} or empty for all
	 * @param limit 1–1000
	 */
	@RateLimited(RateLimit.MEMORY)
	public MemoryPage list(AgentPrincipal caller, @AuditSession String sessionId, String prefix, int limit) {
		caller.require(Permission.READ, "list_memory");
		MemoryKeys.requireValidPrefix(prefix);
		if (limit < 1 || limit > MAX_LIST_LIMIT) {
			throw new InvalidInputException("INVALID_INPUT", "limit must be 1 to " + MAX_LIST_LIMIT,
					List.of(new InvalidInputException.FieldError("limit", "must be between 1 and " + MAX_LIST_LIMIT)));
		}
		requireSession(caller, sessionId);
		MemoryRepository.Slice found = this.memory.findLive(caller.agentId(), sessionId, prefix, limit,
				this.limits.pageBytes(), this.clock.instant());
		return new MemoryPage(sessionId, List.copyOf(found.entries()), found.entries().size(), limit, found.hasMore());
	}

	/**
	 * Deletes the caller's live entry under {@code key}.
	 * @throws MemoryNotFoundException when the caller has no live entry there
	 */
	@RateLimited(RateLimit.MEMORY)
	public void delete(AgentPrincipal caller, String key, @AuditSession String sessionId) {
		caller.require(Permission.WRITE, "delete_memory");
		MemoryKeys.requireValid(key);
		requireSession(caller, sessionId);
		if (!this.memory.deleteLive(caller.agentId(), sessionId, key, this.clock.instant())) {
			throw new MemoryNotFoundException(key, sessionId);
		}
	}

	/**
	 * Removes expired entries of every agent, in batches. Run by
	 * {@link ExpiredMemoryPurge}; not an agent operation.
	 * @return entries removed
	 */
	public int purgeExpired() {
		Instant now = this.clock.instant();
		int total = 0;
		int deleted;
		do {
			deleted = this.memory.deleteExpired(now, PURGE_BATCH);
			total += deleted;
		}
		while (deleted == PURGE_BATCH);
		return total;
	}

	private String serializeValue(SetMemoryRequest request) {
		if (request.value() == null || request.value().isNull()) {
			throw new InvalidInputException("INVALID_INPUT", "value is required and must not be null",
					List.of(new InvalidInputException.FieldError("value", "must be a JSON value other than null")));
		}
		String value = this.json.writeValueAsString(request.value());
		if (value.getBytes(StandardCharsets.UTF_8).length > this.properties.maxValueBytes()) {
			throw new MemoryValueTooLargeException(this.properties.maxValueBytes());
		}
		return value;
	}

	/** A session scope must name an existing session; the global scope needs nothing. */
	private void requireSession(AgentPrincipal caller, String sessionId) {
		if (sessionId != null) {
			this.sessions.requireReadable(caller, sessionId);
		}
	}

}
