package dev.sharedcontext.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The params of {@code notifications/resources/updated} on a {@code subscriptions/listen}
 * stream: the resource, and the subscription it was asked for on (the 2025 GET stream
 * sends {@link ResourceUriParams}, without {@code _meta}).
 *
 * @param uri the resource that changed
 * @param meta the subscription's id
 */
@McpJson
public record ResourceUpdatedParams(String uri, @JsonProperty("_meta") ListenMeta meta) {

}
