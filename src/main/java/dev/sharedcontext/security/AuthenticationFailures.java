package dev.sharedcontext.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditEvent;
import dev.sharedcontext.audit.AuditLog;

/**
 * Makes failed authentication cost the caller, not the server: counts failures per client
 * address in one-minute windows, refuses an address that used up its budget
 * ({@link AuthenticationFailureProperties#perMinute()}) until its window ends, and keeps
 * the audit log from growing with a flood: the first failures of an address in a window
 * are audited one row each, the rest (and every throttled request) are counted in memory
 * and written as one {@code auth_failure} row per address and window, every 10 seconds
 * and at shutdown.
 * <p>
 * Memory is bounded by {@link AuthenticationFailureProperties#trackedAddresses()}: beyond
 * it the least recently failing address is forgotten (its pending counts are written
 * first). Asking whether an address is throttled is lock-free; only failures take a lock.
 * Counts are per replica.
 */
@Component
class AuthenticationFailures {

	static final long WINDOW_MILLIS = 60_000;

	private final AuthenticationFailureProperties properties;

	private final AuditLog auditLog;

	private final Clock clock;

	/** Open windows by address, least recently failing first. Guarded by {@code this}. */
	private final LinkedHashMap<String, Window> windows;

	/** Closed windows whose counts are not written yet. Guarded by {@code this}. */
	private final List<Summary> pending = new ArrayList<>();

	/** Summaries that did not fit in {@link #pending}. Guarded by {@code this}. */
	private final Summary overflow = new Summary(null, 0);

	/** When each throttled address may try again (epoch millis): only throttled ones. */
	private final Map<String, Long> refusedUntil = new ConcurrentHashMap<>();

	AuthenticationFailures(AuthenticationFailureProperties properties, AuditLog auditLog, Clock clock) {
		this.properties = properties;
		this.auditLog = auditLog;
		this.clock = clock;
		this.windows = new LinkedHashMap<>(64, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
				if (size() <= AuthenticationFailures.this.properties.trackedAddresses()) {
					return false;
				}
				retire(eldest.getKey(), eldest.getValue());
				return true;
			}

		};
	}

	/**
	 * Seconds until {@code address} may authenticate again, or 0 when it is not
	 * throttled. Cheap enough to ask on every request.
	 */
	long retryAfterSeconds(String address) {
		if (address == null || this.refusedUntil.isEmpty()) {
			return 0;
		}
		Long until = this.refusedUntil.get(address);
		if (until == null) {
			return 0;
		}
		long left = until - this.clock.millis();
		if (left <= 0) {
			this.refusedUntil.remove(address, until);
			return 0;
		}
		return Math.max(1, (left + 999) / 1000);
	}

	/**
	 * Counts a failed authentication of {@code address}.
	 * @return whether the failure is to be audited as its own row (otherwise it is
	 * counted into the address's summary row)
	 */
	synchronized boolean failed(String address, String reason) {
		if (address == null) {
			return true;
		}
		Window window = current(address, this.clock.millis());
		window.failures++;
		if (this.properties.perMinute() > 0 && window.failures >= this.properties.perMinute()) {
			this.refusedUntil.put(address, window.start + WINDOW_MILLIS);
		}
		if (window.failures <= this.properties.auditedPerMinute()) {
			return true;
		}
		window.summary.count(reason);
		return false;
	}

	/** Counts a request refused because its address is throttled. */
	synchronized void throttled(String address) {
		if (address != null) {
			current(address, this.clock.millis()).summary.count("throttled");
		}
	}

	@Scheduled(initialDelayString = "PT10S", fixedDelayString = "PT10S")
	void flushClosedWindows() {
		flush(false);
	}

	@PreDestroy
	void flushAll() {
		flush(true);
	}

	/**
	 * Writes the summaries of closed windows (of every window when {@code all}) and
	 * forgets those windows.
	 */
	void flush(boolean all) {
		List<Summary> toWrite;
		synchronized (this) {
			long now = this.clock.millis();
			for (Iterator<Map.Entry<String, Window>> it = this.windows.entrySet().iterator(); it.hasNext();) {
				Map.Entry<String, Window> entry = it.next();
				if (all || now >= entry.getValue().start + WINDOW_MILLIS) {
					it.remove();
					retire(entry.getKey(), entry.getValue());
				}
			}
			toWrite = new ArrayList<>(this.pending);
			this.pending.clear();
			if (this.overflow.count > 0) {
				toWrite.add(this.overflow.copy());
				this.overflow.clear();
			}
		}
		toWrite.forEach(this::write);
	}

	private Window current(String address, long now) {
		Window window = this.windows.get(address);
		if (window == null || now >= window.start + WINDOW_MILLIS) {
			if (window != null) {
				retire(address, window);
			}
			window = new Window(address, now);
			this.windows.put(address, window);
		}
		return window;
	}

	private void retire(String address, Window window) {
		Long until = this.refusedUntil.get(address);
		if (until != null && until <= window.start + WINDOW_MILLIS) {
			this.refusedUntil.remove(address, until);
		}
		if (window.summary.count == 0) {
			return;
		}
		if (this.pending.size() < this.properties.trackedAddresses()) {
			this.pending.add(window.summary);
		}
		else {
			this.overflow.merge(window.summary);
			this.overflow.addresses++;
		}
	}

	private void write(Summary summary) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("reason", "repeated_failures");
		details.put("count", summary.count);
		details.put("reasons", Map.copyOf(summary.reasons));
		details.put("window_start", Instant.ofEpochMilli(summary.start).toString());
		details.put("window_end", Instant.ofEpochMilli(summary.end).toString());
		if (summary.address == null) {
			details.put("addresses", summary.addresses);
		}
		this.auditLog.record(AuditEvent.of("auth_failure")
			.action("repeated_failures")
			.resource("http")
			.result("failure")
			.remoteAddress(summary.address)
			.details(details));
	}

	private static final class Window {

		final long start;

		long failures;

		final Summary summary;

		Window(String address, long start) {
			this.start = start;
			this.summary = new Summary(address, start);
		}

	}

	/**
	 * The failures of one address in one window that were not audited one by one, by
	 * reason ({@code throttled} for requests refused with 429).
	 */
	private static final class Summary {

		final String address;

		long start;

		long end;

		long count;

		long addresses;

		final Map<String, Long> reasons = new LinkedHashMap<>();

		Summary(String address, long start) {
			this.address = address;
			this.start = start;
			this.end = start + WINDOW_MILLIS;
		}

		void count(String reason) {
			this.count++;
			this.reasons.merge(reason, 1L, Long::sum);
		}

		void merge(Summary other) {
			this.start = (this.count == 0) ? other.start : Math.min(this.start, other.start);
			this.end = Math.max(this.end, other.end);
			this.count += other.count;
			other.reasons.forEach((reason, n) -> this.reasons.merge(reason, n, Long::sum));
		}

		Summary copy() {
			Summary copy = new Summary(null, this.start);
			copy.merge(this);
			copy.addresses = this.addresses;
			return copy;
		}

		void clear() {
			this.count = 0;
			this.addresses = 0;
			this.reasons.clear();
		}

	}

}
