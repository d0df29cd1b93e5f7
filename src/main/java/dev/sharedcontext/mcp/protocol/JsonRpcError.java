package dev.sharedcontext.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * A failed answer to a request, or the answer to a message that was not one.
 *
 * @param jsonrpc always {@code "2.0"}
 * @param id the request's id; {@code null} (and sent as {@code null}) when it could not
 * be read
 * @param error what went wrong
 */
@McpJson
public record JsonRpcError(String jsonrpc, @JsonInclude(JsonInclude.Include.ALWAYS) RequestId id,
		ErrorObject error) implements JsonRpcMessage {

	public static JsonRpcError of(RequestId id, int code, String message) {
		return of(id, code, message, null);
	}

	/** An error with a {@code data} member ({@code null}: none). */
	public static JsonRpcError of(RequestId id, int code, String message, JsonNode data) {
		return new JsonRpcError(JsonRpc.VERSION, id, new ErrorObject(code, message, data));
	}

	/**
	 * @param code one of {@link JsonRpc}'s codes
	 * @param message for a human; never a secret
	 * @param data optional detail, left out when {@code null}
	 */
	@McpJson
	public record ErrorObject(int code, String message, JsonNode data) {
	}

}
