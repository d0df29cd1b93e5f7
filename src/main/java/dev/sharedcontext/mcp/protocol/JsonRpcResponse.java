package dev.sharedcontext.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A successful answer to a request.
 *
 * @param jsonrpc always {@code "2.0"}
 * @param id the request's id
 * @param result the method's result: one of the MCP result records of this package (a
 * client's response to us, which nothing reads, keeps its JSON as sent)
 */
@McpJson
public record JsonRpcResponse(String jsonrpc, @JsonInclude(JsonInclude.Include.ALWAYS) RequestId id,
		@JsonInclude(JsonInclude.Include.ALWAYS) Object result) implements JsonRpcMessage {

	public static JsonRpcResponse of(RequestId id, Object result) {
		return new JsonRpcResponse(JsonRpc.VERSION, id, result);
	}

}
