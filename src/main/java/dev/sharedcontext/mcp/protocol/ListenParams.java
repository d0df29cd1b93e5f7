package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;

/**
 * The params of {@code subscriptions/listen} (MCP 2026-07-28) that matter here: the
 * filter. Their {@code _meta} has been checked by the endpoint before.
 *
 * @param notifications what the client asks to hear of
 */
public record ListenParams(SubscriptionFilter notifications) {

	/**
	 * Reads the params. The revision requires {@code notifications}; a request without it
	 * asks for nothing and is read as such, rather than refused.
	 * @param params the request's params, or {@code null}
	 * @throws JsonRpc.Fault {@code -32602} when params or the filter have the wrong shape
	 */
	public static ListenParams from(JsonNode params) {
		if (params != null && !params.isNull() && !params.isObject()) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params must be an object");
		}
		return new ListenParams(SubscriptionFilter.from((params != null) ? params.get("notifications") : null));
	}

}
