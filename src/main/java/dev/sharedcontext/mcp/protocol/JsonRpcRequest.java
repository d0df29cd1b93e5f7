package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON-RPC request: it has an id and is answered.
 *
 * @param jsonrpc always {@code "2.0"}
 * @param id the id the answer carries
 * @param method the MCP method
 * @param params as sent ({@code null} when absent); see {@link #paramsObject()}
 */
@McpJson
public record JsonRpcRequest(String jsonrpc, RequestId id, String method, JsonNode params) implements JsonRpcMessage {

	/**
	 * The params as MCP has them, an object (an empty one when absent).
	 * @throws JsonRpc.Fault {@code -32602} when they are anything else, {@code null}
	 * included
	 */
	public ObjectNode paramsObject() {
		if (this.params == null) {
			return JsonNodeFactory.instance.objectNode();
		}
		if (this.params instanceof ObjectNode object) {
			return object;
		}
		throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params must be an object");
	}

}
