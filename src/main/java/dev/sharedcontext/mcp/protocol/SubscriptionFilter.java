package dev.sharedcontext.mcp.protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Which notifications a {@code subscriptions/listen} stream carries (MCP 2026-07-28
 * {@code SubscriptionFilter}): what the client asks for, and in the acknowledgement the
 * part of it the server honours. Every field is optional; a missing one is not asked for.
 *
 * @param toolsListChanged {@code notifications/tools/list_changed}
 * @param promptsListChanged {@code notifications/prompts/list_changed}
 * @param resourcesListChanged {@code notifications/resources/list_changed}
 * @param resourceSubscriptions the resources to send
 * {@code notifications/resources/updated} for, each once, in the order given
 */
@McpJson
public record SubscriptionFilter(Boolean toolsListChanged, Boolean promptsListChanged, Boolean resourcesListChanged,
		List<String> resourceSubscriptions) {

	public SubscriptionFilter {
		resourceSubscriptions = (resourceSubscriptions != null)
				? List.copyOf(new LinkedHashSet<>(resourceSubscriptions)) : null;
	}

	/** Only resource subscriptions: what a server without list-changed events honours. */
	public static SubscriptionFilter resources(List<String> uris) {
		return new SubscriptionFilter(null, null, null, uris);
	}

	/**
	 * Reads a filter; unknown fields are left for a later revision.
	 * @param node the {@code notifications} member, or {@code null} when absent (nothing
	 * asked for)
	 * @throws JsonRpc.Fault {@code -32602} when a field has the wrong type
	 */
	public static SubscriptionFilter from(JsonNode node) {
		if (node == null || node.isNull()) {
			return new SubscriptionFilter(null, null, null, null);
		}
		if (!node.isObject()) {
			throw invalid("params.notifications must be an object");
		}
		return new SubscriptionFilter(flag(node, "toolsListChanged"), flag(node, "promptsListChanged"),
				flag(node, "resourcesListChanged"), uris(node.get("resourceSubscriptions")));
	}

	private static Boolean flag(JsonNode filter, String name) {
		JsonNode value = filter.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isBoolean()) {
			throw invalid("params.notifications." + name + " must be a boolean");
		}
		return value.booleanValue();
	}

	private static List<String> uris(JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isArray()) {
			throw invalid("params.notifications.resourceSubscriptions must be an array of resource URIs");
		}
		List<String> uris = new ArrayList<>();
		for (JsonNode uri : value) {
			if (!uri.isString()) {
				throw invalid("params.notifications.resourceSubscriptions must hold only strings (resource URIs)");
			}
			uris.add(uri.asString());
		}
		return uris;
	}

	private static JsonRpc.Fault invalid(String message) {
		return new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, message);
	}

}
