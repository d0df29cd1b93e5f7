package dev.sharedcontext.mcp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 message shapes and error codes, as plain JSON trees. */
public final class JsonRpc {

	public static final int PARSE_ERROR = -32700;

	public static final int INVALID_REQUEST = -32600;

	public static final int METHOD_NOT_FOUND = -32601;

	public static final int INVALID_PARAMS = -32602;

	public static final int INTERNAL_ERROR = -32603;

	/**
	 * Transport-level failures (missing session id and the like), in the
	 * implementation-defined range.
	 */
	public static final int SERVER_ERROR = -32000;

	/**
	 * A resource that does not exist or that the caller may not see (MCP resources spec).
	 */
	public static final int RESOURCE_NOT_FOUND = -32002;

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private JsonRpc() {
	}

	public static ObjectNode result(JsonNode id, JsonNode result) {
		ObjectNode response = NODES.objectNode();
		response.put("jsonrpc", "2.0");
		response.set("id", id);
		response.set("result", result);
		return response;
	}

	public static ObjectNode error(JsonNode id, int code, String message) {
		ObjectNode response = NODES.objectNode();
		response.put("jsonrpc", "2.0");
		response.set("id", (id != null) ? id : NODES.nullNode());
		ObjectNode error = response.putObject("error");
		error.put("code", code);
		error.put("message", message);
		return response;
	}

	public static ObjectNode notification(String method, JsonNode params) {
		ObjectNode notification = NODES.objectNode();
		notification.put("jsonrpc", "2.0");
		notification.put("method", method);
		if (params != null) {
			notification.set("params", params);
		}
		return notification;
	}

	/** A protocol fault, answered with a JSON-RPC error object. */
	public static class Fault extends RuntimeException {

		private final int code;

		public Fault(int code, String message) {
			super(message, null, false, false);
			this.code = code;
		}

		public int code() {
			return this.code;
		}

	}

}
