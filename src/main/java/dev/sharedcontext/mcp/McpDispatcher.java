package dev.sharedcontext.mcp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.mcp.protocol.EmptyResult;
import dev.sharedcontext.mcp.protocol.JsonRpc;
import dev.sharedcontext.mcp.protocol.JsonRpcError;
import dev.sharedcontext.mcp.protocol.JsonRpcMessage;
import dev.sharedcontext.mcp.protocol.JsonRpcNotification;
import dev.sharedcontext.mcp.protocol.JsonRpcRequest;
import dev.sharedcontext.mcp.protocol.JsonRpcResponse;
import dev.sharedcontext.mcp.protocol.McpContext;
import dev.sharedcontext.mcp.protocol.McpMethod;
import dev.sharedcontext.mcp.protocol.McpMethods;
import dev.sharedcontext.web.RequestContext;

/**
 * Routes JSON-RPC messages to method handlers through one table, filled by every
 * {@link McpMethods} bean (lifecycle, tools, resources, prompts). Transport concerns
 * (headers, sessions, SSE) stay in {@link McpEndpoint}; a later protocol revision adds
 * rows here rather than branches.
 */
@Component
public class McpDispatcher {

	private static final Logger log = LoggerFactory.getLogger(McpDispatcher.class);

	/** Notifications a client may send; none needs an answer. */
	private static final Set<String> CLIENT_NOTIFICATIONS = Set.of("notifications/initialized",
			"notifications/cancelled", "notifications/progress", "notifications/roots/list_changed");

	private static final CompletableFuture<Optional<JsonRpcMessage>> NOTHING = CompletableFuture
		.completedFuture(Optional.empty());

	private final Map<String, McpMethod> methods = new HashMap<>();

	McpDispatcher(List<McpMethods> groups) {
		this.methods.put("ping", McpMethod.immediate((context) -> EmptyResult.INSTANCE));
		for (McpMethods group : groups) {
			group.methods().forEach((name, method) -> {
				if (this.methods.putIfAbsent(name, method) != null) {
					throw new IllegalStateException("MCP method " + name + " is registered twice");
				}
			});
		}
	}

	/**
	 * Handles one JSON-RPC message (not {@code initialize}, which the endpoint handles
	 * because it creates the session).
	 * @return the response for a request, complete at once unless the method waits; empty
	 * for a notification or a client's response
	 */
	public CompletableFuture<Optional<JsonRpcMessage>> dispatch(JsonNode message, McpContext context) {
		JsonRpcMessage parsed;
		try {
			parsed = JsonRpcMessage.parse(message);
		}
		catch (JsonRpc.Fault fault) {
			return answer(fault.toError(fault.id()));
		}
		if (parsed instanceof JsonRpcRequest request) {
			return handle(request, context);
		}
		if (parsed instanceof JsonRpcNotification notification
				&& !CLIENT_NOTIFICATIONS.contains(notification.method())) {
			log.debug("Ignoring unknown notification {}", notification.method());
		}
		// a notification, or a response to a server request: this server sends none, so
		// there is nothing to match it with
		return NOTHING;
	}

	private CompletableFuture<Optional<JsonRpcMessage>> handle(JsonRpcRequest request, McpContext context) {
		McpMethod handler = this.methods.get(request.method());
		if (handler == null) {
			return answer(
					JsonRpcError.of(request.id(), JsonRpc.METHOD_NOT_FOUND, "Method not found: " + request.method()));
		}
		String requestId = RequestContext.requestId();
		CompletableFuture<?> result;
		try {
			result = handler.handle(request.paramsObject(), context);
		}
		catch (RuntimeException ex) {
			return answer(failure(request, ex, requestId));
		}
		return result.handle((value, ex) -> Optional
			.of((ex != null) ? failure(request, ex, requestId) : JsonRpcResponse.of(request.id(), value)));
	}

	private static JsonRpcMessage failure(JsonRpcRequest request, Throwable ex, String requestId) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		if (cause instanceof JsonRpc.Fault fault) {
			return fault.toError(request.id());
		}
		log.error("MCP method {} failed in request {}", request.method(), requestId, cause);
		return JsonRpcError.of(request.id(), JsonRpc.INTERNAL_ERROR,
				"Internal error; quote request id " + requestId + " when reporting it");
	}

	private static CompletableFuture<Optional<JsonRpcMessage>> answer(JsonRpcMessage response) {
		return CompletableFuture.completedFuture(Optional.of(response));
	}

}
