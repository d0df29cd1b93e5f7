package dev.sharedcontext.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.AuditTrail;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code METRICS_TOKEN} over real HTTP: it scrapes {@code GET /actuator/prometheus} and
 * nothing else; an admin token still scrapes; a wrong one is a 401 counted and audited as
 * {@code invalid_metrics_token}, and no token ends up in the audit log.
 */
class MetricsTokenTests extends IntegrationTest {

	static final String METRICS_TOKEN = "scrape-0123456789-abcdefghijklmnopqrstuvwxyz";

	private static final String PROMETHEUS = "/actuator/prometheus";

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void metricsToken(DynamicPropertyRegistry registry) {
		registry.add("shared-context.metrics.token", () -> METRICS_TOKEN);
	}

	@Test
	void theMetricsTokenScrapesPrometheus() {
		Response scrape = this.api.get(PROMETHEUS, METRICS_TOKEN);
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.text()).contains("scs_agents_active", "scs_streams_open", "scs_waits_parked",
				"scs_mcp_sessions_open");
	}

	@Test
	void anAdminTokenStillScrapesAndOtherAgentsStillCannot() {
		assertThat(this.api.get(PROMETHEUS, token("ops", "ops", Permission.ADMIN)).status()).isEqualTo(200);
		assertThat(this.api.get(PROMETHEUS, token("reader", "claude", Permission.READ)).status()).isEqualTo(403);
		assertThat(this.api.get(PROMETHEUS, null).status()).isEqualTo(401);
	}

	@Test
	void theMetricsTokenIsRefusedEverywhereElse() {
		assertThat(this.api.get("/api/v1/sessions", METRICS_TOKEN).status()).isEqualTo(401);
		assertThat(this.api.post("/api/v1/sessions", METRICS_TOKEN, Map.of("purpose", "x")).status()).isEqualTo(401);
		assertThat(this.api.send("POST", PROMETHEUS, METRICS_TOKEN, null, Map.of()).status()).isEqualTo(401);
		assertThat(this.api.send("POST", "/mcp", METRICS_TOKEN, "{}", rawMcpHeaders()).status()).isEqualTo(401);
		assertThat(this.api.get("/actuator/health", METRICS_TOKEN).status())
			.as("a bearer token is checked wherever it is offered, and this one is no agent's")
			.isEqualTo(401);
	}

	@Test
	void aWrongTokenIsRefusedCountedAndAuditedWithoutTheToken() {
		String wrong = "scrape-0123456789-abcdefghijklmnopqrstuvwxyZ";
		String requestId = AuditTrail.newRequestId();
		Response refused = this.api.send("GET", PROMETHEUS, wrong, null,
				Map.of(AuditTrail.REQUEST_ID_HEADER, requestId));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.text()).doesNotContain(wrong);

		AuditTrail trail = new AuditTrail(this.jdbc);
		List<AuditTrail.Row> rows = trail.forRequest(requestId);
		assertThat(rows).singleElement().satisfies((row) -> {
			assertThat(row.eventType()).isEqualTo("auth_failure");
			assertThat(row.detail("reason")).isEqualTo("invalid_metrics_token");
		});
		assertThat(trail.allRowsAsText()).noneMatch((row) -> row.contains(wrong) || row.contains(METRICS_TOKEN));
		assertThat(this.api.get(PROMETHEUS, METRICS_TOKEN).text())
			.contains("scs_auth_failures_total{reason=\"invalid_metrics_token\"} 1");
	}

	@Test
	void anAgentTokenThatFailsOnTheScrapeKeepsItsOwnReason() {
		String requestId = AuditTrail.newRequestId();
		String unknown = "sct_" + "A".repeat(43);
		assertThat(this.api.send("GET", PROMETHEUS, unknown, null, Map.of(AuditTrail.REQUEST_ID_HEADER, requestId))
			.status()).isEqualTo(401);
		assertThat(new AuditTrail(this.jdbc).forRequest(requestId)).singleElement()
			.satisfies((row) -> assertThat(row.detail("reason")).isEqualTo("unknown_token"));
	}

}
