package dev.sharedcontext.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The result of {@code subscriptions/listen}, sent only when the server ends the
 * subscription itself (at shutdown): it tells the client the stream closed on purpose,
 * where a dropped connection would mean it was lost.
 *
 * @param resultType always {@code complete}
 * @param meta the subscription's id and this server
 */
@McpJson
public record ListenResult(String resultType, @JsonProperty("_meta") ListenMeta meta) {

	public static ListenResult closed(RequestId subscriptionId, Implementation serverInfo) {
		return new ListenResult("complete", new ListenMeta(subscriptionId, serverInfo));
	}

}
