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
				calls and latency (mean, p50/p95/p99, max, ms) since start: in aggregate over MCP tool calls \
				(latency, without long polls), for wait_for_messages apart (long_polls, whose duration is the \
				caller's timeout), and per MCP tool and REST endpoint; totals (sessions, messages, memory \
				entries, active tokens) and JVM heap.""", InputSchema.object().withAuthToken().build());
		this.metrics = metrics;
	}

	@Override
	public Object call(ToolCall call) {
		return this.metrics.snapshot(call.principal());
	}

}
