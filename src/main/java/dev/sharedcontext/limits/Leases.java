package dev.sharedcontext.limits;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.metrics.meters.ServerMeters;

/**
 * Counts what agents hold open for a while — pending {@code wait_for_messages} calls and
 * event streams — against the caps of {@link LimitsProperties}, and ends each holder
 * whose token is revoked or expires.
 * <p>
 * A holder takes a {@link Lease} before it starts waiting and closes it when it ends;
 * past a cap, {@link #acquire} fails with {@link LimitExceededException} and nothing is
 * held. Every {@value #SWEEP_MILLIS} ms the tokens behind open leases are checked (one
 * check per distinct token, through {@link TokenService#isActive}, whose row cache lives
 * at most 1 s), and the lease of a token that is no longer active is told so: a waiter or
 * stream stops within about a second of a revocation or expiry, on every replica. The
 * open counts are what {@code scs.waits.parked} and {@code scs.streams.open} report.
 */
@Component
public class Leases {

	static final long SWEEP_MILLIS = 500;

	private static final Logger log = LoggerFactory.getLogger(Leases.class);

	/** What a lease holds. */
	public enum Kind {

		/** A pending {@code wait_for_messages}. */
		WAIT("TOO_MANY_WAITS", "concurrent wait_for_messages calls"),

		/** An open event stream (SSE). */
		STREAM("TOO_MANY_STREAMS", "open event streams");

		private final String code;

		private final String what;

		Kind(String code, String what) {
			this.code = code;
			this.what = what;
		}

		String code() {
			return this.code;
		}

	}

	private final LimitsProperties limits;

	private final TokenService tokens;

	private final Map<Kind, AtomicInteger> totals = Map.of(Kind.WAIT, new AtomicInteger(), Kind.STREAM,
			new AtomicInteger());

	private final Map<Kind, ConcurrentHashMap<String, AtomicInteger>> perOwner = Map.of(Kind.WAIT,
			new ConcurrentHashMap<>(), Kind.STREAM, new ConcurrentHashMap<>());

	private final Set<Lease> open = ConcurrentHashMap.newKeySet();

	Leases(LimitsProperties limits, TokenService tokens, ServerMeters meters) {
		this.limits = limits;
		this.tokens = tokens;
		meters.waitsParked(this.totals.get(Kind.WAIT)::get);
		meters.streamsOpen(this.totals.get(Kind.STREAM)::get);
	}

	/**
	 * Takes a lease of {@code kind} for {@code owner}.
	 * @param owner who the per-agent cap counts against: the agent id, or the client
	 * address for a stream opened without an agent token
	 * @param tokenId the token the holder acts with, checked until the lease is closed;
	 * {@code null} when there is none (a stream opened with the API key alone)
	 * @param onTokenEnded called once, on the sweeper's thread, when that token is
	 * revoked or expires; it should end the holder, which then closes the lease
	 * @throws LimitExceededException past the per-agent or the total cap
	 */
	public Lease acquire(Kind kind, String owner, String tokenId, Runnable onTokenEnded) {
		int totalCap = (kind == Kind.WAIT) ? this.limits.waitsTotal() : this.limits.streamsTotal();
		int ownerCap = (kind == Kind.WAIT) ? this.limits.waitsPerAgent() : this.limits.streamsPerAgent();
		AtomicInteger total = this.totals.get(kind);
		if (total.incrementAndGet() > totalCap) {
			total.decrementAndGet();
			throw new LimitExceededException(kind,
					"The server has " + totalCap + " " + kind.what + " open, its limit; retry shortly");
		}
		AtomicInteger mine = this.perOwner.get(kind).computeIfAbsent(owner, (key) -> new AtomicInteger());
		if (mine.incrementAndGet() > ownerCap) {
			release(kind, owner);
			throw new LimitExceededException(kind,
					"You have " + ownerCap + " " + kind.what + " open, the limit per agent");
		}
		Lease lease = new Lease(kind, owner, tokenId, onTokenEnded);
		this.open.add(lease);
		return lease;
	}

	/** Leases of {@code kind} open now, for metrics and tests. */
	public int count(Kind kind) {
		return this.totals.get(kind).get();
	}

	private void release(Kind kind, String owner) {
		this.totals.get(kind).decrementAndGet();
		this.perOwner.get(kind).computeIfPresent(owner, (key, count) -> (count.decrementAndGet() <= 0) ? null : count);
	}

	@Scheduled(fixedDelay = SWEEP_MILLIS)
	void endLeasesOfInactiveTokens() {
		Map<String, Boolean> active = new HashMap<>();
		for (Lease lease : List.copyOf(this.open)) {
			if (lease.tokenId == null) {
				continue;
			}
			if (!active.computeIfAbsent(lease.tokenId, this::isActive)) {
				lease.tokenEnded();
			}
		}
	}

	private boolean isActive(String tokenId) {
		try {
			return this.tokens.isActive(tokenId);
		}
		catch (RuntimeException ex) {
			// the database is unreachable for a moment: keep the holder, check again soon
			log.debug("Could not check a token: {}", ex.getMessage());
			return true;
		}
	}

	/** One held wait or stream; {@link #close()} releases it, once. */
	public final class Lease implements AutoCloseable {

		private final Kind kind;

		private final String owner;

		private final String tokenId;

		private final Runnable onTokenEnded;

		private final AtomicBoolean closed = new AtomicBoolean();

		private final AtomicBoolean ended = new AtomicBoolean();

		private Lease(Kind kind, String owner, String tokenId, Runnable onTokenEnded) {
			this.kind = kind;
			this.owner = owner;
			this.tokenId = tokenId;
			this.onTokenEnded = onTokenEnded;
		}

		private void tokenEnded() {
			if (this.ended.compareAndSet(false, true) && !this.closed.get()) {
				try {
					this.onTokenEnded.run();
				}
				catch (RuntimeException ex) {
					log.debug("Ending a holder of a revoked token failed: {}", ex.getMessage());
				}
			}
		}

		@Override
		public void close() {
			if (this.closed.compareAndSet(false, true)) {
				Leases.this.open.remove(this);
				release(this.kind, this.owner);
			}
		}

	}

}
