package dev.sharedcontext.mcp;

import tools.jackson.databind.JsonNode;

/** Handles one JSON-RPC method of the MCP endpoint. */
@FunctionalInterface
public interface McpMethod {

	/**
	 * @param params the request's params (an empty object when absent)
	 * @param context the request's session and caller
	 * @return the JSON-RPC result
	 * @throws JsonRpc.Fault for a protocol fault
	 */
	JsonNode handle(JsonNode params, McpContext context);

}
