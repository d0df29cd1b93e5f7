package dev.sharedcontext.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditEvent;
import dev.sharedcontext.audit.AuditLog;
import dev.sharedcontext.metrics.meters.ServerMeters;

/**
 * Token buckets (Bucket4j), one per operation and key (agent id or IP address). A bucket
 * holds a minute's worth of requests and refills continuously, so bursts up to the limit
 * pass and a steady rate above it is refused with {@link RateLimitedException}. Where the
 * buckets live depends on the engine ({@link RateLimitBuckets}): in memory on SQLite, in
 * the shared database on PostgreSQL, where one agent's budget is one budget across all
 * replicas. A refusal is audited ({@code rate_limited}) at most once a minute per bucket,
 * so a flood cannot flood the audit log; that throttle is kept per replica. Every refusal
 * is counted ({@code scs.ratelimit.refusals}, by limit).
 */
@Component
public class RateLimiter {

	private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final RateLimitProperties properties;

	private final AuditLog auditLog;

	private final RateLimitBuckets buckets;

	private final ServerMeters meters;

	/** {@code System.nanoTime()} of each bucket's last audited refusal. */
	private final Map<String, Long> auditedAt = new ConcurrentHashMap<>();

	RateLimiter(RateLimitProperties properties, AuditLog auditLog, RateLimitBuckets buckets, ServerMeters meters) {
		this.properties = properties;
		this.auditLog = auditLog;
		this.buckets = buckets;
		this.meters = meters;
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
		long waitNanos = this.buckets.take(limit, key, perMinute);
		if (waitNanos > 0) {
			long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999));
			this.meters.rateLimited(limit.value());
			if (shouldAudit(limit.name() + ':' + key, System.nanoTime())) {
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
	 * Forgets buckets that have refilled completely and audit marks older than a minute,
	 * so idle agents and addresses cost nothing.
	 */
	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void forgetIdle() {
		this.buckets.forgetIdle();
		long now = System.nanoTime();
		this.auditedAt.values().removeIf((at) -> now - at >= MINUTE_NANOS);
	}

	private boolean shouldAudit(String bucket, long now) {
		boolean[] audit = new boolean[1];
		this.auditedAt.compute(bucket, (key, at) -> {
			if (at != null && now - at < MINUTE_NANOS) {
				return at;
			}
			audit[0] = true;
			return now;
		});
		return audit[0];
	}

}
