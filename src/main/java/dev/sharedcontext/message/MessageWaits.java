package dev.sharedcontext.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.background.BackgroundConfiguration;
import dev.sharedcontext.auth.token.InvalidTokenException;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.limits.Leases;
import dev.sharedcontext.visibility.VisibilityPolicy;
import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

/**
 * The pending {@code wait_for_messages} calls, served without a thread: a waiter is a
 * future that the commit of a message it may read completes, so ten thousand agents can
 * wait at once while the server's request threads stay free for everyone else.
 * <p>
 * A waiter is registered before its last read, so a message committed in between is not
 * missed. A committed {@link MessageAdded} that one of a session's waiters may read
 * (checked with {@link VisibilityPolicy#canRead}) marks the session for a check, which a
 * small pool of checker threads runs one session at a time: waiters that would read the
 * same thing (same viewer, same query) share one read through the visibility filter, so
 * one post wakes ten thousand waiters of a hundred agents with a hundred reads. A waiter
 * completes when such a read finds something, with an empty page when its deadline
 * passes, or when its token is revoked or expires (with {@code INVALID_TOKEN}, never with
 * a message posted after that). Posts committed by another process on the same database
 * are reported by {@link ForeignCommits} about once a second.
 * <p>
 * Each waiter holds a {@link Leases.Kind#WAIT} lease, so the number of waits per agent
 * and in total is capped. Cancelling the returned future (the caller went away) releases
 * the waiter and its lease at once.
 */
@Component
class MessageWaits implements SmartLifecycle, ForeignCommits.Watcher {

	private static final Logger log = LoggerFactory.getLogger(MessageWaits.class);

	private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

	private final TokenService tokens;

	private final Leases leases;

	private final ThreadPoolTaskExecutor checkers;

	private final ThreadPoolTaskScheduler deadlines;

	private final ForeignCommits foreignCommits;

	/** Sessions whose waiters should read again. */
	private final Set<String> dirty = ConcurrentHashMap.newKeySet();

	/** Sessions whose waiters are being checked now. */
	private final Set<String> checking = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	MessageWaits(TokenService tokens, Leases leases,
			@Qualifier(BackgroundConfiguration.MESSAGE_WAIT_CHECKERS) ThreadPoolTaskExecutor checkers,
			@Qualifier(BackgroundConfiguration.MESSAGE_WAIT_DEADLINES) ThreadPoolTaskScheduler deadlines,
			ForeignCommits foreignCommits) {
		this.foreignCommits = foreignCommits;
		this.tokens = tokens;
		this.leases = leases;
		this.checkers = checkers;
		this.deadlines = deadlines;
	}

	/**
	 * Waits for {@code read} to return a non-empty page.
	 * @param caller the waiting agent (its permission to read the session has been
	 * checked by the first read)
	 * @param query what {@code read} asks for; waiters with the same viewer and query
	 * share their reads
	 * @param read the visibility-filtered read of the caller, run again on each wake-up
	 * @return a future completed with the first non-empty page, or with an empty one at
	 * the deadline; failed with {@link InvalidTokenException} when the caller's token
	 * ends first
	 * @throws dev.sharedcontext.limits.LimitExceededException past the caps on waits
	 */
	CompletableFuture<MessagePage> await(AgentPrincipal caller, String sessionId, MessageQuery query, Duration timeout,
			Supplier<MessagePage> read) {
		Waiter waiter = new Waiter(caller, sessionId, query, read);
		waiter.lease = this.leases.acquire(Leases.Kind.WAIT, caller.agentId(), caller.tokenId(), waiter::tokenEnded);
		this.waiters.computeIfAbsent(sessionId, (id) -> ConcurrentHashMap.newKeySet()).add(waiter);
		this.foreignCommits.startWatching();
		try {
			MessagePage page = read.get();
			if (!page.messages().isEmpty() || !this.running) {
				waiter.finish(page);
				return waiter.result;
			}
			waiter.deadline = this.deadlines.getScheduledExecutor()
				.schedule(waiter::timeOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			waiter.fail(ex);
		}
		return waiter.result;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onMessageAdded(MessageAdded event) {
		Message message = event.message();
		for (Waiter waiter : this.waiters.getOrDefault(message.sessionId(), Set.of())) {
			if (VisibilityPolicy.canRead(waiter.viewer, message.visibility(), message.sender(), message.senderType())) {
				check(message.sessionId());
				return;
			}
		}
	}

	@Override
	public boolean watching() {
		return !this.waiters.isEmpty();
	}

	/**
	 * Wakes the waiters of sessions that got messages through another process on the same
	 * database.
	 */
	@Override
	public void committedElsewhere(List<CommittedMessage> messages) {
		messages.stream()
			.map(CommittedMessage::sessionId)
			.distinct()
			.filter(this.waiters::containsKey)
			.forEach(this::check);
	}

	/**
	 * Asks for a check of a session's waiters; at most one runs per session at a time.
	 */
	private void check(String sessionId) {
		this.dirty.add(sessionId);
		if (this.checking.add(sessionId)) {
			submit(() -> checkWaiters(sessionId));
		}
	}

	private void checkWaiters(String sessionId) {
		try {
			while (this.dirty.remove(sessionId)) {
				Map<ReadKey, List<Waiter>> groups = new HashMap<>();
				for (Waiter waiter : this.waiters.getOrDefault(sessionId, Set.of())) {
					if (!waiter.result.isDone()) {
						groups.computeIfAbsent(waiter.key, (key) -> new ArrayList<>()).add(waiter);
					}
				}
				groups.values().forEach(MessageWaits::readFor);
			}
		}
		finally {
			this.checking.remove(sessionId);
		}
		if (this.dirty.contains(sessionId) && this.checking.add(sessionId)) {
			submit(() -> checkWaiters(sessionId));
		}
	}

	/** One read on behalf of waiters that would all read the same. */
	private static void readFor(List<Waiter> group) {
		MessagePage page;
		try {
			page = group.get(0).read.get();
		}
		catch (RuntimeException ex) {
			group.forEach((waiter) -> waiter.fail(ex));
			return;
		}
		if (!page.messages().isEmpty()) {
			group.forEach((waiter) -> waiter.finishIfAuthorized(page));
		}
	}

	private void submit(Runnable task) {
		try {
			this.checkers.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the waiters are being answered by stop()
			log.debug("Not checking waiters during shutdown");
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Answers every pending wait (as timed out) when shutdown begins, so that graceful
	 * shutdown does not wait for long polls to time out. A wait that starts later is
	 * answered at once. The checker and deadline threads are stopped with the other
	 * background pools ({@link BackgroundConfiguration}).
	 */
	@Override
	public void stop() {
		this.running = false;
		for (Set<Waiter> set : List.copyOf(this.waiters.values())) {
			set.forEach(Waiter::timeOut);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Before the web server's graceful shutdown, which would wait for these requests. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/** Waiters with equal keys would read the same page. */
	private record ReadKey(Viewer viewer, MessageQuery query) {
	}

	/** One pending wait. */
	private final class Waiter {

		private final AgentPrincipal caller;

		private final Viewer viewer;

		private final String sessionId;

		private final MessageQuery query;

		private final ReadKey key;

		private final Supplier<MessagePage> read;

		private final CompletableFuture<MessagePage> result = new CompletableFuture<>();

		private volatile Leases.Lease lease;

		private volatile ScheduledFuture<?> deadline;

		Waiter(AgentPrincipal caller, String sessionId, MessageQuery query, Supplier<MessagePage> read) {
			this.caller = caller;
			this.viewer = Viewer.of(caller);
			this.sessionId = sessionId;
			this.query = query;
			this.key = new ReadKey(this.viewer, query);
			this.read = read;
			this.result.whenComplete((page, ex) -> {
				if (this.result.isCancelled()) {
					release();
				}
			});
		}

		/**
		 * Nothing new arrived in time: its last read was empty, and a message committed
		 * since would have completed it.
		 */
		void timeOut() {
			finish(new MessagePage(this.sessionId, List.of(), 0, this.query.limit(), 0, false));
		}

		void tokenEnded() {
			fail(new InvalidTokenException(InvalidTokenException.Reason.REVOKED));
		}

		/**
		 * Nothing is delivered once the caller's token has ended, even before the sweep
		 * notices.
		 */
		void finishIfAuthorized(MessagePage page) {
			if (MessageWaits.this.tokens.isActive(this.caller.tokenId())) {
				finish(page);
			}
			else {
				tokenEnded();
			}
		}

		void finish(MessagePage page) {
			if (this.result.complete(page)) {
				release();
			}
		}

		void fail(RuntimeException ex) {
			if (this.result.completeExceptionally(ex)) {
				release();
			}
		}

		private void release() {
			MessageWaits.this.waiters.computeIfPresent(this.sessionId, (id, set) -> {
				set.remove(this);
				return set.isEmpty() ? null : set;
			});
			ScheduledFuture<?> timer = this.deadline;
			if (timer != null) {
				timer.cancel(false);
			}
			Leases.Lease held = this.lease;
			if (held != null) {
				held.close();
			}
		}

	}

}
