package dev.sharedcontext.metrics.meters;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.sharedcontext.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meter logic behind {@code scs_*}, on a real Prometheus registry: what each call
 * counts, the active-agent window, the search histogram's buckets, and the names
 * Prometheus sees.
 */
class ServerMetersTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final ServerMeters meters = new ServerMeters(this.registry, this.clock);

	@Nested
	class ActiveAgents {

		@Test
		void agentSeenWhenTheSameAgentAuthenticatesAgainThenItCountsOnce() {
			ServerMetersTests.this.meters.agentSeen("alice");
			ServerMetersTests.this.meters.agentSeen("alice");
			ServerMetersTests.this.meters.agentSeen("bob");
			assertThat(active()).isEqualTo(2);
		}

		@Test
		void activeAgentsWhenAnAgentWasLastSeenFiveMinutesAgoThenItIsForgotten() {
			ServerMetersTests.this.meters.agentSeen("alice");
			ServerMetersTests.this.clock.advance(Duration.ofMinutes(2));
			ServerMetersTests.this.meters.agentSeen("bob");
			ServerMetersTests.this.clock.advance(ServerMeters.ACTIVE_WINDOW.minusMinutes(2));
			assertThat(active()).as("alice exactly 5 minutes ago still counts").isEqualTo(2);
			ServerMetersTests.this.clock.advance(Duration.ofMillis(1));
			assertThat(active()).isEqualTo(1);
			ServerMetersTests.this.clock.advance(Duration.ofMinutes(2));
			assertThat(active()).isZero();
		}

		@Test
		void agentSeenWhenSeenAgainAfterTheResolutionThenItsWindowMovesOn() {
			ServerMetersTests.this.meters.agentSeen("alice");
			ServerMetersTests.this.clock.advance(Duration.ofMinutes(4));
			ServerMetersTests.this.meters.agentSeen("alice");
			ServerMetersTests.this.clock.advance(Duration.ofMinutes(4));
			assertThat(active()).isEqualTo(1);
		}

		@Test
		void activeAgentsIsNeverTaggedWithAnAgent() {
			ServerMetersTests.this.meters.agentSeen("alice");
			assertThat(ServerMetersTests.this.registry.scrape()).contains("scs_agents_active 1")
				.doesNotContain("alice");
		}

		private double active() {
			return ServerMetersTests.this.registry.get(ServerMeters.AGENTS_ACTIVE).gauge().value();
		}

	}

	@Test
	void messagePostedWhenCalledThenCountedUnderItsVisibilityWithOneCounterPerTier() {
		this.meters.messagePosted("private");
		this.meters.messagePosted("private");
		this.meters.messagePosted("public");
		Counter first = this.registry.get(ServerMeters.MESSAGES_POSTED).tag("visibility", "private").counter();
		this.meters.messagePosted("private");
		assertThat(first.count()).isEqualTo(3);
		assertThat(this.registry.get(ServerMeters.MESSAGES_POSTED).counters()).hasSize(2);
		assertThat(this.registry.scrape()).contains("scs_messages_posted_total{visibility=\"private\"} 3")
			.contains("scs_messages_posted_total{visibility=\"public\"} 1");
	}

	@Test
	void rateLimitedAndAuthenticationFailedWhenCalledThenCountedByLimitAndReason() {
		this.meters.rateLimited("search");
		this.meters.rateLimited("search");
		this.meters.authenticationFailed("invalid_api_key");
		assertThat(this.registry.scrape()).contains("scs_ratelimit_refusals_total{limit=\"search\"} 2")
			.contains("scs_auth_failures_total{reason=\"invalid_api_key\"} 1");
	}

	@Test
	void searchedWhenTimedThenEachSampleLandsInTheBucketsAtAndAboveIt() {
		this.meters.searched("ranked", TimeUnit.MILLISECONDS.toNanos(3));
		this.meters.searched("ranked", TimeUnit.MILLISECONDS.toNanos(40));
		this.meters.searched("ranked", TimeUnit.SECONDS.toNanos(7));
		String scrape = this.registry.scrape();
		assertThat(scrape).contains("scs_search_latency_seconds_bucket{kind=\"ranked\",le=\"0.002\"} 0")
			.contains("scs_search_latency_seconds_bucket{kind=\"ranked\",le=\"0.005\"} 1")
			.contains("scs_search_latency_seconds_bucket{kind=\"ranked\",le=\"0.05\"} 2")
			.contains("scs_search_latency_seconds_bucket{kind=\"ranked\",le=\"5.0\"} 2")
			.contains("scs_search_latency_seconds_bucket{kind=\"ranked\",le=\"+Inf\"} 3")
			.contains("scs_search_latency_seconds_count{kind=\"ranked\"} 3");
		assertThat(scrape.lines().filter((line) -> line.startsWith("scs_search_latency_seconds_bucket")))
			.as("the documented buckets and +Inf, nothing more")
			.hasSize(ServerMeters.SEARCH_BUCKETS.length + 1);
	}

	@Test
	void gaugesWhenRegisteredThenReadTheStateOnEveryScrape() {
		AtomicInteger streams = new AtomicInteger(2);
		AtomicInteger waits = new AtomicInteger();
		this.meters.streamsOpen(streams::get);
		this.meters.waitsParked(waits::get);
		this.meters.mcpSessionsOpen(() -> 7L);
		assertThat(this.registry.scrape()).contains("scs_streams_open 2")
			.contains("scs_waits_parked 0")
			.contains("scs_mcp_sessions_open 7");
		streams.set(0);
		waits.set(3);
		assertThat(this.registry.scrape()).contains("scs_streams_open 0").contains("scs_waits_parked 3");
	}

	@Test
	void mcpSessionCreatedWhenCalledThenCounted() {
		this.meters.mcpSessionCreated();
		assertThat(this.registry.scrape()).contains("scs_mcp_sessions_initialized_total 1");
	}

}
