package dev.sharedcontext.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditEvent;
import dev.sharedcontext.audit.AuditLog;

/**
 * In-memory token buckets, one per operation and key (agent id or IP address). A bucket
 * holds a minute's worth of requests and refills continuously, so bursts up to the limit
 * pass and a steady rate above it is refused with {@link RateLimitedException}. A refusal
 * is audited ({@code rate_limited}) at most once a minute per bucket, so a flood cannot
 * flood the audit log. Limits are per replica.
 */
@Component
public class RateLimiter {

	private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final RateLimitProperties properties;

	private final AuditLog auditLog;

	RateLimiter(RateLimitProperties properties, AuditLog auditLog) {
		this.properties = properties;
		this.auditLog = auditLog;
	}

	/**
	 * Takes one request from the bucket of {@code key}; a {@code null} key (no caller
	 * address, e.g. the host command) is not limited.
	 * @throws RateLimitedException when the bucket is empty
	 */
	public void acquire(RateLimit limit, String key) {
		int perMinute = this.properties.perMinute(limit);
		if (perMinute <= 0 || key == null) {
			return;
		}
		Bucket bucket = this.buckets.computeIfAbsent(limit.name() + ':' + key, (k) -> new Bucket(perMinute));
		long waitNanos = bucket.take(System.nanoTime());
		if (waitNanos > 0) {
			long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999));
			if (bucket.shouldAudit(System.nanoTime())) {
				this.auditLog.record(AuditEvent.of("rate_limited")
					.agent((limit == RateLimit.AUTHENTICATION) ? null : key)
					.action(limit.value())
					.result("denied")
					.details(Map.of("limit_per_minute", perMinute)));
			}
			throw new RateLimitedException(limit, retryAfter);
		}
	}

	/**
	 * Forgets buckets that have refilled completely, so idle agents and addresses cost no
	 * memory.
	 */
	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void forgetIdle() {
		long now = System.nanoTime();
		this.buckets.values().removeIf((bucket) -> bucket.full(now));
	}

	private static final class Bucket {

		private final double capacity;

		private final double refillPerNano;

		private double tokens;

		private long refilledAt;

		private long auditedAt;

		private boolean audited;

		Bucket(int perMinute) {
			this.capacity = perMinute;
			this.refillPerNano = perMinute / (double) MINUTE_NANOS;
			this.tokens = perMinute;
			this.refilledAt = System.nanoTime();
		}

		/**
		 * Takes a token; returns 0 on success, otherwise how long until one is available.
		 */
		synchronized long take(long now) {
			refill(now);
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return (long) Math.ceil((1 - this.tokens) / this.refillPerNano);
		}

		synchronized boolean shouldAudit(long now) {
			if (this.audited && now - this.auditedAt < MINUTE_NANOS) {
				return false;
			}
			this.audited = true;
			this.auditedAt = now;
			return true;
		}

		synchronized boolean full(long now) {
			refill(now);
			return this.tokens >= this.capacity;
		}

		private void refill(long now) {
			this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.refillPerNano);
			this.refilledAt = now;
		}

	}

}
