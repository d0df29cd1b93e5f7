package dev.sharedcontext.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** In-memory buckets (SQLite): a minute's worth of requests, refilled continuously. */
class LocalRateLimitBucketsTests {

	private final ManualTime time = new ManualTime();

	private final LocalRateLimitBuckets buckets = new LocalRateLimitBuckets(this.time);

	@Test
	void takeWhenTheBurstIsSpentThenTheWaitIsUntilTheNextTokenRefills() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.buckets.take(RateLimit.MESSAGES, "agent", 3)).isZero();
		}
		assertThat(this.buckets.take(RateLimit.MESSAGES, "agent", 3)).isEqualTo(Duration.ofSeconds(20).toNanos());
		this.time.advance(Duration.ofSeconds(5));
		assertThat(this.buckets.take(RateLimit.MESSAGES, "agent", 3)).isEqualTo(Duration.ofSeconds(15).toNanos());
		this.time.advance(Duration.ofSeconds(15));
		assertThat(this.buckets.take(RateLimit.MESSAGES, "agent", 3)).as("one token refilled").isZero();
		assertThat(this.buckets.take(RateLimit.MESSAGES, "agent", 3)).isPositive();
	}

	@Test
	void takeWhenAnotherCallerOrLimitThenItsOwnBucket() {
		assertThat(this.buckets.take(RateLimit.SEARCH, "agent", 1)).isZero();
		assertThat(this.buckets.take(RateLimit.SEARCH, "agent", 1)).isPositive();
		assertThat(this.buckets.take(RateLimit.SEARCH, "other", 1)).isZero();
		assertThat(this.buckets.take(RateLimit.MEMORY, "agent", 1)).isZero();
	}

	@Test
	void forgetIdleWhenABucketHasRefilledCompletelyThenItIsForgotten() {
		this.buckets.take(RateLimit.MESSAGES, "busy", 60);
		this.buckets.take(RateLimit.MESSAGES, "busy", 60);
		this.buckets.take(RateLimit.MESSAGES, "idle", 60);
		this.time.advance(Duration.ofSeconds(1));
		this.buckets.forgetIdle();
		assertThat(this.buckets.size()).as("'idle' refilled its one token, 'busy' did not yet").isEqualTo(1);
		this.time.advance(Duration.ofSeconds(1));
		this.buckets.forgetIdle();
		assertThat(this.buckets.size()).isZero();
	}

}
