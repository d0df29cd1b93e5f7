package dev.sharedcontext.mcp.tool;

import java.util.Set;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.metrics.MetricsService;
import dev.sharedcontext.metrics.PerformanceMetrics;

/** {@code get_performance_metrics} (admin or debug). */
@Component
class MetricsTool extends McpTool {

	/** get_performance_metrics takes no arguments (besides auth_token). */
	record NoArgs() {
	}

	private final MetricsService metrics;

	MetricsTool(MetricsService metrics) {
		super(new ToolDefinition("get_performance_metrics", "Performance metrics",
				Set.of(Permission.ADMIN, Permission.DEBUG), ToolDefinition.Hints.READ, NoArgs.class,
				PerformanceMetrics.class,
				"Admin or debug only: connection pools, calls and latency (mean, p50/p95/p99, max ms) overall, for wait_for_messages, per tool and REST endpoint; totals and JVM heap."));
		this.metrics = metrics;
	}

	@Override
	public Object call(ToolCall call) {
		return this.metrics.snapshot(call.principal());
	}

}
