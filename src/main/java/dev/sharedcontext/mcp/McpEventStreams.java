package dev.sharedcontext.mcp;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.background.BackgroundConfiguration;
import dev.sharedcontext.limits.Leases;

/**
 * What every SSE stream of {@code /mcp} shares, whichever revision opened it (the 2025
 * {@code GET /mcp} streams of {@link McpStreams}, the 2026 {@code subscriptions/listen}
 * streams of {@link ListenStreams}): each holds a {@link Leases.Kind#STREAM} lease, so
 * streams are capped per agent (per address without an agent token) and in total and end
 * within about a second of their token's revocation or expiry; each gets a keep-alive
 * comment every {@link McpProperties#streamKeepAlive()}, below the read timeouts of
 * common proxies; and a stream that can no longer be written is dropped. SSE runs on
 * Servlet async I/O, so an idle stream holds no thread.
 */
@Component
class McpEventStreams {

	private static final Logger log = LoggerFactory.getLogger(McpEventStreams.class);

	private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();

	private final McpProperties properties;

	private final Leases leases;

	private final ScheduledFuture<?> keepAlives;

	McpEventStreams(McpProperties properties, Leases leases,
			@Qualifier(BackgroundConfiguration.MCP_KEEP_ALIVES) ThreadPoolTaskScheduler keepAlives) {
		this.properties = properties;
		this.leases = leases;
		Duration every = properties.streamKeepAlive();
		this.keepAlives = keepAlives.scheduleWithFixedDelay(this::keepAlive, Instant.now().plus(every), every);
	}

	/**
	 * A new stream holding a lease, kept alive until it ends.
	 * @param agent the agent of the request's bearer token, or {@code null}
	 * @param remoteAddress the client's address, which the cap counts against when there
	 * is no agent
	 * @param onEnd run once the stream has ended, however it ended (completed, timed out,
	 * failed, client gone, token revoked)
	 * @throws dev.sharedcontext.limits.LimitExceededException past the caps on streams
	 */
	SseEmitter open(AgentPrincipal agent, String remoteAddress, Consumer<SseEmitter> onEnd) {
		SseEmitter emitter = new SseEmitter(this.properties.streamTimeout().toMillis());
		Leases.Lease lease = this.leases.acquire(Leases.Kind.STREAM,
				(agent != null) ? agent.agentId() : "address " + remoteAddress,
				(agent != null) ? agent.tokenId() : null, emitter::complete);
		this.open.add(emitter);
		Runnable end = () -> {
			lease.close();
			if (this.open.remove(emitter)) {
				onEnd.accept(emitter);
			}
		};
		emitter.onCompletion(end);
		emitter.onTimeout(end);
		emitter.onError((ex) -> end.run());
		return emitter;
	}

	/**
	 * Writes an event; a stream that cannot take it (client gone) is ended.
	 * @return whether it was written
	 */
	static boolean send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
		try {
			emitter.send(event);
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("Dropping a closed MCP stream: {}", ex.getMessage());
			emitter.completeWithError(ex);
			return false;
		}
	}

	static boolean comment(SseEmitter emitter, String text) {
		return send(emitter, SseEmitter.event().comment(text));
	}

	/** Stops the keep-alives when shutdown begins; each owner ends its own streams. */
	@EventListener(ContextClosedEvent.class)
	void stopKeepAlives() {
		this.keepAlives.cancel(false);
	}

	private void keepAlive() {
		this.open.forEach((emitter) -> comment(emitter, "keep-alive"));
	}

}
