package dev.sharedcontext.mcp;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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

	private static final CompletableFuture<Optional<JsonNode>> NOTHING = CompletableFuture
		.completedFuture(Optional.empty());

	private final Map<String, McpMethod> methods = new HashMap<>();

	McpDispatcher(LifecycleMethods lifecycle, ToolMethods tools, ResourceMethods resources, PromptMethods prompts) {
		this.methods.put("ping", McpMethod.immediate((params, context) -> JsonNodeFactory.instance.objectNode()));
		this.methods.put("logging/setLevel", McpMethod.immediate(lifecycle::setLogLevel));
		this.methods.put("completion/complete", McpMethod.immediate(resources::complete));
		this.methods.put("tools/list", McpMethod.immediate(tools::list));
		this.methods.put("tools/call", tools::call);
		this.methods.put("resources/list", McpMethod.immediate(resources::list));
		this.methods.put("resources/templates/list", McpMethod.immediate(resources::listTemplates));
		this.methods.put("resources/read", McpMethod.immediate(resources::read));
		this.methods.put("resources/subscribe", McpMethod.immediate(resources::subscribe));
		this.methods.put("resources/unsubscribe", McpMethod.immediate(resources::unsubscribe));
		this.methods.put("prompts/list", McpMethod.immediate(prompts::list));
		this.methods.put("prompts/get", McpMethod.immediate(prompts::get));
	}

	/**
	 * Handles one JSON-RPC message (not {@code initialize}, which the endpoint handles
	 * because it creates the session).
	 * @return the response for a request, complete at once unless the method waits; empty
	 * for a notification or a client's response
	 */
	public CompletableFuture<Optional<JsonNode>> dispatch(JsonNode message, McpContext context) {
		if (!(message instanceof ObjectNode object) || !"2.0".equals(text(object, "jsonrpc"))) {
			return answer(JsonRpc.error(idOf(message), JsonRpc.INVALID_REQUEST, "Not a JSON-RPC 2.0 message"));
		}
		JsonNode id = object.get("id");
		String method = text(object, "method");
		if (method == null) {
			// a response to a server request; this server sends none, so there is nothing
			// to match it with
			return (object.has("result") || object.has("error")) ? NOTHING
					: answer(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Missing method"));
		}
		if (id == null || id.isNull()) {
			if (!CLIENT_NOTIFICATIONS.contains(method)) {
				log.debug("Ignoring unknown notification {}", method);
			}
			return NOTHING;
		}
		if (!id.isString() && !id.isIntegralNumber()) {
			return answer(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "id must be a string or an integer"));
		}
		McpMethod handler = this.methods.get(method);
		if (handler == null) {
			return answer(JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method));
		}
		JsonNode params = object.get("params");
		if (params != null && !params.isObject()) {
			return answer(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "params must be an object"));
		}
		String requestId = RequestContext.requestId();
		CompletableFuture<JsonNode> result;
		try {
			result = handler.handle((params != null) ? params : JsonNodeFactory.instance.objectNode(), context);
		}
		catch (RuntimeException ex) {
			return answer(failure(id, method, ex, requestId));
		}
		return result.handle((value, ex) -> Optional
			.of((ex != null) ? failure(id, method, ex, requestId) : JsonRpc.result(id, value)));
	}

	private static JsonNode failure(JsonNode id, String method, Throwable ex, String requestId) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		if (cause instanceof JsonRpc.Fault fault) {
			return JsonRpc.error(id, fault.code(), fault.getMessage());
		}
		log.error("MCP method {} failed in request {}", method, requestId, cause);
		return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR,
				"Internal error; quote request id " + requestId + " when reporting it");
	}

	private static CompletableFuture<Optional<JsonNode>> answer(JsonNode response) {
		return CompletableFuture.completedFuture(Optional.of(response));
	}

	private static JsonNode idOf(JsonNode message) {
		return (message != null && message.isObject()) ? message.get("id") : null;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
