package dev.sharedcontext.ratelimit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.sharedcontext.audit.AuditLog;
import dev.sharedcontext.metrics.meters.ServerMeters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * What the limiter adds to its buckets, whichever engine holds them: Retry-After in whole
 * seconds rounded up, at least 1; a refusal audited once a minute per bucket; 0 switches
 * a limit off; no key, no limit; every refusal counted by limit.
 */
class RateLimiterTests {

	private final AuditLog auditLog = mock(AuditLog.class);

	/** Answers each take with the next wait in {@link #waits}, and records the calls. */
	private final List<Long> waits = new ArrayList<>();

	private final List<String> taken = new ArrayList<>();

	private final RateLimitBuckets buckets = new RateLimitBuckets() {

		@Override
		public long take(RateLimit limit, String caller, int perMinute) {
			RateLimiterTests.this.taken.add(limit + "/" + caller + "/" + perMinute);
			return RateLimiterTests.this.waits.isEmpty() ? 0 : RateLimiterTests.this.waits.remove(0);
		}

		@Override
		public void forgetIdle() {
		}

	};

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final RateLimiter limiter = new RateLimiter(new RateLimitProperties(5, 7, 0, 9), this.auditLog,
			this.buckets, new ServerMeters(this.registry, Clock.systemUTC()));

	@Test
	void acquireWhenTheBucketIsEmptyThenRetryAfterIsTheWaitInWholeSecondsRoundedUp() {
		this.waits.addAll(List.of(TimeUnit.MILLISECONDS.toNanos(12_000), TimeUnit.MILLISECONDS.toNanos(12_001), 1L));
		assertThat(refusal()).isEqualTo(12);
		assertThat(refusal()).isEqualTo(13);
		assertThat(refusal()).as("never 0").isEqualTo(1);
		assertThat(this.taken).containsOnly("MESSAGES/agent/7");
	}

	@Test
	void acquireWhenRefusedRepeatedlyThenAuditedOncePerBucket() {
		this.waits.addAll(List.of(1L, 1L, 1L));
		refusal();
		refusal();
		verify(this.auditLog, times(1)).record(any());
		assertThatExceptionOfType(RateLimitedException.class)
			.isThrownBy(() -> this.limiter.acquire(RateLimit.MEMORY, "agent"));
		verify(this.auditLog, times(2)).record(any());
	}

	@Test
	void acquireWhenRefusedThenEveryRefusalIsCountedUnderItsLimit() {
		this.waits.addAll(List.of(1L, 1L, 1L, 0L));
		refusal();
		refusal();
		assertThatExceptionOfType(RateLimitedException.class)
			.isThrownBy(() -> this.limiter.acquire(RateLimit.MEMORY, "agent"));
		this.limiter.acquire(RateLimit.MESSAGES, "agent");
		assertThat(refusals("messages")).isEqualTo(2);
		assertThat(refusals("memory")).isEqualTo(1);
	}

	@Test
	void acquireWhenTheLimitIsOffOrThereIsNoKeyThenNoBucketIsAsked() {
		assertThatNoException().isThrownBy(() -> this.limiter.acquire(RateLimit.SEARCH, "agent"));
		assertThatNoException().isThrownBy(() -> this.limiter.acquire(RateLimit.MESSAGES, null));
		assertThat(this.taken).isEmpty();
		verifyNoInteractions(this.auditLog);
		assertThat(this.registry.find(ServerMeters.RATE_LIMIT_REFUSALS).counters()).isEmpty();
	}

	private double refusals(String limit) {
		return this.registry.get(ServerMeters.RATE_LIMIT_REFUSALS).tag("limit", limit).counter().count();
	}

	private long refusal() {
		return assertThatExceptionOfType(RateLimitedException.class)
			.isThrownBy(() -> this.limiter.acquire(RateLimit.MESSAGES, "agent"))
			.actual()
			.retryAfterSeconds();
	}

}
