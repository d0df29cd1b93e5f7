package dev.sharedcontext.memory;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import dev.sharedcontext.background.JobClaims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class ExpiredMemoryPurgeTests {

	private final MemoryService memory = mock(MemoryService.class);

	private final JobClaims claims = mock(JobClaims.class);

	private final ExpiredMemoryPurge purge = new ExpiredMemoryPurge(this.memory,
			new MemoryProperties(10_000, 65_536, Duration.ofSeconds(42)), this.claims);

	@BeforeEach
	void winTheClaim() {
		given(this.claims.claim(ExpiredMemoryPurge.JOB, Duration.ofSeconds(42))).willReturn(true);
	}

	@Test
	void configureTasksWhenCalledThenSchedulesAFixedDelayPurgeAtTheConfiguredInterval() {
		ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
		this.purge.configureTasks(registrar);
		assertThat(registrar.getFixedDelayTaskList()).singleElement().satisfies((task) -> {
			FixedDelayTask fixedDelay = (FixedDelayTask) task;
			assertThat(fixedDelay.getIntervalDuration()).isEqualTo(Duration.ofSeconds(42));
			assertThat(fixedDelay.getInitialDelayDuration()).isEqualTo(Duration.ofSeconds(42));
			fixedDelay.getRunnable().run();
		});
		verify(this.memory).purgeExpired();
	}

	@Test
	void purgeWhenTheDatabaseFailsThenTheFailureIsLoggedAndTheScheduleSurvives() {
		given(this.memory.purgeExpired()).willThrow(new IllegalStateException("database is locked"));
		assertThatNoException().isThrownBy(this.purge::purge);
	}

	@Test
	void purgeWhenAnotherProcessClaimedThisIntervalThenNothingIsDeleted() {
		given(this.claims.claim(ExpiredMemoryPurge.JOB, Duration.ofSeconds(42))).willReturn(false);
		this.purge.purge();
		verify(this.memory, never()).purgeExpired();
	}

}
