package dev.sharedcontext.audit;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.sharedcontext.background.JobClaims;
import dev.sharedcontext.support.MutableClock;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Both retention jobs run only on the process that wins this interval's claim, so N
 * replicas purge once, not N times.
 */
class AuditRetentionClaimTests {

	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	private final AuditRepository repository = mock(AuditRepository.class);

	private final AuditLog auditLog = mock(AuditLog.class);

	private final JobClaims claims = mock(JobClaims.class);

	private final AuditRetention retention = new AuditRetention(this.repository, this.auditLog,
			new AuditProperties(30, 1_000), new MutableClock(NOW), this.claims);

	@Test
	void purgeDailyWhenAnotherProcessClaimedTheDayThenNothingIsTouched() {
		given(this.claims.claim(AuditRetention.PURGE_JOB, Duration.ofHours(24), NOW)).willReturn(false);
		this.retention.purgeDaily();
		verifyNoInteractions(this.repository, this.auditLog);
	}

	@Test
	void purgeDailyWhenThisProcessWinsThenEventsOlderThanTheRetentionAreLookedUp() {
		given(this.claims.claim(AuditRetention.PURGE_JOB, Duration.ofHours(24), NOW)).willReturn(true);
		this.retention.purgeDaily();
		verify(this.repository).firstIdAtOrAfter(NOW.minus(Duration.ofDays(30)));
	}

	@Test
	void enforceRowBudgetRegularlyWhenAnotherProcessClaimedThenNothingIsTouched() {
		given(this.claims.claim(AuditRetention.ROW_BUDGET_JOB, Duration.ofMinutes(10))).willReturn(false);
		this.retention.enforceRowBudgetRegularly();
		verifyNoInteractions(this.repository, this.auditLog);
	}

	@Test
	void enforceRowBudgetRegularlyWhenThisProcessWinsThenTheBudgetIsChecked() {
		given(this.claims.claim(AuditRetention.ROW_BUDGET_JOB, Duration.ofMinutes(10))).willReturn(true);
		given(this.repository.firstIdToKeep(anyLong())).willReturn(null);
		this.retention.enforceRowBudgetRegularly();
		verify(this.repository).firstIdToKeep(999);
		verifyNoInteractions(this.auditLog);
		verify(this.claims).claim(any(), any());
	}

}
