package dev.sharedcontext.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Times MCP tool calls as the Micrometer timer {@code scs.mcp.tool.calls} (tags
 * {@code tool}, {@code outcome}), with client-side p50/p95/p99, and every call once more
 * in {@code scs.mcp.latency} (tag {@code kind}: {@code request} or {@code long_poll}) for
 * the aggregate figures. REST requests are timed by Spring's own
 * {@code http.server.requests}.
 * <p>
 * Percentiles and max cover every call since start, like count and mean: Micrometer's
 * default lets them decay within minutes, after which an idle server reported p50 = p99 =
 * 0 next to a mean of seconds. A long poll ({@link #LONG_POLL_TOOLS}) lasts as long as
 * its caller chose to wait, so it is kept out of the aggregate latency, which would
 * otherwise say more about the callers' timeouts than about the server.
 */
@Component
public class OperationTimer {

	public static final String MCP_TOOL_CALLS = "scs.mcp.tool.calls";

	/** Every MCP tool call, tagged by {@code kind} only. */
	public static final String MCP_LATENCY = "scs.mcp.latency";

	/** Tools whose duration is the caller's chosen wait, not the server's latency. */
	public static final Set<String> LONG_POLL_TOOLS = Set.of("wait_for_messages");

	/**
	 * How long percentiles and max keep a sample: for the life of the process (a
	 * century), so they describe the same calls as count and mean.
	 */
	static final Duration SINCE_START = Duration.ofDays(36_500);

	/** Suffix of the cache key of a tool's failure timers (a tool name has no space). */
	private static final String FAILED = " failed";

	private final MeterRegistry registry;

	private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

	OperationTimer(MeterRegistry registry) {
		this.registry = registry;
	}

	public void record(String tool, boolean success, long nanos) {
		Timer[] timers = this.timers.computeIfAbsent(success ? tool : tool + FAILED, (key) -> register(tool, success));
		timers[0].record(nanos, TimeUnit.NANOSECONDS);
		timers[1].record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * The two timers of a tool and outcome, registered once: building and looking up two
	 * timers by name and tags on every call was a visible share of a call's CPU.
	 */
	private Timer[] register(String tool, boolean success) {
		return new Timer[] {
				sinceStart(Timer.builder(MCP_TOOL_CALLS)
					.description("MCP tools/call latency by tool")
					.tag("tool", tool)
					.tag("outcome", success ? "success" : "error")),
				sinceStart(Timer.builder(MCP_LATENCY)
					.description("MCP tools/call latency, long polls (wait_for_messages) apart")
					.tag("kind", kindOf(tool))) };
	}

	/** {@code long_poll} for {@link #LONG_POLL_TOOLS}, otherwise {@code request}. */
	public static String kindOf(String tool) {
		return LONG_POLL_TOOLS.contains(tool) ? "long_poll" : "request";
	}

	private Timer sinceStart(Timer.Builder timer) {
		return timer.publishPercentiles(0.5, 0.95, 0.99)
			.distributionStatisticExpiry(SINCE_START)
			.distributionStatisticBufferLength(1)
			.register(this.registry);
	}

}
