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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
import dev.sharedcontext.mcp.protocol.RequestMeta;
import dev.sharedcontext.web.RequestContext;

/**
 * Routes JSON-RPC messages to method handlers through one table, filled by every
 * {@link McpMethods} bean (lifecycle, tools, resources, prompts). Transport concerns
 * (headers, sessions, SSE) stay in {@link McpEndpoint}; a later protocol revision adds
 * rows here rather than branches.
 * <p>
 * The table is era-aware: a few methods exist in one era only ({@link #LEGACY_ONLY},
 * {@link #MODERN_ONLY}), and a method outside the request's era is not found. For a
 * stateless (2026-07-28) request every result is completed as that revision requires:
 * {@code resultType: "complete"}, the server's identity in {@code _meta}, and the caching
 * hints of {@link #CACHE_HINTS}; a resource that is not found is {@code -32602} with
 * {@code data.uri} instead of {@code -32002}.
 */
@Component
public class McpDispatcher {

	private static final Logger log = LoggerFactory.getLogger(McpDispatcher.class);

	/** Notifications a client may send; none needs an answer. */
	private static final Set<String> CLIENT_NOTIFICATIONS = Set.of("notifications/initialized",
			"notifications/cancelled", "notifications/progress", "notifications/roots/list_changed");

	private static final CompletableFuture<Optional<JsonRpcMessage>> NOTHING = CompletableFuture
		.completedFuture(Optional.empty());

	/**
	 * Methods that 2026-07-28 removed: {@code ping}, {@code logging/setLevel}, and the
	 * resource subscriptions that {@code subscriptions/listen} replaced.
	 */
	static final Set<String> LEGACY_ONLY = Set.of("ping", "logging/setLevel", "resources/subscribe",
			"resources/unsubscribe");

	/** Methods that exist in 2026-07-28 only. */
	static final Set<String> MODERN_ONLY = Set.of("server/discover");

	/**
	 * How long a client may cache a 2026 result, and for whom, per method; the revision
	 * requires hints on exactly these six. The tool list depends on the caller's token,
	 * and resources are live, visibility-filtered data, so those are private and not
	 * cached at all (a positive TTL would serve a stale read after a post); what does not
	 * depend on the caller or the data is public for five minutes.
	 */
	static final Map<String, CacheHint> CACHE_HINTS = Map.of("server/discover", CacheHint.PUBLIC, "prompts/list",
			CacheHint.PUBLIC, "resources/templates/list", CacheHint.PUBLIC, "tools/list", CacheHint.PRIVATE,
			"resources/list", CacheHint.PRIVATE, "resources/read", CacheHint.PRIVATE);

	private final Map<String, McpMethod> methods = new HashMap<>();

	private final JsonMapper json;

	private final JsonNode serverInfo;

	McpDispatcher(List<McpMethods> groups, JsonMapper json) {
		this.json = json;
		this.serverInfo = json.valueToTree(LifecycleMethods.serverInfo());
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
		if (handler == null || !existsIn(request.method(), context)) {
			return answer(
					JsonRpcError.of(request.id(), JsonRpc.METHOD_NOT_FOUND, "Method not found: " + request.method()));
		}
		String requestId = RequestContext.requestId();
		CompletableFuture<?> result;
		try {
			result = handler.handle(request.paramsObject(), context);
		}
		catch (RuntimeException ex) {
			return answer(failure(request, ex, requestId, context));
		}
		return result.handle((value, ex) -> Optional.of((ex != null) ? failure(request, ex, requestId, context)
				: JsonRpcResponse.of(request.id(), complete(request.method(), value, context))));
	}

	private static boolean existsIn(String method, McpContext context) {
		return !(context.modern() ? LEGACY_ONLY : MODERN_ONLY).contains(method);
	}

	/**
	 * A handler's result as the request's era has it: unchanged for a session, and with
	 * {@code resultType}, the caching hints and the server's identity for a stateless
	 * request.
	 */
	private Object complete(String method, Object result, McpContext context) {
		if (!context.modern()) {
			return result;
		}
		ObjectNode node = (result instanceof ObjectNode object) ? object : this.json.valueToTree(result);
		node.put("resultType", "complete");
		CacheHint hint = CACHE_HINTS.get(method);
		if (hint != null) {
			node.put("ttlMs", hint.ttlMs());
			node.put("cacheScope", hint.scope());
		}
		JsonNode meta = node.get("_meta");
		((meta instanceof ObjectNode object) ? object : node.putObject("_meta")).set(RequestMeta.SERVER_INFO,
				this.serverInfo);
		return node;
	}

	private static JsonRpcMessage failure(JsonRpcRequest request, Throwable ex, String requestId, McpContext context) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		if (cause instanceof JsonRpc.Fault fault) {
			if (context.modern() && fault.data() == null && (fault.code() == JsonRpc.RESOURCE_NOT_FOUND
					|| fault.code() == JsonRpc.INVALID_PARAMS && "resources/read".equals(request.method()))) {
				// 2026-07-28: "MUST NOT emit -32002"; invalid params, naming the resource
				// (also when it cannot be read without a bearer token)
				JsonNode uri = (request.params() != null) ? request.params().get("uri") : null;
				return JsonRpc.Fault.unknownResource(fault.getMessage(), uri).toError(request.id());
			}
			return fault.toError(request.id());
		}
		log.error("MCP method {} failed in request {}", request.method(), requestId, cause);
		return JsonRpcError.of(request.id(), JsonRpc.INTERNAL_ERROR,
				"Internal error; quote request id " + requestId + " when reporting it");
	}

	private static CompletableFuture<Optional<JsonRpcMessage>> answer(JsonRpcMessage response) {
		return CompletableFuture.completedFuture(Optional.of(response));
	}

	/**
	 * A caching hint of a 2026 result.
	 *
	 * @param ttlMs how long the result may be reused, in milliseconds (at least 0)
	 * @param scope {@code public} (anyone) or {@code private} (the same authorization
	 * context)
	 */
	record CacheHint(long ttlMs, String scope) {

		static final CacheHint PUBLIC = new CacheHint(300_000, "public");

		static final CacheHint PRIVATE = new CacheHint(0, "private");

	}

}
