package dev.sharedcontext.mcp;

import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.mcp.protocol.JsonRpcNotification;
import dev.sharedcontext.replica.CommitSignals;

/**
 * The server-to-client SSE streams opened with {@code GET /mcp}. A message for an MCP
 * session is stored first (its row id is the SSE event id) and then written to the
 * session's open streams on this replica; a client that reconnects with
 * {@code Last-Event-ID} gets what it missed from the store.
 * <p>
 * The replica that stores an event is not always the one holding the session's stream (a
 * post through replica A notifies a subscriber whose stream is open on B), so storing
 * also signals the other replicas ({@link CommitSignals#mcpEventStored}), and a replica
 * with a stream of that session open writes the stored events it has not written yet
 * ({@link #deliverStored}). Each stream remembers the last stored id it has read and the
 * ids written directly above it, so nothing is written twice. Events of one session
 * stored by two replicas at the same moment can commit out of id order, and a stream may
 * then miss one of them: these are level-triggered "read the resource again"
 * notifications, so the next one repairs it.
 * <p>
 * A stream answers at once with its headers and a comment (so a proxy sees bytes before
 * its read timeout and the client knows the stream is open); leases, caps, keep-alives
 * and the revocation cut-off are those of every MCP stream ({@link McpEventStreams}).
 */
@Component
class McpStreams {

	/**
	 * Ids written directly that make a stream read the store (and forget them), when no
	 * signal from another replica has made it do so.
	 */
	private static final int PRUNE_AT = 256;

	private final Map<String, Map<SseEmitter, Delivered>> streams = new ConcurrentHashMap<>();

	private final McpSessionStore store;

	private final McpEventStreams events;

	private final JsonMapper json;

	private final CommitSignals signals;

	McpStreams(McpSessionStore store, McpEventStreams events, JsonMapper json, CommitSignals signals) {
		this.store = store;
		this.events = events;
		this.json = json;
		this.signals = signals;
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
				(ended) -> this.streams.computeIfPresent(mcpSessionId, (id, map) -> {
					map.remove(ended);
					return map.isEmpty() ? null : map;
				}));
		// read before the stream is registered: an event stored after this read is
		// written by the signal that follows it
		Delivered delivered = new Delivered(
				(lastEventId != null) ? lastEventId : this.store.latestEventId(mcpSessionId));
		this.streams.computeIfAbsent(mcpSessionId, (id) -> new ConcurrentHashMap<>()).put(emitter, delivered);
		McpEventStreams.comment(emitter, "stream open");
		if (lastEventId != null) {
			deliverStored(mcpSessionId, emitter, delivered);
		}
		return emitter;
	}

	/**
	 * Stores a message for the session's GET stream and delivers it to the streams open
	 * here; the other replicas are told, in case the stream is open there.
	 */
	void send(String mcpSessionId, JsonRpcNotification message) {
		String payload = this.json.writeValueAsString(message);
		long id = this.store.appendEvent(mcpSessionId, payload);
		this.signals.mcpEventStored(mcpSessionId);
		this.streams.getOrDefault(mcpSessionId, Map.of()).forEach((emitter, delivered) -> {
			if (delivered.written.add(id)) {
				write(emitter, id, payload);
			}
			if (delivered.written.size() > PRUNE_AT) {
				deliverStored(mcpSessionId, emitter, delivered);
			}
		});
	}

	/**
	 * Writes the session's stored events that its streams open here have not written,
	 * e.g. one stored by another replica.
	 */
	void deliverStored(String mcpSessionId) {
		this.streams.getOrDefault(mcpSessionId, Map.of())
			.forEach((emitter, delivered) -> deliverStored(mcpSessionId, emitter, delivered));
	}

	/** The MCP sessions with a stream open here. */
	Set<String> openSessions() {
		return Set.copyOf(this.streams.keySet());
	}

	/** Whether a stream of this MCP session is open here. */
	boolean isOpen(String mcpSessionId) {
		return this.streams.containsKey(mcpSessionId);
	}

	private void deliverStored(String mcpSessionId, SseEmitter emitter, Delivered delivered) {
		synchronized (delivered) {
			for (McpSessionStore.StoredEvent event : this.store.eventsAfter(mcpSessionId, delivered.readUpTo)) {
				if (delivered.written.add(event.id())) {
					write(emitter, event.id(), event.payload());
				}
				delivered.readUpTo = Math.max(delivered.readUpTo, event.id());
			}
			delivered.written.headSet(delivered.readUpTo, true).clear();
		}
	}

	/** Ends every stream of a session (on DELETE). */
	void close(String mcpSessionId) {
		Map<SseEmitter, Delivered> map = this.streams.remove(mcpSessionId);
		if (map != null) {
			map.keySet().forEach(SseEmitter::complete);
		}
	}

	/**
	 * Ends every open stream cleanly when shutdown begins (before the web server's
	 * graceful shutdown waits for in-flight requests), so that shutdown does not wait for
	 * stream timeouts and clients reconnect elsewhere.
	 */
	@EventListener(ContextClosedEvent.class)
	void closeAll() {
		this.streams.values().forEach((map) -> map.keySet().forEach(SseEmitter::complete));
		this.streams.clear();
	}

	private static void write(SseEmitter emitter, long id, String payload) {
		McpEventStreams.send(emitter, SseEmitter.event().id(Long.toString(id)).name("message").data(payload));
	}

	/** What one stream has written: every stored id up to one, and some above it. */
	private static final class Delivered {

		private volatile long readUpTo;

		private final NavigableSet<Long> written = new ConcurrentSkipListSet<>();

		Delivered(long readUpTo) {
			this.readUpTo = readUpTo;
		}

	}

}
