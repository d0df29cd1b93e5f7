package dev.sharedcontext.mcp;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-to-client SSE streams opened with {@code GET /mcp}. A message for an MCP
 * session is stored first (its row id is the SSE event id) and then written to the
 * session's open streams on this replica; a client that reconnects with
 * {@code Last-Event-ID} gets what it missed from the store. SSE runs on Servlet async
 * I/O, so an idle stream holds no thread.
 */
@Component
class McpStreams {

	private static final Logger log = LoggerFactory.getLogger(McpStreams.class);

	private final Map<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();

	private final McpSessionStore store;

	private final McpProperties properties;

	private final JsonMapper json;

	McpStreams(McpSessionStore store, McpProperties properties, JsonMapper json) {
		this.store = store;
		this.properties = properties;
		this.json = json;
	}

	SseEmitter open(String mcpSessionId, Long lastEventId) {
		SseEmitter emitter = new SseEmitter(this.properties.streamTimeout().toMillis());
		Set<SseEmitter> set = this.streams.computeIfAbsent(mcpSessionId, (id) -> ConcurrentHashMap.newKeySet());
		set.add(emitter);
		Runnable remove = () -> {
			set.remove(emitter);
			this.streams.computeIfPresent(mcpSessionId, (id, s) -> s.isEmpty() ? null : s);
		};
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
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
	void send(String mcpSessionId, JsonNode message) {
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
		try {
			emitter.send(SseEmitter.event().id(Long.toString(id)).name("message").data(payload));
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("Dropping a closed MCP stream: {}", ex.getMessage());
			emitter.completeWithError(ex);
		}
	}

}
