package dev.sharedcontext.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lets an {@link Audited} method add to the event being recorded for it (who acted when
 * there is no principal, the resource id, before/after values). Outside an audited call
 * every method here does nothing.
 */
public final class AuditScope {

	private static final ThreadLocal<AuditScope> CURRENT = new ThreadLocal<>();

	private final AuditScope outer;

	String agentId;

	String sessionId;

	String resourceId;

	final Map<String, Object> details = new LinkedHashMap<>();

	private AuditScope(AuditScope outer) {
		this.outer = outer;
	}

	static AuditScope open() {
		AuditScope scope = new AuditScope(CURRENT.get());
		CURRENT.set(scope);
		return scope;
	}

	void close() {
		if (this.outer == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(this.outer);
		}
	}

	/**
	 * The agent the event is about, when it is not the caller (e.g. the agent a token was
	 * issued to).
	 */
	public static void agent(String agentId) {
		AuditScope scope = CURRENT.get();
		if (scope != null) {
			scope.agentId = agentId;
		}
	}

	public static void session(String sessionId) {
		AuditScope scope = CURRENT.get();
		if (scope != null) {
			scope.sessionId = sessionId;
		}
	}

	/** The id of the thing acted on (message id, token id). */
	public static void resourceId(Object id) {
		AuditScope scope = CURRENT.get();
		if (scope != null) {
			scope.resourceId = String.valueOf(id);
		}
	}

	/** A detail for the event's JSON. Never pass a secret, a token or message content. */
	public static void detail(String key, Object value) {
		AuditScope scope = CURRENT.get();
		if (scope != null) {
			scope.details.put(key, value);
		}
	}

}
