package dev.sharedcontext.support;

import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the {@code audit_log} table for tests. Requests sent with an {@code X-Request-Id}
 * of {@link #newRequestId()} can be matched to exactly the rows they caused.
 */
public final class AuditTrail {

	public static final String REQUEST_ID_HEADER = "X-Request-Id";

	private final JdbcClient jdbc;

	public AuditTrail(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public static String newRequestId() {
		return "test-" + UUID.randomUUID();
	}

	/** The rows a request caused, oldest first. */
	public List<Row> forRequest(String requestId) {
		return this.jdbc.sql("""
				SELECT event_type, agent_id, session_id, resource, action, result, remote_address, request_id, details
				  FROM audit_log WHERE request_id = :requestId ORDER BY id
				""").param("requestId", requestId).query((rs, n) -> {
			String details = rs.getString("details");
			return new Row(rs.getString("event_type"), rs.getString("agent_id"), rs.getString("session_id"),
					rs.getString("resource"), rs.getString("action"), rs.getString("result"),
					rs.getString("remote_address"), rs.getString("request_id"),
					(details != null) ? Api.JSON.readTree(details) : Api.JSON.createObjectNode(), details);
		}).list();
	}

	/** Every row's text, for "never contains a secret" checks. */
	public List<String> allRowsAsText() {
		return this.jdbc.sql("""
				SELECT coalesce(event_type, '') || '|' || coalesce(agent_id, '') || '|' || coalesce(session_id, '')
				       || '|' || coalesce(resource, '') || '|' || coalesce(action, '') || '|' || coalesce(result, '')
				       || '|' || coalesce(details, '')
				  FROM audit_log ORDER BY id
				""").query(String.class).list();
	}

	/**
	 * One audit row.
	 *
	 * @param eventType event type
	 * @param agentId agent
	 * @param sessionId session
	 * @param resource resource kind
	 * @param action action
	 * @param result success, failure or denied
	 * @param remoteAddress caller address
	 * @param requestId request id
	 * @param details parsed details (empty object when none)
	 * @param rawDetails details as stored
	 */
	public record Row(String eventType, String agentId, String sessionId, String resource, String action, String result,
			String remoteAddress, String requestId, JsonNode details, String rawDetails) {

		public String detail(String name) {
			JsonNode value = this.details.get(name);
			return (value != null) ? value.asString() : null;
		}

	}

}
