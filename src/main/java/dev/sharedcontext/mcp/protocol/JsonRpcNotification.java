package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;

/**
 * A JSON-RPC notification: no id, never answered. The server sends them on a session's
 * GET stream ({@code notifications/resources/updated}); a client's are accepted and
 * dropped.
 *
 * @param jsonrpc always {@code "2.0"}
 * @param method the notification
 * @param params its params, left out when {@code null}
 */
@McpJson
public record JsonRpcNotification(String jsonrpc, String method, Object params) implements JsonRpcMessage {

	public static JsonRpcNotification of(String method, Object params) {
		return new JsonRpcNotification(JsonRpc.VERSION, method, params);
	}

	/** The params as received, for a notification read from a client. */
	public JsonNode paramsNode() {
		return (this.params instanceof JsonNode node) ? node : null;
	}

}
