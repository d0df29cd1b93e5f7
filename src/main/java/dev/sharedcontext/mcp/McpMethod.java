package dev.sharedcontext.mcp;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import tools.jackson.databind.JsonNode;

/**
 * Handles one JSON-RPC method of the MCP endpoint. Most methods answer at once; one that
 * waits ({@code wait_for_messages}) answers with a future that completes later, and no
 * thread is held meanwhile.
 */
@FunctionalInterface
public interface McpMethod {

	/**
	 * @param params the request's params (an empty object when absent)
	 * @param context the request's session and caller
	 * @return the JSON-RPC result, possibly not complete yet
	 * @throws JsonRpc.Fault for a protocol fault (thrown, or the future's failure)
	 */
	CompletableFuture<JsonNode> handle(JsonNode params, McpContext context);

	/** A method that answers at once. */
	static McpMethod immediate(BiFunction<JsonNode, McpContext, JsonNode> method) {
		return (params, context) -> CompletableFuture.completedFuture(method.apply(params, context));
	}

}
