package dev.sharedcontext.mcp;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.mcp.protocol.JsonRpcNotification;

/**
 * The server-to-client SSE streams opened with {@code GET /mcp}. A message for an MCP
 * session is stored first (its row id is the SSE event id) and then written to the
 * session's open streams on this replica; a client that reconnects with
 * {@code Last-Event-ID} gets what it missed from the store.
 * <p>
 * A stream answers at once with its headers and a comment (so a proxy sees bytes before
 * its read timeout and the client knows the stream is open); leases, caps, keep-alives
 * and the revocation cut-off are those of every MCP stream ({@link McpEventStreams}).
 */
@Component
class McpStreams {

	private final Map<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();

	private final McpSessionStore store;

	private final McpEventStreams events;

	private final JsonMapper json;

	McpStreams(McpSessionStore store, McpEventStreams events, JsonMapper json) {
		this.store = store;
		this.events = events;
		this.json = json;
	}

	/**
	 * Opens a GET stream of an MCP session.
	 * @param agent the agent of the request's bearer token, or {@code null}
	 * @param remoteAddress the client's address, which the cap counts against when there
	 * is no agent
	 * @throws dev.sharedcontext.limits.LimitExceededException past the caps on streams
	 */
	SseEmitter open(String mcpSessionId, Long lastEventId, AgentPrincipal agent, String remoteAddress) {
		SseEmitter emitter = this.events.open(agent, remoteAddress,
				(ended) -> this.streams.computeIfPresent(mcpSessionId, (id, set) -> {
					set.remove(ended);
					return set.isEmpty() ? null : set;
				}));
		this.streams.computeIfAbsent(mcpSessionId, (id) -> ConcurrentHashMap.newKeySet()).add(emitter);
		McpEventStreams.comment(emitter, "stream open");
		if (lastEventId != null) {
			for (McpSessionStore.StoredEvent event : this.store.eventsAfter(mcpSessionId, lastEventId)) {
				write(emitter, event.id(), event.payload());
			}
		}
		return emitter;
	}

	/**
	 * Stores a message for the session's GET stream and delivers it to the streams open
	 * here.
	 */
	void send(String mcpSessionId, JsonRpcNotification message) {
		String payload = this.json.writeValueAsString(message);
		long id = this.store.appendEvent(mcpSessionId, payload);
		for (SseEmitter emitter : this.streams.getOrDefault(mcpSessionId, Set.of())) {
			write(emitter, id, payload);
		}
	}

	/** Ends every stream of a session (on DELETE). */
	void close(String mcpSessionId) {
		Set<SseEmitter> set = this.streams.remove(mcpSessionId);
		if (set != null) {
			set.forEach(SseEmitter::complete);
		}
	}

	/**
	 * Ends every open stream cleanly when shutdown begins (before the web server's
	 * graceful shutdown waits for in-flight requests), so that shutdown does not wait for
	 * stream timeouts and clients reconnect elsewhere.
	 */
	@EventListener(ContextClosedEvent.class)
	void closeAll() {
		this.streams.values().forEach((set) -> set.forEach(SseEmitter::complete));
		this.streams.clear();
	}

	private static void write(SseEmitter emitter, long id, String payload) {
		McpEventStreams.send(emitter, SseEmitter.event().id(Long.toString(id)).name("message").data(payload));
	}

}
