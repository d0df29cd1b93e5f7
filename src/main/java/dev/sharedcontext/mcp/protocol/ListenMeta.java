package dev.sharedcontext.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code _meta} of every message on a {@code subscriptions/listen} stream (MCP
 * 2026-07-28): the id of the listen request, verbatim, so a client can tell its
 * subscriptions apart; and on the closing result, as on every 2026 result, who answered.
 *
 * @param subscriptionId the JSON-RPC id of the {@code subscriptions/listen} request
 * @param serverInfo this server, on results only; left out when {@code null}
 */
@McpJson
public record ListenMeta(@JsonProperty("io.modelcontextprotocol/subscriptionId") RequestId subscriptionId,
		@JsonProperty("io.modelcontextprotocol/serverInfo") Implementation serverInfo) {

	public static ListenMeta of(RequestId subscriptionId) {
		return new ListenMeta(subscriptionId, null);
	}

}
