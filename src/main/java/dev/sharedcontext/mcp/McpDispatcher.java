package dev.sharedcontext.mcp;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.mcp.prompt.PromptMethods;
import dev.sharedcontext.mcp.resource.ResourceMethods;
import dev.sharedcontext.mcp.tool.ToolMethods;
import dev.sharedcontext.web.RequestContext;

/**
 * Routes JSON-RPC messages to method handlers through one table. Transport concerns
 * (headers, sessions, SSE) stay in {@link McpEndpoint}; a later protocol revision adds
 * rows here rather than branches.
 */
@Component
public class McpDispatcher {

	private static final Logger log = LoggerFactory.getLogger(McpDispatcher.class);

	/** Notifications a client may send; none needs an answer. */
	private static final Set<String> CLIENT_NOTIFICATIONS = Set.of("notifications/initialized",
			"notifications/cancelled", "notifications/progress", "notifications/roots/list_changed");

	private final Map<String, McpMethod> methods = new HashMap<>();

	McpDispatcher(LifecycleMethods lifecycle, ToolMethods tools, ResourceMethods resources, PromptMethods prompts) {
		this.methods.put("ping", (params, context) -> JsonNodeFactory.instance.objectNode());
		this.methods.put("logging/setLevel", lifecycle::setLogLevel);
		this.methods.put("completion/complete", resources::complete);
		this.methods.put("tools/list", tools::list);
		this.methods.put("tools/call", tools::call);
		this.methods.put("resources/list", resources::list);
		this.methods.put("resources/templates/list", resources::listTemplates);
		this.methods.put("resources/read", resources::read);
		this.methods.put("resources/subscribe", resources::subscribe);
		this.methods.put("resources/unsubscribe", resources::unsubscribe);
		this.methods.put("prompts/list", prompts::list);
		this.methods.put("prompts/get", prompts::get);
	}

	/**
	 * Handles one JSON-RPC message (not {@code initialize}, which the endpoint handles
	 * because it creates the session).
	 * @return the response for a request; empty for a notification or a client's response
	 */
	public Optional<JsonNode> dispatch(JsonNode message, McpContext context) {
		if (!(message instanceof ObjectNode object) || !"2.0".equals(text(object, "jsonrpc"))) {
			return Optional.of(JsonRpc.error(idOf(message), JsonRpc.INVALID_REQUEST, "Not a JSON-RPC 2.0 message"));
		}
		JsonNode id = object.get("id");
		String method = text(object, "method");
		if (method == null) {
			// a response to a server request; this server sends none, so there is nothing
			// to match it with
			return (object.has("result") || object.has("error")) ? Optional.empty()
					: Optional.of(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Missing method"));
		}
		if (id == null || id.isNull()) {
			if (!CLIENT_NOTIFICATIONS.contains(method)) {
				log.debug("Ignoring unknown notification {}", method);
			}
			return Optional.empty();
		}
		if (!id.isString() && !id.isIntegralNumber()) {
			return Optional.of(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "id must be a string or an integer"));
		}
		McpMethod handler = this.methods.get(method);
		if (handler == null) {
			return Optional.of(JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method));
		}
		JsonNode params = object.get("params");
		if (params != null && !params.isObject()) {
			return Optional.of(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "params must be an object"));
		}
		try {
			return Optional.of(JsonRpc.result(id,
					handler.handle((params != null) ? params : JsonNodeFactory.instance.objectNode(), context)));
		}
		catch (JsonRpc.Fault fault) {
			return Optional.of(JsonRpc.error(id, fault.code(), fault.getMessage()));
		}
		catch (RuntimeException ex) {
			log.error("MCP method {} failed in request {}", method, RequestContext.requestId(), ex);
			return Optional.of(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR,
					"Internal error; quote request id " + RequestContext.requestId() + " when reporting it"));
		}
	}

	private static JsonNode idOf(JsonNode message) {
		return (message != null && message.isObject()) ? message.get("id") : null;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
