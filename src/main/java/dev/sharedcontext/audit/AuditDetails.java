package dev.sharedcontext.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an {@link Audited} method adds to the event recorded for its call: who acted when
 * there is no principal, the session and the id of the thing acted on when they are
 * learned only during the call, and before/after values. The caller creates one per call
 * and passes it as an argument; the method fills it as it goes, and {@link AuditAspect}
 * (which finds the argument by its type) reads it once the call has returned or thrown,
 * so whatever was learned before a failure is in the failure's row too. Passed
 * explicitly, never through a thread-local, so what an event can contain is visible in
 * the method's signature.
 */
public final class AuditDetails {

	private String agentId;

	private String sessionId;

	private String resourceId;

	private final Map<String, Object> details = new LinkedHashMap<>();

	/**
	 * The agent the event is about, when it is not the caller (e.g. the agent a token was
	 * issued to).
	 */
	public AuditDetails agent(String agentId) {
		this.agentId = agentId;
		return this;
	}

	/** The session the event is about, when no argument names it. */
	public AuditDetails session(String sessionId) {
		this.sessionId = sessionId;
		return this;
	}

	/** The id of the thing acted on (message id, token id). */
	public AuditDetails resourceId(Object id) {
		this.resourceId = String.valueOf(id);
		return this;
	}

	/** A detail for the event's JSON. Never pass a secret, a token or message content. */
	public AuditDetails put(String key, Object value) {
		this.details.put(key, value);
		return this;
	}

	String agentId() {
		return this.agentId;
	}

	String sessionId() {
		return this.sessionId;
	}

	/**
	 * The details in the order they were added, then {@code extra}, then
	 * {@code resource_id}.
	 */
	Map<String, Object> details(Map<String, Object> extra) {
		Map<String, Object> all = new LinkedHashMap<>(this.details);
		all.putAll(extra);
		if (this.resourceId != null) {
			all.put("resource_id", this.resourceId);
		}
		return all;
	}

}
