package dev.sharedcontext.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.PermissionDeniedException;
import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.message.MessageRepository;

/**
 * Performance figures for {@code get_performance_metrics} (admin or debug): pool state
 * from Hikari, latency per operation and in aggregate from Micrometer (long polls apart,
 * see {@link OperationTimer}), totals from the database. Memory appears only as a count:
 * no agent's keys or values.
 */
@Service
public class MetricsService {

	private final List<HikariDataSource> pools;

	private final MeterRegistry registry;

	private final JdbcClient reads;

	private final MessageRepository messages;

	private final Clock clock;

	MetricsService(List<HikariDataSource> pools, MeterRegistry registry, @ReadOnly JdbcClient reads,
			MessageRepository messages, Clock clock) {
		this.messages = messages;
		this.pools = pools;
		this.registry = registry;
		this.reads = reads;
		this.clock = clock;
	}

	public PerformanceMetrics snapshot(AgentPrincipal caller) {
		if (!caller.has(Permission.ADMIN) && !caller.has(Permission.DEBUG)) {
			throw new PermissionDeniedException("get_performance_metrics", Permission.DEBUG);
		}
		List<PerformanceMetrics.Operation> operations = new ArrayList<>();
		for (Timer timer : this.registry.find(OperationTimer.MCP_TOOL_CALLS).timers()) {
			operations.add(operation("mcp", timer.getId().getTag("tool"), timer.getId().getTag("outcome"), timer));
		}
		for (Timer timer : this.registry.find("http.server.requests").timers()) {
			String uri = timer.getId().getTag("uri");
			if (uri != null && uri.startsWith("/api/")) {
				operations.add(operation("rest", timer.getId().getTag("method") + " " + uri,
						timer.getId().getTag("outcome"), timer));
			}
		}
		operations.sort(Comparator.comparing(PerformanceMetrics.Operation::count).reversed());
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		Map<String, Object> jvm = new LinkedHashMap<>();
		jvm.put("heap_used_mib", memory.getHeapMemoryUsage().getUsed() / (1024 * 1024));
		jvm.put("heap_max_mib", memory.getHeapMemoryUsage().getMax() / (1024 * 1024));
		jvm.put("live_threads", ManagementFactory.getThreadMXBean().getThreadCount());
		jvm.put("java_version", Runtime.version().toString());
		return new PerformanceMetrics(this.clock.instant(), ManagementFactory.getRuntimeMXBean().getUptime() / 1000,
				pools(), latency("request"), latency("long_poll"), operations, totals(), jvm);
	}

	private PerformanceMetrics.Latency latency(String kind) {
		Timer timer = this.registry.find(OperationTimer.MCP_LATENCY).tag("kind", kind).timer();
		if (timer == null) {
			return PerformanceMetrics.Latency.NONE;
		}
		Percentiles percentiles = Percentiles.of(timer);
		return new PerformanceMetrics.Latency(timer.count(), round(timer.mean(TimeUnit.MILLISECONDS)),
				percentiles.p50(), percentiles.p95(), percentiles.p99(), round(timer.max(TimeUnit.MILLISECONDS)));
	}

	private List<PerformanceMetrics.Pool> pools() {
		List<PerformanceMetrics.Pool> result = new ArrayList<>();
		for (HikariDataSource pool : this.pools) {
			HikariPoolMXBean bean = pool.getHikariPoolMXBean();
			if (bean != null) {
				result.add(new PerformanceMetrics.Pool(pool.getPoolName(), bean.getActiveConnections(),
						bean.getIdleConnections(), bean.getTotalConnections(), pool.getMaximumPoolSize(),
						bean.getThreadsAwaitingConnection()));
			}
		}
		return result;
	}

	private Map<String, Long> totals() {
		Map<String, Long> totals = new LinkedHashMap<>();
		totals.put("sessions", count("SELECT count(*) FROM sessions"));
		totals.put("messages", this.messages.count());
		totals.put("memory_entries",
				this.reads.sql("SELECT count(*) FROM agent_memory WHERE expires_at IS NULL OR expires_at > :now")
					.param("now", this.clock.millis())
					.query(Long.class)
					.single());
		totals.put("active_tokens",
				this.reads.sql("SELECT count(*) FROM tokens WHERE revoked_at IS NULL AND expires_at > :now")
					.param("now", this.clock.millis())
					.query(Long.class)
					.single());
		return totals;
	}

	private long count(String sql) {
		return this.reads.sql(sql).query(Long.class).single();
	}

	private static PerformanceMetrics.Operation operation(String surface, String name, String outcome, Timer timer) {
		Percentiles percentiles = Percentiles.of(timer);
		return new PerformanceMetrics.Operation(surface, name, outcome, timer.count(),
				round(timer.mean(TimeUnit.MILLISECONDS)), percentiles.p50(), percentiles.p95(), percentiles.p99(),
				round(timer.max(TimeUnit.MILLISECONDS)));
	}

	/** A timer's p50/p95/p99 in milliseconds (0 for one that publishes none). */
	private record Percentiles(double p50, double p95, double p99) {

		static Percentiles of(Timer timer) {
			HistogramSnapshot snapshot = timer.takeSnapshot();
			double p50 = 0;
			double p95 = 0;
			double p99 = 0;
			for (ValueAtPercentile value : snapshot.percentileValues()) {
				double ms = round(value.value(TimeUnit.MILLISECONDS));
				if (value.percentile() == 0.5) {
					p50 = ms;
				}
				else if (value.percentile() == 0.95) {
					p95 = ms;
				}
				else if (value.percentile() == 0.99) {
					p99 = ms;
				}
			}
			return new Percentiles(p50, p95, p99);
		}

	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
