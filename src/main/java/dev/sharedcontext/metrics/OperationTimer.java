package dev.sharedcontext.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Times MCP tool calls as the Micrometer timer {@code scs.mcp.tool.calls} (tags
 * {@code tool}, {@code outcome}), with client-side p50/p95/p99. REST requests are timed
 * by Spring's own {@code http.server.requests}.
 */
@Component
public class OperationTimer {

	public static final String MCP_TOOL_CALLS = "scs.mcp.tool.calls";

	private final MeterRegistry registry;

	OperationTimer(MeterRegistry registry) {
		this.registry = registry;
	}

	public void record(String tool, boolean success, long nanos) {
		Timer.builder(MCP_TOOL_CALLS)
			.description("MCP tools/call latency by tool")
			.tag("tool", tool)
			.tag("outcome", success ? "success" : "error")
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

}
