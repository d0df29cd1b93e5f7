package dev.sharedcontext.mcp;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.background.BackgroundConfiguration;
import dev.sharedcontext.limits.Leases;
import dev.sharedcontext.mcp.protocol.JsonRpcNotification;

/**
 * The server-to-client SSE streams opened with {@code GET /mcp}. A message for an MCP
 * session is stored first (its row id is the SSE event id) and then written to the
 * session's open streams on this replica; a client that reconnects with
 * {@code Last-Event-ID} gets what it missed from the store. SSE runs on Servlet async
 * I/O, so an idle stream holds no thread.
 * <p>
 * A stream answers at once with its headers and a comment (so a proxy sees bytes before
 * its read timeout and the client knows the stream is open), then a keep-alive comment
 * every {@link McpProperties#streamKeepAlive()}. Each stream holds a
 * {@link Leases.Kind#STREAM} lease: capped per agent (per address without an agent token)
 * and in total, and closed within about a second of its token's revocation or expiry.
 */
@Component
class McpStreams {

	private static final Logger log = LoggerFactory.getLogger(McpStreams.class);

	private final Map<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();

	private final McpSessionStore store;

	private final McpProperties properties;

	private final JsonMapper json;

	private final Leases leases;

	private final ScheduledFuture<?> keepAlives;

	McpStreams(McpSessionStore store, McpProperties properties, JsonMapper json, Leases leases,
			@Qualifier(BackgroundConfiguration.MCP_KEEP_ALIVES) ThreadPoolTaskScheduler keepAlives) {
		this.store = store;
		this.properties = properties;
		this.json = json;
		this.leases = leases;
		Duration every = properties.streamKeepAlive();
		this.keepAlives = keepAlives.scheduleWithFixedDelay(this::keepAlive, Instant.now().plus(every), every);
	}

	/**
	 * Opens a GET stream of an MCP session.
	 * @param agent the agent of the request's bearer token, or {@code null}
	 * @param remoteAddress the client's address, which the cap counts against when there
	 * is no agent
	 * @throws dev.sharedcontext.limits.LimitExceededException past the caps on streams
	 */
	SseEmitter open(String mcpSessionId, Long lastEventId, AgentPrincipal agent, String remoteAddress) {
		SseEmitter emitter = new SseEmitter(this.properties.streamTimeout().toMillis());
		Leases.Lease lease = this.leases.acquire(Leases.Kind.STREAM,
				(agent != null) ? agent.agentId() : "address " + remoteAddress,
				(agent != null) ? agent.tokenId() : null, emitter::complete);
		Set<SseEmitter> set = this.streams.computeIfAbsent(mcpSessionId, (id) -> ConcurrentHashMap.newKeySet());
		set.add(emitter);
		Runnable remove = () -> {
			lease.close();
			set.remove(emitter);
			this.streams.computeIfPresent(mcpSessionId, (id, s) -> s.isEmpty() ? null : s);
		};
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
		comment(emitter, "stream open");
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
		this.keepAlives.cancel(false);
		this.streams.values().forEach((set) -> set.forEach(SseEmitter::complete));
		this.streams.clear();
	}

	private void keepAlive() {
		this.streams.values().forEach((set) -> set.forEach((emitter) -> comment(emitter, "keep-alive")));
	}

	private static void comment(SseEmitter emitter, String text) {
		try {
			emitter.send(SseEmitter.event().comment(text));
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("Dropping a closed MCP stream: {}", ex.getMessage());
			emitter.completeWithError(ex);
		}
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
