package dev.sharedcontext.metrics;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.McpAgent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code get_performance_metrics} for admins and debuggers only, and the admin-only
 * Prometheus endpoint.
 */
class PerformanceMetricsTests extends IntegrationTest {

	@Autowired
	private DatabaseVendor vendor;

	@SuppressWarnings("unchecked")
	@Test
	void adminsAndDebuggersSeePoolsLatenciesAndTotals() {
		String writer = token("worker", "claude", Permission.READ, Permission.WRITE);
		try (McpAgent worker = McpAgent.connect(baseUrl(), API_KEY, writer);
				McpAgent admin = McpAgent.connect(baseUrl(), API_KEY, token("ops", "ops", Permission.ADMIN));
				McpAgent debugger = McpAgent.connect(baseUrl(), API_KEY, token("dbg", "ops", Permission.DEBUG))) {
			String sessionId = (String) worker.ok("create_session", Map.of("purpose", "metrics")).get("session_id");
			for (int i = 0; i < 3; i++) {
				worker.ok("add_message", Map.of("session_id", sessionId, "content", "message " + i));
			}
			worker.ok("set_memory", Map.of("key", "secret-plan", "value", "never shown to admins"));
			assertThat(worker.error("get_performance_metrics", Map.of())).isEqualTo("PERMISSION_DENIED");

			Map<String, Object> metrics = admin.ok("get_performance_metrics", Map.of());
			assertThat((List<Map<String, Object>>) metrics.get("pools")).extracting((p) -> p.get("name"))
				.contains(writerPool(), readerPool());
			List<Map<String, Object>> operations = (List<Map<String, Object>>) metrics.get("operations");
			assertThat(operations).anySatisfy((op) -> {
				assertThat(op.get("operation")).isEqualTo("add_message");
				assertThat(op.get("outcome")).isEqualTo("success");
				assertThat(((Number) op.get("count")).longValue()).isEqualTo(3);
				assertThat(((Number) op.get("p99_ms")).doubleValue()).isPositive();
			});
			Map<String, Object> totals = (Map<String, Object>) metrics.get("totals");
			assertThat(((Number) totals.get("messages")).longValue()).isEqualTo(3);
			assertThat(((Number) totals.get("memory_entries")).longValue()).isEqualTo(1);
			assertThat(metrics.toString()).doesNotContain("secret-plan").doesNotContain("never shown");

			assertThat(debugger.ok("get_performance_metrics", Map.of()).get("pools")).isNotNull();
		}
	}

	@SuppressWarnings("unchecked")
	@Test
	void aggregateLatencyHasOrderedPercentilesAndLeavesLongPollsApart() {
		String writer = token("poller", "claude", Permission.READ, Permission.WRITE);
		try (McpAgent worker = McpAgent.connect(baseUrl(), API_KEY, writer);
				McpAgent admin = McpAgent.connect(baseUrl(), API_KEY, token("ops2", "ops", Permission.ADMIN))) {
			String sessionId = (String) worker.ok("create_session", Map.of("purpose", "latency")).get("session_id");
			for (int i = 0; i < 5; i++) {
				worker.ok("add_message", Map.of("session_id", sessionId, "content", "message " + i));
				worker.ok("get_messages", Map.of("session_id", sessionId));
			}
			Map<String, Object> waited = worker.ok("wait_for_messages",
					Map.of("session_id", sessionId, "after_id", 1_000_000, "timeout_seconds", 1));
			assertThat(waited.toString()).contains("timed_out=true");

			Map<String, Object> metrics = admin.ok("get_performance_metrics", Map.of());
			Map<String, Object> latency = (Map<String, Object>) metrics.get("latency");
			assertThat(((Number) latency.get("count")).longValue()).isGreaterThanOrEqualTo(11);
			double p50 = ((Number) latency.get("p50_ms")).doubleValue();
			double p95 = ((Number) latency.get("p95_ms")).doubleValue();
			double p99 = ((Number) latency.get("p99_ms")).doubleValue();
			assertThat(p50).isPositive();
			assertThat(p50).isLessThanOrEqualTo(p95);
			assertThat(p95).isLessThanOrEqualTo(p99);
			assertThat(((Number) latency.get("mean_ms")).doubleValue()).isLessThan(1000.0);

			Map<String, Object> longPolls = (Map<String, Object>) metrics.get("long_polls");
			assertThat(((Number) longPolls.get("count")).longValue()).isEqualTo(1);
			assertThat(((Number) longPolls.get("max_ms")).doubleValue()).isGreaterThanOrEqualTo(1000.0);
		}
	}

	@Test
	void prometheusIsForAdminsOnly() {
		assertThat(this.api.get("/actuator/prometheus", null).status()).isEqualTo(401);
		String reader = token("reader", "claude", Permission.READ);
		assertThat(this.api.get("/actuator/prometheus", reader).status()).isEqualTo(403);
		String writer = token("worker", "claude", Permission.READ, Permission.WRITE);
		String sessionId = this.api.post("/api/v1/sessions", writer, Map.of("purpose", "p"))
			.json()
			.get("id")
			.asString();
		try (McpAgent worker = McpAgent.connect(baseUrl(), API_KEY, writer)) {
			worker.ok("get_messages", Map.of("session_id", sessionId));
		}
		Response scrape = this.api.get("/actuator/prometheus", token("ops", "ops", Permission.ADMIN));
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.text()).contains("scs_mcp_tool_calls_seconds").contains("hikaricp_connections");
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** The pools are named after the engine: sqlite-writer, postgresql-writer. */
	private String writerPool() {
		return (this.vendor == DatabaseVendor.SQLITE) ? "sqlite-writer" : "postgresql-writer";
	}

	private String readerPool() {
		return (this.vendor == DatabaseVendor.SQLITE) ? "sqlite-reader" : "postgresql-reader";
	}

}
