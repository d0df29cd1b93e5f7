package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;

/**
 * One JSON-RPC 2.0 message, typed: a request, a notification, or a response (a result or
 * an error). {@link #parse} is the one place an incoming JSON value becomes one of them,
 * so every malformed message is refused the same way wherever it arrives.
 */
public sealed interface JsonRpcMessage permits JsonRpcRequest, JsonRpcNotification, JsonRpcResponse, JsonRpcError {

	/**
	 * Reads a message. A client's response (this server sends no requests, so nothing
	 * waits for one) comes back as a {@link JsonRpcResponse} or {@link JsonRpcError}; a
	 * request's {@code params} are kept as sent, and checked by
	 * {@link JsonRpcRequest#paramsObject()} once the method is known, so an unknown
	 * method is reported as such whatever its params.
	 * @throws JsonRpc.Fault {@code -32600} for anything that is not a JSON-RPC 2.0
	 * message, carrying the message's id when it has a valid one
	 */
	static JsonRpcMessage parse(JsonNode node) {
		JsonNode idNode = (node != null && node.isObject()) ? node.get("id") : null;
		RequestId id = RequestId.of(idNode);
		if (node == null || !node.isObject() || !JsonRpc.VERSION.equals(text(node, "jsonrpc"))) {
			throw new JsonRpc.Fault(id, JsonRpc.INVALID_REQUEST, "Not a JSON-RPC 2.0 message");
		}
		String method = text(node, "method");
		if (method == null) {
			if (node.has("result")) {
				return JsonRpcResponse.of(id, node.get("result"));
			}
			if (node.has("error")) {
				JsonNode error = node.get("error");
				return new JsonRpcError(JsonRpc.VERSION, id, new JsonRpcError.ErrorObject(error.path("code").asInt(0),
						error.path("message").asString(null), error.get("data")));
			}
			throw new JsonRpc.Fault(id, JsonRpc.INVALID_REQUEST, "Missing method");
		}
		if (idNode == null || idNode.isNull()) {
			return new JsonRpcNotification(JsonRpc.VERSION, method, node.get("params"));
		}
		if (id == null) {
			throw new JsonRpc.Fault(null, JsonRpc.INVALID_REQUEST, "id must be a string or an integer");
		}
		return new JsonRpcRequest(JsonRpc.VERSION, id, method, node.get("params"));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
