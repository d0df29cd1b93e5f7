package dev.sharedcontext.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The params of {@code notifications/subscriptions/acknowledged}, the first message of
 * every {@code subscriptions/listen} stream.
 *
 * @param meta the subscription's id
 * @param notifications what the server agreed to send: the asked-for subset it supports
 */
@McpJson
public record SubscriptionsAcknowledgedParams(@JsonProperty("_meta") ListenMeta meta,
		SubscriptionFilter notifications) {

}
