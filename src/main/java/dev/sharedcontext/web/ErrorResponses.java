package dev.sharedcontext.web;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * The one shape of an error the server writes outside a controller (container rejections,
 * the firewall, {@code /error}, body checks): RFC 9457 {@code application/problem+json}
 * with {@code code} and {@code request_id}, except on {@code /mcp}, whose clients speak
 * JSON-RPC and get a JSON-RPC error object with {@code id: null} (the shape
 * {@code McpEndpoint} answers transport faults with), the same {@code code} and
 * {@code request_id} in its {@code data}.
 */
final class ErrorResponses {

	static final int PARSE_ERROR = -32700;

	static final int INVALID_REQUEST = -32600;

	static final int INTERNAL_ERROR = -32603;

	private ErrorResponses() {
	}

	/**
	 * Whether a path (as requested, possibly with path parameters) is the MCP endpoint.
	 */
	static boolean isMcp(String path) {
		return path != null && path.startsWith("/mcp") && (path.length() == 4 || "/;?".indexOf(path.charAt(4)) >= 0);
	}

	/** The JSON-RPC error code for a transport-level failure with this status. */
	static int rpcCode(HttpStatusCode status) {
		return status.is5xxServerError() ? INTERNAL_ERROR : INVALID_REQUEST;
	}

	/**
	 * An error body for a request to {@code path}.
	 * @param rpcCode the JSON-RPC error code used when {@code path} is {@code /mcp}
	 */
	static Body of(JsonMapper json, String path, HttpStatusCode status, String code, String detail, int rpcCode) {
		if (isMcp(path)) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("code", code);
			if (RequestContext.requestId() != null) {
				data.put("request_id", RequestContext.requestId());
			}
			Map<String, Object> error = new LinkedHashMap<>();
			error.put("code", rpcCode);
			error.put("message", detail);
			error.put("data", data);
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("jsonrpc", "2.0");
			message.put("id", null);
			message.put("error", error);
			return new Body(MediaType.APPLICATION_JSON_VALUE, json.writeValueAsString(message));
		}
		return new Body(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				json.writeValueAsString(Problems.of(status, code, detail)));
	}

	/** A rendered error: its content type and UTF-8 text. */
	record Body(String contentType, String text) {
	}

}
