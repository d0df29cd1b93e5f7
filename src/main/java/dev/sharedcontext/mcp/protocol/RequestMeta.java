package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;

/**
 * The per-request protocol fields of MCP 2026-07-28, read from {@code params._meta}: the
 * revision the request speaks, the client's capabilities (both required) and, optionally,
 * who the client is.
 *
 * @param protocolVersion {@code io.modelcontextprotocol/protocolVersion}
 * @param clientCapabilities {@code io.modelcontextprotocol/clientCapabilities} (an
 * object; {@code {}} means none)
 * @param clientInfo {@code io.modelcontextprotocol/clientInfo}, or {@code null} when not
 * sent or not an object
 */
public record RequestMeta(String protocolVersion, JsonNode clientCapabilities, Implementation clientInfo) {

	public static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";

	public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

	public static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";

	/** The key of the server's identity in a 2026 result's {@code _meta}. */
	public static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";

	/** Whether a message's {@code params._meta} names a protocol version at all. */
	public static boolean isPresent(JsonNode message) {
		JsonNode meta = message.path("params").path("_meta");
		return meta.isObject() && meta.has(PROTOCOL_VERSION);
	}

	/**
	 * Reads the fields of a request's params.
	 * @throws JsonRpc.Fault {@code -32602} when {@code _meta} is missing, not an object,
	 * or lacks a required field ("a request missing any required field is malformed")
	 */
	public static RequestMeta from(JsonNode params) {
		if (params != null && !params.isMissingNode() && !params.isObject()) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params must be an object");
		}
		JsonNode meta = (params != null) ? params.path("_meta") : null;
		if (meta == null || !meta.isObject()) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params._meta is required in MCP 2026-07-28, with "
					+ PROTOCOL_VERSION + " and " + CLIENT_CAPABILITIES);
		}
		JsonNode version = meta.get(PROTOCOL_VERSION);
		if (version == null || !version.isString()) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params._meta." + PROTOCOL_VERSION + " is required");
		}
		JsonNode capabilities = meta.get(CLIENT_CAPABILITIES);
		if (capabilities == null || !capabilities.isObject()) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS,
					"params._meta." + CLIENT_CAPABILITIES + " is required (an object; {} for none)");
		}
		JsonNode info = meta.get(CLIENT_INFO);
		Implementation clientInfo = (info != null && info.isObject())
				? new Implementation(info.path("name").asString(null), info.path("title").asString(null),
						info.path("version").asString(null))
				: null;
		return new RequestMeta(version.asString(), capabilities, clientInfo);
	}

}
