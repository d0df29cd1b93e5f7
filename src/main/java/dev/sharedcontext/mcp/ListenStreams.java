package dev.sharedcontext.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.limits.LimitExceededException;
import dev.sharedcontext.mcp.protocol.JsonRpc;
import dev.sharedcontext.mcp.protocol.JsonRpcMessage;
import dev.sharedcontext.mcp.protocol.JsonRpcNotification;
import dev.sharedcontext.mcp.protocol.JsonRpcResponse;
import dev.sharedcontext.mcp.protocol.ListenMeta;
import dev.sharedcontext.mcp.protocol.ListenParams;
import dev.sharedcontext.mcp.protocol.ListenResult;
import dev.sharedcontext.mcp.protocol.RequestId;
import dev.sharedcontext.mcp.protocol.ResourceUpdatedParams;
import dev.sharedcontext.mcp.protocol.SubscriptionFilter;
import dev.sharedcontext.mcp.protocol.SubscriptionsAcknowledgedParams;
import dev.sharedcontext.mcp.resource.ResourceMethods;
import dev.sharedcontext.message.ForeignCommits;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

/**
 * The {@code subscriptions/listen} streams of MCP 2026-07-28, which replace
 * {@code resources/subscribe} and the GET stream: the answer to the listen request is an
 * SSE stream that stays open. Its first message acknowledges what will be sent; then
 * comes a {@code notifications/resources/updated} for each committed message the listener
 * may read in a session it listens to ({@link SubscriptionNotifier} decides who may);
 * when the server shuts down it sends the listen request's result, so the client knows
 * the end was meant. Every message carries the listen request's id as
 * {@code io.modelcontextprotocol/subscriptionId}.
 * <p>
 * Nothing is stored: a listener lives in this process only, there are no event ids and no
 * resumption (the revision has none); a client that reconnects listens afresh and reads
 * the resource again. A listen that names a resource the caller may not read is refused
 * as a whole (400, {@code -32602}, {@code data.uri}) rather than acknowledged without it,
 * so a typo cannot pass for a quiet session. Only session resources can be listened to,
 * and we send no list-changed notifications (those lists never change), so the
 * acknowledgement carries {@code resourceSubscriptions} only.
 * <p>
 * Leases, caps, keep-alives and the revocation cut-off are those of every MCP stream
 * ({@link McpEventStreams}); a stream whose token is revoked or expires, or that reaches
 * {@link McpProperties#streamTimeout()}, is closed without a result, as a lost one, and
 * its client listens again (with a fresh token).
 */
@Component
class ListenStreams {

	/**
	 * At most this many resources per listen: each is checked against the database when
	 * the stream opens.
	 */
	static final int MAX_RESOURCES = 100;

	private static final String RESOURCE_UPDATED = "notifications/resources/updated";

	private static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

	private final Map<String, Set<Listener>> bySession = new ConcurrentHashMap<>();

	private final Set<Listener> all = ConcurrentHashMap.newKeySet();

	private final McpEventStreams events;

	private final ResourceMethods resources;

	private final JsonMapper json;

	private final ForeignCommits foreignCommits;

	private volatile boolean closing;

	ListenStreams(McpEventStreams events, ResourceMethods resources, JsonMapper json, ForeignCommits foreignCommits) {
		this.foreignCommits = foreignCommits;
		this.events = events;
		this.resources = resources;
		this.json = json;
	}

	/**
	 * Opens a subscriptions/listen stream; called by McpEndpoint after every 2026 check
	 * passed and Accept includes text/event-stream.
	 * @param requestId the listen request's JSON-RPC id node, echoed verbatim as
	 * subscriptionId
	 * @param params the request's params object (may be empty)
	 * @param principal the bearer agent, or {@code null}
	 * @param remoteAddress the client's address, which the stream cap counts against when
	 * there is no agent
	 * @return 200 {@code text/event-stream}, or a JSON-RPC error carrying the request id:
	 * 400/-32602 for bad params or a resource the caller may not read, 429 past the
	 * stream caps, 503 once shutdown has begun
	 */
	ResponseEntity<?> open(JsonNode requestId, ObjectNode params, AgentPrincipal principal, String remoteAddress) {
		RequestId id = RequestId.of(requestId);
		if (id == null) {
			return error(ResponseEntity.badRequest(), null, new JsonRpc.Fault(JsonRpc.INVALID_REQUEST,
					"subscriptions/listen must be a request with a string or integer id"));
		}
		SubscriptionFilter asked;
		Map<String, String> sessionsByUri;
		try {
			asked = ListenParams.from(params).notifications();
			sessionsByUri = resolve(asked, principal);
		}
		catch (JsonRpc.Fault fault) {
			return error(ResponseEntity.badRequest(), id, fault);
		}
		if (this.closing) {
			return error(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE), id,
					new JsonRpc.Fault(JsonRpc.SERVER_ERROR, "The server is shutting down; listen again shortly"));
		}
		Listener listener = new Listener(id, principal, sessionsByUri);
		try {
			listener.emitter = this.events.open(principal, remoteAddress, (ended) -> forget(listener));
		}
		catch (LimitExceededException ex) {
			return error(
					ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
						.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds())),
					id, new JsonRpc.Fault(JsonRpc.SERVER_ERROR, ex.getMessage()));
		}
		// watching (for posts through other processes) from before the acknowledgement;
		// notified only after it
		this.all.add(listener);
		this.foreignCommits.startWatching();
		List<String> honoured = (asked.resourceSubscriptions() != null) ? List.copyOf(sessionsByUri.keySet()) : null;
		listener.send(JsonRpcNotification.of(ACKNOWLEDGED,
				new SubscriptionsAcknowledgedParams(ListenMeta.of(id), SubscriptionFilter.resources(honoured))));
		sessionsByUri.values()
			.forEach((sessionId) -> this.bySession.computeIfAbsent(sessionId, (key) -> ConcurrentHashMap.newKeySet())
				.add(listener));
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.header("X-Accel-Buffering", "no")
			.body(listener.emitter);
	}

	/** Whether any stream listens here now. */
	boolean hasListeners() {
		return !this.all.isEmpty();
	}

	/** The streams listening to a shared-context session. */
	Set<Listener> listenersOf(String sessionId) {
		return this.bySession.getOrDefault(sessionId, Set.of());
	}

	/**
	 * Ends every stream with the listen request's result when shutdown begins (before the
	 * web server's graceful shutdown waits for in-flight requests), so that clients know
	 * the end was meant and shutdown does not wait for stream timeouts.
	 */
	@EventListener(ContextClosedEvent.class)
	void closeAll() {
		this.closing = true;
		for (Listener listener : List.copyOf(this.all)) {
			listener
				.send(JsonRpcResponse.of(listener.id, ListenResult.closed(listener.id, LifecycleMethods.serverInfo())));
			listener.emitter.complete();
		}
	}

	/**
	 * The session id of each URI, checked as {@code resources/subscribe} checks it.
	 * @throws JsonRpc.Fault naming the first URI that fails in {@code data.uri}
	 */
	private Map<String, String> resolve(SubscriptionFilter filter, AgentPrincipal principal) {
		List<String> uris = (filter.resourceSubscriptions() != null) ? filter.resourceSubscriptions() : List.of();
		if (uris.size() > MAX_RESOURCES) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS,
					"A listen names at most " + MAX_RESOURCES + " resources; this one names " + uris.size());
		}
		Map<String, String> sessions = new LinkedHashMap<>();
		for (String uri : uris) {
			try {
				sessions.put(uri, this.resources.subscribableSession(uri, principal));
			}
			catch (JsonRpc.Fault fault) {
				throw JsonRpc.Fault.unknownResource(fault.getMessage(), JsonNodeFactory.instance.stringNode(uri));
			}
		}
		return sessions;
	}

	private void forget(Listener listener) {
		this.all.remove(listener);
		for (String sessionId : listener.sessionsByUri.values()) {
			this.bySession.computeIfPresent(sessionId, (key, set) -> {
				set.remove(listener);
				return set.isEmpty() ? null : set;
			});
		}
	}

	private ResponseEntity<String> error(ResponseEntity.BodyBuilder answer, RequestId id, JsonRpc.Fault fault) {
		return answer.contentType(MediaType.APPLICATION_JSON).body(this.json.writeValueAsString(fault.toError(id)));
	}

	/** One open listen stream. */
	final class Listener {

		private final RequestId id;

		private final Viewer viewer;

		private final String tokenId;

		/** Session resource URI to session id, in the order asked for. */
		private final Map<String, String> sessionsByUri;

		private volatile SseEmitter emitter;

		private Listener(RequestId id, AgentPrincipal principal, Map<String, String> sessionsByUri) {
			this.id = id;
			this.viewer = (principal != null) ? Viewer.of(principal) : null;
			this.tokenId = (principal != null) ? principal.tokenId() : null;
			this.sessionsByUri = Map.copyOf(sessionsByUri);
		}

		/** Who listens (never {@code null} for a listener of a session). */
		Viewer viewer() {
			return this.viewer;
		}

		/** The token the listener acts with. */
		String tokenId() {
			return this.tokenId;
		}

		/** Tells the listener that a session it listens to has a message it may read. */
		void updated(String sessionId) {
			List<String> uris = new ArrayList<>();
			this.sessionsByUri.forEach((uri, id) -> {
				if (id.equals(sessionId)) {
					uris.add(uri);
				}
			});
			uris.forEach((uri) -> send(
					JsonRpcNotification.of(RESOURCE_UPDATED, new ResourceUpdatedParams(uri, ListenMeta.of(this.id)))));
		}

		private void send(JsonRpcMessage message) {
			McpEventStreams.send(this.emitter,
					SseEmitter.event().name("message").data(ListenStreams.this.json.writeValueAsString(message)));
		}

	}

}
