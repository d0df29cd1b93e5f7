package dev.sharedcontext.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code get_performance_metrics} reports: connection pools, per-operation latency,
 * totals, JVM.
 *
 * @param timestamp when the snapshot was taken
 * @param uptimeSeconds time since start
 * @param pools per Hikari pool: active, idle, total, max, pending
 * @param latency every MCP tool call since start except long polls
 * ({@code wait_for_messages}), whose duration is the caller's chosen wait
 * @param longPolls the long polls, apart
 * @param operations per MCP tool and REST endpoint: calls and latency
 * @param totals sessions, messages, memory entries, active tokens
 * @param jvm heap used and max (MiB), live threads
 */
public record PerformanceMetrics(Instant timestamp, long uptimeSeconds, List<Pool> pools, Latency latency,
		Latency longPolls, List<Operation> operations, Map<String, Long> totals, Map<String, Object> jvm) {

	/** A connection pool's state. */
	public record Pool(String name, int active, int idle, int total, int max, int pending) {
	}

	/**
	 * Calls and latency (milliseconds) of a set of calls since start, both outcomes.
	 * Percentiles are estimates (a few percent of the value).
	 */
	public record Latency(long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

		static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);

	}

	/** Calls and latency (milliseconds) of one operation since start. */
	public record Operation(String surface, String operation, String outcome, long count, double meanMs, double p50Ms,
			double p95Ms, double p99Ms, double maxMs) {
	}

}
