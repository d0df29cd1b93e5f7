package dev.sharedcontext.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures behind {@code get_performance_metrics}: percentiles and max that still
 * describe the calls after the server has been idle, and long polls kept apart.
 */
class OperationTimerTests {

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final OperationTimer timer = new OperationTimer(this.registry);

	@Test
	void percentilesAndMaxSurviveAnIdleServer() {
		for (int ms : new int[] { 10, 20, 30, 40, 200 }) {
			this.timer.record("get_messages", true, TimeUnit.MILLISECONDS.toNanos(ms));
		}

		this.clock.add(Duration.ofHours(1));

		Timer calls = this.registry.find(OperationTimer.MCP_TOOL_CALLS).tag("tool", "get_messages").timer();
		double[] percentiles = Arrays.stream(calls.takeSnapshot().percentileValues())
			.mapToDouble((ValueAtPercentile v) -> v.value(TimeUnit.MILLISECONDS))
			.toArray();
		assertThat(percentiles).hasSize(3);
		assertThat(percentiles[0]).isPositive();
		assertThat(percentiles[0]).isLessThanOrEqualTo(percentiles[1]);
		assertThat(percentiles[1]).isLessThanOrEqualTo(percentiles[2]);
		assertThat(calls.max(TimeUnit.MILLISECONDS)).isEqualTo(200.0);
	}

	@Test
	void aLongPollIsTimedApartFromRequests() {
		this.timer.record("get_messages", true, TimeUnit.MILLISECONDS.toNanos(5));
		this.timer.record("wait_for_messages", true, TimeUnit.SECONDS.toNanos(30));

		Timer requests = this.registry.find(OperationTimer.MCP_LATENCY).tag("kind", "request").timer();
		Timer longPolls = this.registry.find(OperationTimer.MCP_LATENCY).tag("kind", "long_poll").timer();
		assertThat(requests.count()).isEqualTo(1);
		assertThat(requests.max(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
		assertThat(longPolls.count()).isEqualTo(1);
		assertThat(longPolls.max(TimeUnit.SECONDS)).isEqualTo(30.0);
	}

}
