package dev.sharedcontext.security;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.sharedcontext.audit.AuditEvent;
import dev.sharedcontext.audit.AuditLog;
import dev.sharedcontext.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The per-address failure budget, its windows, summaries and memory bound, on a clock
 * that only moves when told to.
 */
class AuthenticationFailuresTests {

	private final MutableClock clock = MutableClock.startingNow();

	private final AuditLog auditLog = mock(AuditLog.class);

	private AuthenticationFailures failures(int perMinute, int auditedPerMinute, int trackedAddresses) {
		return new AuthenticationFailures(
				new AuthenticationFailureProperties(perMinute, auditedPerMinute, trackedAddresses), this.auditLog,
				this.clock);
	}

	@Test
	void failedWhenBudgetUsedThenThrottledUntilTheWindowEnds() {
		AuthenticationFailures failures = failures(3, 1, 100);
		assertThat(failures.failed("10.0.0.1", "invalid_api_key")).isTrue();
		assertThat(failures.failed("10.0.0.1", "invalid_api_key")).isFalse();
		assertThat(failures.retryAfterSeconds("10.0.0.1")).isZero();
		failures.failed("10.0.0.1", "invalid_api_key");

		assertThat(failures.retryAfterSeconds("10.0.0.1")).isEqualTo(60);
		assertThat(failures.retryAfterSeconds("10.0.0.2")).isZero();
		this.clock.advance(Duration.ofSeconds(45));
		assertThat(failures.retryAfterSeconds("10.0.0.1")).isEqualTo(15);
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(failures.retryAfterSeconds("10.0.0.1")).isZero();
	}

	@Test
	void failedWhenThrottleOffThenNeverThrottled() {
		AuthenticationFailures failures = failures(0, 1, 100);
		for (int i = 0; i < 1000; i++) {
			failures.failed("10.0.0.1", "invalid_api_key");
		}
		assertThat(failures.retryAfterSeconds("10.0.0.1")).isZero();
	}

	@Test
	void flushWhenWindowClosedThenOneSummaryRowPerAddress() {
		AuthenticationFailures failures = failures(30, 1, 100);
		for (int i = 0; i < 10; i++) {
			failures.failed("10.0.0.1", "invalid_api_key");
			failures.failed("10.0.0.2", "missing_api_key");
		}
		failures.throttled("10.0.0.1");

		failures.flush(false);
		verify(this.auditLog, never()).record(any(AuditEvent.Builder.class));

		this.clock.advance(Duration.ofSeconds(61));
		failures.flush(false);
		verify(this.auditLog, times(2)).record(any(AuditEvent.Builder.class));

		failures.flush(true);
		verify(this.auditLog, times(2)).record(any(AuditEvent.Builder.class));
	}

	@Test
	void failedWhenMoreAddressesThanTrackedThenTheLeastRecentIsForgottenAndItsCountsWritten() {
		AuthenticationFailures failures = failures(2, 1, 2);
		failures.failed("10.0.0.1", "invalid_api_key");
		failures.failed("10.0.0.1", "invalid_api_key");
		assertThat(failures.retryAfterSeconds("10.0.0.1")).isPositive();

		failures.failed("10.0.0.2", "invalid_api_key");
		failures.failed("10.0.0.3", "invalid_api_key");

		assertThat(failures.retryAfterSeconds("10.0.0.1")).as("forgotten").isZero();
		assertThat(failures.failed("10.0.0.1", "invalid_api_key")).as("a fresh window again").isTrue();
		failures.flush(false);
		verify(this.auditLog, times(1)).record(any(AuditEvent.Builder.class));
	}

}
