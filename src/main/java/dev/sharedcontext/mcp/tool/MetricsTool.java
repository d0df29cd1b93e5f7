package dev.sharedcontext.mcp.tool;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.metrics.MetricsService;

/** {@code get_performance_metrics} (admin or debug). */
@Component
class MetricsTool extends McpTool {

	private final MetricsService metrics;

	MetricsTool(MetricsService metrics) {
		super("get_performance_metrics", true, """
				Admin or debug only: server performance — database connection pools (active, idle, pending), \
				calls and latency percentiles (p50/p95/p99, ms) per MCP tool and REST endpoint since start, \
				totals (sessions, messages, memory entries, active tokens) and JVM heap.""",
				InputSchema.object().withAuthToken().build());
		this.metrics = metrics;
	}

	@Override
	public Object call(ToolCall call) {
		return this.metrics.snapshot(call.principal());
	}

}
