package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 constants: the version string and the error codes this server answers
 * with, and the {@link Fault} a method handler throws to answer with one of them.
 */
public final class JsonRpc {

	public static final String VERSION = "2.0";

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

	/**
	 * MCP 2026-07-28: a request's {@code MCP-Protocol-Version}, {@code Mcp-Method} or
	 * {@code Mcp-Name} header is missing, malformed or disagrees with its body.
	 */
	public static final int HEADER_MISMATCH = -32020;

	/**
	 * MCP 2026-07-28: the request lacks a client capability the server needs for it (this
	 * server needs none, so never sends it; defined so the reserved range is known in one
	 * place).
	 */
	public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;

	/**
	 * MCP 2026-07-28 (used in both eras): the requested protocol version is not served;
	 * {@code data} carries {@code supported} and {@code requested}.
	 */
	public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

	private JsonRpc() {
	}

	/**
	 * A protocol fault, answered with a JSON-RPC error object. Thrown by a method handler
	 * (the dispatcher adds the request's id) or while reading a message (then it carries
	 * the id it could read, if any).
	 */
	public static class Fault extends RuntimeException {

		private final transient RequestId id;

		private final int code;

		private final transient JsonNode data;

		public Fault(int code, String message) {
			this(null, code, message);
		}

		public Fault(RequestId id, int code, String message) {
			this(id, code, message, null);
		}

		/**
		 * @param data the error's {@code data} member (e.g. the unknown resource's
		 * {@code uri}); {@code null} for none
		 */
		public Fault(RequestId id, int code, String message, JsonNode data) {
			super(message, null, false, false);
			this.id = id;
			this.code = code;
			this.data = data;
		}

		public int code() {
			return this.code;
		}

		/** The id of the message at fault, when known. */
		public RequestId id() {
			return this.id;
		}

		/** The error's {@code data}, or {@code null}. */
		public JsonNode data() {
			return this.data;
		}

		/**
		 * A resource that does not exist or that the caller may not see, as MCP
		 * 2026-07-28 answers it: invalid params (it "MUST NOT emit" {@code -32002}),
		 * naming the resource in {@code data.uri}.
		 * @param uri the URI asked for (a JSON {@code null} when the request named none)
		 */
		public static Fault unknownResource(String message, JsonNode uri) {
			ObjectNode data = JsonNodeFactory.instance.objectNode();
			data.set("uri", (uri != null) ? uri : JsonNodeFactory.instance.nullNode());
			return new Fault(null, INVALID_PARAMS, message, data);
		}

		/** This fault as the error response to send. */
		public JsonRpcError toError(RequestId requestId) {
			return JsonRpcError.of(requestId, this.code, getMessage(), this.data);
		}

	}

}
