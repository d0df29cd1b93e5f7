package dev.sharedcontext.metrics.meters;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.token.TokenFormat;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.McpAgent;
import dev.sharedcontext.support.SseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code scs_*} series an operator graphs, end to end: real traffic over REST and
 * over the MCP SDK client, then a scrape of {@code /actuator/prometheus} with
 * {@code METRICS_TOKEN}, asserting that exactly the expected series moved by exactly the
 * expected amount. Rate limits are low ({@value #LIMIT} a minute) so that a refusal is
 * one request away; every test uses agents of its own.
 */
@Tag(IntegrationTest.DATABASE_TAG)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorMetricsTests {

	static final String METRICS_TOKEN = "metrics-token-for-tests-0123456789abcdef";

	private static final int LIMIT = 5;

	private static final Duration WAIT = Duration.ofSeconds(15);

	@LocalServerPort
	private int port;

	@Autowired
	private TokenService tokens;

	private Api api;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IntegrationTest.register(registry, LIMIT);
		registry.add("shared-context.metrics.token", () -> METRICS_TOKEN);
		// a closed stream is noticed at its next keep-alive
		registry.add("shared-context.live.heartbeat", () -> 1);
		registry.add("shared-context.mcp.stream-keep-alive", () -> 1);
	}

	@BeforeEach
	void connect() {
		this.api = new Api(base());
	}

	/** First: no MCP client has opened its background GET stream yet. */
	@Test
	@Order(1)
	void openStreamsAndParkedWaitsAreGaugedWhileTheyLast() throws Exception {
		String writer = token("gauge-writer", Permission.READ, Permission.WRITE);
		String sessionId = createSession(writer);
		Scrape before = scrape();
		assertThat(before.value("scs_streams_open")).isZero();
		assertThat(before.value("scs_waits_parked")).isZero();

		try (SseClient stream = SseClient.open(base(), "/api/v1/sessions/" + sessionId + "/events", writer, Map.of())) {
			assertThat(stream.status()).isEqualTo(200);
			await().atMost(WAIT).until(() -> scrape().value("scs_streams_open") == 1);
		}
		await().atMost(WAIT).until(() -> scrape().value("scs_streams_open") == 0);

		try (McpAgent agent = McpAgent.connect(base(), IntegrationTest.API_KEY, writer)) {
			CompletableFuture<Map<String, Object>> waiting = CompletableFuture.supplyAsync(() -> agent
				.ok("wait_for_messages", Map.of("session_id", sessionId, "after_id", 0, "timeout_seconds", 30)));
			await().atMost(WAIT).until(() -> scrape().value("scs_waits_parked") == 1);
			postRest(writer, sessionId, "public");
			assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsEntry("timed_out", false);
			await().atMost(WAIT).until(() -> scrape().value("scs_waits_parked") == 0);
		}
	}

	@Test
	void messagesPostedOverRestAndMcpAreCountedByVisibility() {
		String writer = token("poster", Permission.READ, Permission.WRITE);
		String sessionId = createSession(writer);
		Scrape before = scrape();
		postRest(writer, sessionId, "private");
		postRest(writer, sessionId, "private");
		postRest(writer, sessionId, "public");
		try (McpAgent agent = McpAgent.connect(base(), IntegrationTest.API_KEY,
				token("mcp-poster", Permission.READ, Permission.WRITE))) {
			agent.ok("add_message", Map.of("session_id", sessionId, "content", "over MCP", "visibility", "private"));
		}
		Scrape after = scrape();
		assertThat(after.increase(before, "scs_messages_posted_total{visibility=\"private\"}")).isEqualTo(3);
		assertThat(after.increase(before, "scs_messages_posted_total{visibility=\"public\"}")).isEqualTo(1);
		assertThat(after.increase(before, "scs_messages_posted_total{visibility=\"agent_only\"}")).isZero();
	}

	@Test
	void searchesOverRestAndMcpAreTimedInHistogramBuckets() {
		String reader = token("searcher", Permission.READ, Permission.WRITE);
		String sessionId = createSession(reader);
		postRest(reader, sessionId, "public");
		Scrape before = scrape();
		assertThat(this.api.get("/api/v1/sessions/" + sessionId + "/search?q=report", reader).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/sessions/" + sessionId + "/messages/by-sender/searcher", reader).status())
			.isEqualTo(200);
		try (McpAgent agent = McpAgent.connect(base(), IntegrationTest.API_KEY,
				token("mcp-searcher", Permission.READ))) {
			agent.ok("search_context", Map.of("session_id", sessionId, "query", "report"));
		}
		Scrape after = scrape();
		assertThat(after.increase(before, "scs_search_latency_seconds_count{kind=\"ranked\"}")).isEqualTo(2);
		assertThat(after.increase(before, "scs_search_latency_seconds_bucket{kind=\"ranked\",le=\"+Inf\"}"))
			.isEqualTo(2);
		assertThat(after.increase(before, "scs_search_latency_seconds_count{kind=\"sender\"}")).isEqualTo(1);
		assertThat(after.value("scs_search_latency_seconds_bucket{kind=\"ranked\",le=\"5.0\"}"))
			.isEqualTo(after.value("scs_search_latency_seconds_count{kind=\"ranked\"}"));
	}

	@Test
	void activeAgentsCountsDistinctAgentsThatAuthenticatedOverEitherSurface() {
		String rest = token("active-rest", Permission.READ);
		String mcp = token("active-mcp", Permission.READ);
		Scrape before = scrape();
		this.api.get("/api/v1/sessions", rest);
		this.api.get("/api/v1/sessions", rest);
		try (McpAgent agent = McpAgent.connect(base(), IntegrationTest.API_KEY, null)) {
			agent.ok("list_sessions", Map.of("auth_token", mcp));
		}
		assertThat(scrape().increase(before, "scs_agents_active")).isEqualTo(2);
	}

	@Test
	void mcpSessionsAreCountedWhileOpen() {
		Scrape before = scrape();
		try (McpAgent agent = McpAgent.connect(base(), IntegrationTest.API_KEY, null)) {
			Scrape open = scrape();
			assertThat(open.increase(before, "scs_mcp_sessions_open")).isEqualTo(1);
			assertThat(open.increase(before, "scs_mcp_sessions_initialized_total")).isEqualTo(1);
		}
		await().atMost(WAIT)
			.until(() -> scrape().value("scs_mcp_sessions_open") == before.value("scs_mcp_sessions_open"));
	}

	@Test
	void rateLimitRefusalsOverRestAndMcpAreCountedByLimit() {
		String rest = token("hasty-rest", Permission.READ, Permission.WRITE);
		String sessionId = createSession(rest);
		Scrape before = scrape();
		List<Integer> statuses = new java.util.ArrayList<>();
		for (int i = 0; i <= LIMIT; i++) {
			statuses.add(this.api.get("/api/v1/sessions/" + sessionId + "/search?q=x", rest).status());
		}
		assertThat(statuses).containsOnly(200, 429).filteredOn((s) -> s == 429).hasSize(1);
		try (McpAgent agent = McpAgent.connect(base(), IntegrationTest.API_KEY, token("hasty-mcp", Permission.READ))) {
			for (int i = 0; i < LIMIT; i++) {
				agent.ok("search_context", Map.of("session_id", sessionId, "query", "x"));
			}
			assertThat(agent.error("search_context", Map.of("session_id", sessionId, "query", "x")))
				.isEqualTo("RATE_LIMITED");
		}
		Scrape after = scrape();
		assertThat(after.increase(before, "scs_ratelimit_refusals_total{limit=\"search\"}")).isEqualTo(2);
		assertThat(after.increase(before, "scs_ratelimit_refusals_total{limit=\"messages\"}")).isZero();
	}

	@Test
	void authenticationFailuresOverRestAndMcpAreCountedByReason() {
		Scrape before = scrape();
		assertThat(this.api.get("/api/v1/sessions", "not-a-token").status()).isEqualTo(401);
		assertThat(this.api.get("/api/v1/sessions", null).status()).isEqualTo(401);
		assertThat(this.api.send("POST", "/mcp", null, "{}", Map.of("X-API-Key", "wrong-key")).status()).isEqualTo(401);
		try (McpAgent agent = McpAgent.connect(base(), IntegrationTest.API_KEY, null)) {
			assertThat(agent.error("list_sessions", Map.of("auth_token", "not-a-token"))).isEqualTo("INVALID_TOKEN");
		}
		Scrape after = scrape();
		assertThat(after.increase(before, "scs_auth_failures_total{reason=\"malformed\"}")).isEqualTo(2);
		assertThat(after.increase(before, "scs_auth_failures_total{reason=\"missing_token\"}")).isEqualTo(1);
		assertThat(after.increase(before, "scs_auth_failures_total{reason=\"invalid_api_key\"}")).isEqualTo(1);
	}

	private Scrape scrape() {
		Api.Response response = this.api.get("/actuator/prometheus", METRICS_TOKEN);
		assertThat(response.status()).isEqualTo(200);
		return Scrape.parse(response.text());
	}

	private String createSession(String token) {
		return this.api.post("/api/v1/sessions", token, Map.of("purpose", "metrics")).json().get("id").asString();
	}

	private void postRest(String token, String sessionId, String visibility) {
		assertThat(this.api
			.post("/api/v1/sessions/" + sessionId + "/messages", token,
					Map.of("content", "weekly report", "visibility", visibility))
			.status()).isEqualTo(201);
	}

	private String token(String agentId, Permission... permissions) {
		return this.tokens
			.issueFromHost(agentId, "claude", List.of(permissions), null, TokenFormat.SCT, new AuditDetails())
			.token();
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * One scrape's samples by series as Prometheus prints them ({@code name{labels}}).
	 */
	record Scrape(Map<String, Double> samples) {

		static Scrape parse(String text) {
			Map<String, Double> samples = new HashMap<>();
			text.lines().filter((line) -> !line.startsWith("#") && !line.isBlank()).forEach((line) -> {
				int space = line.lastIndexOf(' ');
				samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
			});
			return new Scrape(samples);
		}

		/**
		 * The sample's value; 0 for a series not exported yet (a counter never moved).
		 */
		double value(String series) {
			return this.samples.getOrDefault(series, 0.0);
		}

		double increase(Scrape before, String series) {
			return value(series) - before.value(series);
		}

	}

}
