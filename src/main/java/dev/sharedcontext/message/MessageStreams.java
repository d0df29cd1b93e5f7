package dev.sharedcontext.message;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.background.BackgroundConfiguration;
import dev.sharedcontext.limits.Leases;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

/**
 * The open live streams of {@code GET /api/v1/sessions/{id}/events}, one per viewer
 * connection.
 * <p>
 * Each stream remembers the id of the last message it sent and only ever sends messages
 * with a larger id, read from the database through {@link MessageService#list} (so
 * through the viewer's visibility filter). A committed {@link MessageAdded} that the
 * viewer may read (checked with {@link VisibilityPolicy#canRead}) only wakes the stream
 * up; so does a message committed through another replica that the viewer may read,
 * reported by {@link ForeignCommits} (at once on PostgreSQL, within about a second on
 * SQLite). The stream then reads everything after its last id. Because messages commit in
 * id order (SQLite has one writer; on PostgreSQL the writer holds an advisory lock from
 * drawing ids to commit, see {@link ForeignCommits}), "everything after the last id" has
 * no holes, and because a stream is registered (and {@link ForeignCommits} watching)
 * before its backlog is read and all reads of one stream run one at a time, a message
 * committed while the backlog loads is neither lost nor sent twice. A reconnecting client
 * that sends {@code Last-Event-ID} resumes exactly after it.
 * <p>
 * The viewer's token is re-checked before every read, and {@link Leases} checks it twice
 * a second: a revoked or expired token ends the stream within about a second. Open
 * streams are capped per agent and in total ({@link Leases.Kind#STREAM}). Streams run on
 * Servlet async I/O, so an idle one holds no thread, and all are completed when the
 * application context closes, so graceful shutdown does not wait for them.
 */
@Component
class MessageStreams implements ForeignCommits.Watcher {

	private static final Logger log = LoggerFactory.getLogger(MessageStreams.class);

	/** Messages read per query while catching up. */
	static final int PAGE = 500;

	private final Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();

	private final ThreadPoolTaskExecutor senders;

	private final ScheduledFuture<?> heartbeats;

	private final MessageService messages;

	private final TokenService tokens;

	private final JsonMapper json;

	private final MessageStreamProperties properties;

	private final Leases leases;

	private final ForeignCommits foreignCommits;

	MessageStreams(MessageService messages, TokenService tokens, JsonMapper json, MessageStreamProperties properties,
			Leases leases, @Qualifier(BackgroundConfiguration.LIVE_STREAM_SENDERS) ThreadPoolTaskExecutor senders,
			@Qualifier(BackgroundConfiguration.LIVE_STREAM_HEARTBEATS) ThreadPoolTaskScheduler heartbeats,
			ForeignCommits foreignCommits) {
		this.foreignCommits = foreignCommits;
		this.senders = senders;
		this.leases = leases;
		this.messages = messages;
		this.tokens = tokens;
		this.json = json;
		this.properties = properties;
		Duration every = properties.heartbeat();
		this.heartbeats = heartbeats.scheduleWithFixedDelay(this::heartbeat, Instant.now().plus(every), every);
	}

	/**
	 * Opens a stream of the visible messages of a session with an id larger than
	 * {@code afterId}, then of those posted later. The caller must already have been
	 * checked for access to the session.
	 */
	SseEmitter open(AgentPrincipal viewer, String sessionId, long afterId) {
		SseEmitter emitter = new SseEmitter(this.properties.streamTimeout().toMillis());
		Stream stream = new Stream(viewer, sessionId, afterId, emitter);
		stream.lease = this.leases.acquire(Leases.Kind.STREAM, viewer.agentId(), viewer.tokenId(), stream::close);
		Set<Stream> set = this.streams.computeIfAbsent(sessionId, (id) -> ConcurrentHashMap.newKeySet());
		set.add(stream);
		emitter.onCompletion(stream::forget);
		emitter.onTimeout(stream::close);
		emitter.onError((ex) -> stream.close());
		this.foreignCommits.startWatching();
		stream.comment("connected");
		stream.wakeUp();
		return emitter;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onMessageAdded(MessageAdded event) {
		Message message = event.message();
		for (Stream stream : this.streams.getOrDefault(message.sessionId(), Set.of())) {
			if (VisibilityPolicy.canRead(stream.viewer, message.visibility(), message.sender(), message.senderType())) {
				stream.wakeUp();
			}
		}
	}

	@Override
	public boolean watching() {
		return !this.streams.isEmpty();
	}

	/**
	 * Wakes the streams that may read a message committed through another replica; the
	 * wake-up only queues a read on the sender pool.
	 */
	@Override
	public void committedElsewhere(List<CommittedMessage> committed) {
		for (CommittedMessage message : committed) {
			for (Stream stream : this.streams.getOrDefault(message.sessionId(), Set.of())) {
				if (VisibilityPolicy.canRead(stream.viewer, message.visibility(), message.sender(),
						message.senderType())) {
					stream.wakeUp();
				}
			}
		}
	}

	/** Number of open streams of a session, for tests and diagnostics. */
	int openStreams(String sessionId) {
		return this.streams.getOrDefault(sessionId, Set.of()).size();
	}

	/**
	 * Ends every stream cleanly. Runs on {@link ContextClosedEvent}, before the web
	 * server's graceful shutdown starts waiting for in-flight requests, which an open
	 * stream would otherwise be until its timeout.
	 */
	@EventListener(ContextClosedEvent.class)
	@jakarta.annotation.PreDestroy
	void closeAll() {
		this.heartbeats.cancel(false);
		this.streams.values().forEach((set) -> set.forEach(Stream::close));
		this.streams.clear();
	}

	private void heartbeat() {
		for (Set<Stream> set : this.streams.values()) {
			for (Stream stream : set) {
				stream.comment("keep-alive");
				// also notices a revoked token and posts committed through another
				// replica
				stream.wakeUp();
			}
		}
	}

	/** One viewer's connection to one session. */
	private final class Stream {

		private final AgentPrincipal principal;

		private final Viewer viewer;

		private final String sessionId;

		private final SseEmitter emitter;

		/** Only read and written by the one catch-up running at a time. */
		private volatile long lastSentId;

		private final AtomicBoolean pending = new AtomicBoolean();

		private final AtomicBoolean running = new AtomicBoolean();

		private final AtomicBoolean closed = new AtomicBoolean();

		/**
		 * Set right after construction, before the stream is reachable by anything else.
		 */
		private volatile Leases.Lease lease;

		Stream(AgentPrincipal principal, String sessionId, long afterId, SseEmitter emitter) {
			this.principal = principal;
			this.viewer = Viewer.of(principal);
			this.sessionId = sessionId;
			this.lastSentId = afterId;
			this.emitter = emitter;
		}

		/**
		 * Asks for a catch-up; at most one runs at a time, and a request during one
		 * causes another.
		 */
		void wakeUp() {
			this.pending.set(true);
			if (this.running.compareAndSet(false, true)) {
				try {
					MessageStreams.this.senders.execute(this::drain);
				}
				catch (RejectedExecutionException ex) {
					this.running.set(false);
				}
			}
		}

		private void drain() {
			try {
				while (this.pending.getAndSet(false) && !this.closed.get()) {
					catchUp();
				}
			}
			finally {
				this.running.set(false);
			}
			if (this.pending.get() && !this.closed.get()) {
				wakeUp();
			}
		}

		private void catchUp() {
			try {
				if (!MessageStreams.this.tokens.isActive(this.principal.tokenId())) {
					close();
					return;
				}
				while (!this.closed.get()) {
					MessagePage page = MessageStreams.this.messages.list(this.principal, this.sessionId,
							new MessageQuery(PAGE, 0, this.lastSentId, null));
					for (Message message : page.messages()) {
						if (message.id() > this.lastSentId && send(message)) {
							this.lastSentId = message.id();
						}
					}
					if (page.messages().size() < PAGE) {
						return;
					}
				}
			}
			catch (RuntimeException ex) {
				log.debug("Ending the live stream of session {}: {}", this.sessionId, ex.getMessage());
				close();
			}
		}

		private boolean send(Message message) {
			return write(SseEmitter.event()
				.id(Long.toString(message.id()))
				.name("message")
				.data(MessageStreams.this.json.writeValueAsString(message)));
		}

		void comment(String text) {
			write(SseEmitter.event().comment(text));
		}

		private boolean write(SseEmitter.SseEventBuilder event) {
			if (this.closed.get()) {
				return false;
			}
			try {
				this.emitter.send(event);
				return true;
			}
			catch (IOException | IllegalStateException ex) {
				log.debug("Dropping a closed live stream of session {}: {}", this.sessionId, ex.getMessage());
				close();
				return false;
			}
		}

		void close() {
			if (this.closed.compareAndSet(false, true)) {
				forget();
				try {
					this.emitter.complete();
				}
				catch (RuntimeException ex) {
					log.debug("Live stream already ended: {}", ex.getMessage());
				}
			}
		}

		void forget() {
			this.closed.set(true);
			Leases.Lease held = this.lease;
			if (held != null) {
				held.close();
			}
			MessageStreams.this.streams.computeIfPresent(this.sessionId, (id, set) -> {
				set.remove(this);
				return set.isEmpty() ? null : set;
			});
		}

	}

}
