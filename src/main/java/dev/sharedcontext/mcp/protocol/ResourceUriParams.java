package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;

/**
 * The params of {@code resources/read}, {@code resources/subscribe} and
 * {@code resources/unsubscribe}, and of the {@code notifications/resources/updated} the
 * server sends.
 *
 * @param uri the resource
 */
@McpJson
public record ResourceUriParams(String uri) {

	public ResourceUriParams {
		if (uri == null) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params.uri is required");
		}
	}

	/**
	 * @throws JsonRpc.Fault {@code -32602} unless {@code uri} is a string
	 */
	public static ResourceUriParams from(JsonNode params) {
		JsonNode uri = params.get("uri");
		return new ResourceUriParams((uri != null && uri.isString()) ? uri.asString() : null);
	}

}
