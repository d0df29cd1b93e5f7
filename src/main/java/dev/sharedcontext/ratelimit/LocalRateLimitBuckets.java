package dev.sharedcontext.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Bucket4j buckets in this process's memory, for SQLite, where one server process owns
 * the database. Buckets run on the monotonic {@code System.nanoTime()}, so a wall-clock
 * step never refills or drains one. A bucket that has refilled completely is forgotten (a
 * new one would be identical), so idle agents and addresses cost no memory.
 */
final class LocalRateLimitBuckets implements RateLimitBuckets {

	private final Map<String, Held> buckets = new ConcurrentHashMap<>();

	private final TimeMeter time;

	LocalRateLimitBuckets() {
		this(TimeMeter.SYSTEM_NANOTIME);
	}

	/** With the given time source (tests move it instead of waiting). */
	LocalRateLimitBuckets(TimeMeter time) {
		this.time = time;
	}

	@Override
	public long take(RateLimit limit, String caller, int perMinute) {
		Held held = this.buckets.computeIfAbsent(limit.name() + ':' + caller,
				(k) -> new Held(perMinute, bucket(perMinute)));
		ConsumptionProbe probe = held.bucket().tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
	}

	@Override
	public void forgetIdle() {
		this.buckets.values().removeIf((held) -> held.bucket().getAvailableTokens() >= held.capacity());
	}

	/** How many buckets this process holds. */
	int size() {
		return this.buckets.size();
	}

	private Bucket bucket(int perMinute) {
		return Bucket.builder()
			.addLimit(RateLimitConfiguration.perMinute(perMinute))
			.withCustomTimePrecision(this.time)
			.build();
	}

	private record Held(int capacity, Bucket bucket) {
	}

}
