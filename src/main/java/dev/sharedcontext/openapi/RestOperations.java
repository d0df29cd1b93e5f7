package dev.sharedcontext.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the OpenAPI document says about each REST operation that the controllers cannot
 * say by themselves: its name (the MCP tool's name where it is the same operation), the
 * credentials the security filter chain requires for it, and the error codes it can
 * answer with. Kept in one table so controllers stay plain; an operation missing here
 * fails the document (and the walk test), so a new endpoint cannot ship undescribed.
 */
final class RestOperations {

	/**
	 * The credentials an operation takes, as {@code auth.SecurityConfiguration} requires.
	 */
	enum Credentials {

		/** {@code Authorization: Bearer <token>}. */
		BEARER,
		/** {@code X-API-Key}. */
		API_KEY,
		/** The token being refreshed: as a bearer token, or in the body. */
		BEARER_OR_BODY

	}

	/**
	 * One operation.
	 *
	 * @param id the operation id
	 * @param credentials what it needs
	 * @param errors the codes it can answer with beyond those every operation with these
	 * credentials can, by HTTP status
	 */
	record Operation(String id, Credentials credentials, Map<Integer, List<String>> errors) {
	}

	private static final Map<String, Operation> OPERATIONS = new LinkedHashMap<>();

	static {
		bearer("POST /api/v1/sessions", "create_session", 400, "CONTENT_TOO_LARGE");
		bearer("GET /api/v1/sessions", "list_sessions");
		bearer("GET /api/v1/sessions/{sessionId}", "get_session", 404, "SESSION_NOT_FOUND");
		bearer("POST /api/v1/sessions/{sessionId}/messages", "add_message", 400, "CONTENT_TOO_LARGE", 400,
				"INVALID_PARENT_MESSAGE", 404, "SESSION_NOT_FOUND", 429, "RATE_LIMITED");
		bearer("GET /api/v1/sessions/{sessionId}/messages", "get_messages", 404, "SESSION_NOT_FOUND");
		bearer("GET /api/v1/sessions/{sessionId}/events", "stream_messages", 404, "SESSION_NOT_FOUND", 429,
				"TOO_MANY_STREAMS");
		bearer("PATCH /api/v1/admin/messages/{messageId}", "set_message_visibility", 404, "MESSAGE_NOT_FOUND");
		bearer("GET /api/v1/search", "search_context", 400, "CONTENT_TOO_LARGE", 404, "SESSION_NOT_FOUND", 429,
				"RATE_LIMITED");
		bearer("GET /api/v1/sessions/{session_id}/search", "search_session", 400, "CONTENT_TOO_LARGE", 404,
				"SESSION_NOT_FOUND", 429, "RATE_LIMITED");
		bearer("GET /api/v1/sessions/{sessionId}/messages/by-sender/{sender}", "search_by_sender", 404,
				"SESSION_NOT_FOUND", 429, "RATE_LIMITED");
		bearer("GET /api/v1/sessions/{sessionId}/messages/by-time", "search_by_timerange", 400, "INVALID_TIME_RANGE",
				404, "SESSION_NOT_FOUND", 429, "RATE_LIMITED");
		bearer("GET /api/v1/memory", "list_memory", 429, "RATE_LIMITED");
		bearer("GET /api/v1/memory/{key}", "get_memory", 404, "MEMORY_NOT_FOUND", 429, "RATE_LIMITED");
		bearer("PUT /api/v1/memory/{key}", "set_memory", 400, "CONTENT_TOO_LARGE", 404, "SESSION_NOT_FOUND", 409,
				"MEMORY_KEY_EXISTS", 409, "MEMORY_LIMIT_EXCEEDED", 429, "RATE_LIMITED");
		bearer("DELETE /api/v1/memory/{key}", "delete_memory", 404, "MEMORY_NOT_FOUND", 429, "RATE_LIMITED");
		bearer("GET /api/v1/admin/audit", "get_audit_log");
		bearer("GET /api/v1/auth/me", "get_caller");
		bearer("GET /api/v1/admin/tokens", "list_tokens");
		bearer("POST /api/v1/admin/tokens", "issue_token");
		bearer("DELETE /api/v1/admin/tokens/{tokenId}", "revoke_token", 404, "TOKEN_NOT_FOUND");
		put("POST /api/v1/auth/token", "authenticate_agent", Credentials.API_KEY, 401, "INVALID_API_KEY", 429,
				"RATE_LIMITED");
		put("POST /api/v1/auth/refresh", "refresh_token", Credentials.BEARER_OR_BODY, 401, "INVALID_TOKEN", 401,
				"TOKEN_EXPIRED", 429, "RATE_LIMITED");
	}

	private RestOperations() {
	}

	/**
	 * The operation at a method and path template.
	 * @throws IllegalStateException when the table does not know it
	 */
	static Operation of(String method, String path) {
		Operation operation = OPERATIONS.get(method + " " + path);
		if (operation == null) {
			throw new IllegalStateException("No entry in RestOperations for " + method + " " + path
					+ ": name it, say its credentials and its error codes");
		}
		return operation;
	}

	private static void bearer(String mapping, String id, Object... errors) {
		put(mapping, id, Credentials.BEARER, errors);
	}

	private static void put(String mapping, String id, Credentials credentials, Object... errors) {
		Map<Integer, List<String>> byStatus = new LinkedHashMap<>();
		for (int i = 0; i < errors.length; i += 2) {
			byStatus.merge((Integer) errors[i], List.of((String) errors[i + 1]),
					(a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
		}
		OPERATIONS.put(mapping, new Operation(id, credentials, byStatus));
	}

}
