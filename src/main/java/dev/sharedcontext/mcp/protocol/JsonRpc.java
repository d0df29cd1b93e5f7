package dev.sharedcontext.mcp.protocol;

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

		public Fault(int code, String message) {
			this(null, code, message);
		}

		public Fault(RequestId id, int code, String message) {
			super(message, null, false, false);
			this.id = id;
			this.code = code;
		}

		public int code() {
			return this.code;
		}

		/** The id of the message at fault, when known. */
		public RequestId id() {
			return this.id;
		}

		/** This fault as the error response to send. */
		public JsonRpcError toError(RequestId requestId) {
			return JsonRpcError.of(requestId, this.code, getMessage());
		}

	}

}
