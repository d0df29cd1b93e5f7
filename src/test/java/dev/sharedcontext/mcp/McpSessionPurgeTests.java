package dev.sharedcontext.mcp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.background.JobClaims;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.support.MutableClock;

import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The purge of idle MCP sessions and old events runs on the process that wins this
 * interval's claim only.
 */
class McpSessionPurgeTests {

	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	private final JdbcClient jdbc = mock(JdbcClient.class, RETURNS_DEEP_STUBS);

	private final JobClaims claims = mock(JobClaims.class);

	private final McpSessionStore store = new McpSessionStore(this.jdbc, mock(JdbcClient.class), new MutableClock(NOW),
			new McpProperties(List.of(), List.of(), Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(15)),
			this.claims, new ServerMeters(new SimpleMeterRegistry(), new MutableClock(NOW)));

	@Test
	void purgeWhenAnotherProcessClaimedThisIntervalThenNothingIsDeleted() {
		given(this.claims.claim(McpSessionStore.PURGE_JOB, Duration.ofMinutes(5), NOW)).willReturn(false);
		this.store.purge();
		verifyNoInteractions(this.jdbc);
	}

	@Test
	void purgeWhenThisProcessWinsThenIdleSessionsAndOldEventsAreDeleted() {
		given(this.claims.claim(McpSessionStore.PURGE_JOB, Duration.ofMinutes(5), NOW)).willReturn(true);
		this.store.purge();
		verify(this.jdbc).sql(startsWith("DELETE FROM mcp_sessions"));
		verify(this.jdbc).sql(startsWith("DELETE FROM mcp_events"));
	}

}
