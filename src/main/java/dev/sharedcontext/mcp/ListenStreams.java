package dev.sharedcontext.mcp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.mcp.protocol.JsonRpc;
import dev.sharedcontext.mcp.protocol.JsonRpcError;
import dev.sharedcontext.mcp.protocol.RequestId;

/**
 * The {@code subscriptions/listen} streams of MCP 2026-07-28 (the stateless revision's
 * replacement for {@code resources/subscribe} and the GET stream). This is the seam the
 * endpoint calls once every 2026 check has passed and the client accepts
 * {@code text/event-stream}; until the streams are built here it answers that the method
 * is not available (404 / {@code -32601}, as for any method this server does not serve).
 */
@Component
class ListenStreams {

	private final JsonMapper json;

	ListenStreams(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Opens a {@code subscriptions/listen} stream.
	 * @param requestId the listen request's JSON-RPC id, echoed verbatim as the
	 * subscription id
	 * @param params the request's params (may be empty)
	 * @param principal the bearer agent, or {@code null}
	 * @param remoteAddress the caller's address
	 * @return 200 {@code text/event-stream}, or a 4xx JSON-RPC error carrying the request
	 * id
	 */
	ResponseEntity<?> open(JsonNode requestId, ObjectNode params, AgentPrincipal principal, String remoteAddress) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsString(JsonRpcError.of(RequestId.of(requestId), JsonRpc.METHOD_NOT_FOUND,
					"Method not found: subscriptions/listen")));
	}

}
