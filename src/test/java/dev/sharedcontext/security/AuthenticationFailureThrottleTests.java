package dev.sharedcontext.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.token.TokenFormat;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.MutableClock;
import dev.sharedcontext.support.MutableClockConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed authentication is not free (SECURITY.md, "Caps and throttles"): after
 * {@code AUTH_FAILURES_PER_MINUTE} failures an address is answered 429 until its minute
 * ends, and a flood adds a summary row to the audit log, not a row per request. Time is a
 * {@link MutableClock}; each test starts in a fresh window.
 */
@Tag(IntegrationTest.DATABASE_TAG)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Import(MutableClockConfiguration.class)
class AuthenticationFailureThrottleTests {

	private static final int BUDGET = 30;

	private static final String MCP_PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MutableClock clock;

	@Autowired
	private AuthenticationFailures failures;

	@Autowired
	private TokenService tokens;

	@Autowired
	private MeterRegistry meters;

	private Api api;

	@DynamicPropertySource
	static void budget(DynamicPropertyRegistry registry) {
		IntegrationTest.register(registry, 0);
		registry.add("shared-context.auth-failures.per-minute", () -> BUDGET);
		registry.add("shared-context.auth-failures.audited-per-minute", () -> 1);
	}

	@BeforeEach
	void freshWindow() {
		this.clock.advance(Duration.ofMinutes(2));
		this.failures.flush(true);
		this.api = new Api("http://127.0.0.1:" + this.port);
	}

	@Test
	void aFloodOfBadApiKeysIsThrottledAndAuditedAsOneSummary() {
		long before = this.jdbc.sql("SELECT coalesce(max(id), 0) FROM audit_log").query(Long.class).single();
		double failuresBefore = count(ServerMeters.AUTH_FAILURES, "reason", "invalid_api_key");
		double refusalsBefore = count(ServerMeters.RATE_LIMIT_REFUSALS, "limit", "auth_failures");
		List<Integer> statuses = new ArrayList<>();
		Response throttled = null;
		for (int i = 0; i < 500; i++) {
			Response response = badKeyPing();
			statuses.add(response.status());
			if (response.status() == 429) {
				throttled = response;
			}
		}

		assertThat(statuses.subList(0, BUDGET)).containsOnly(401);
		assertThat(statuses.subList(BUDGET, 500)).containsOnly(429);
		assertThat(throttled.code()).isEqualTo("RATE_LIMITED");
		assertThat(throttled.headers().get("content-type"))
			.anySatisfy((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(Long.parseLong(throttled.headers().get("retry-after").get(0))).isBetween(1L, 60L);
		assertThat(throttled.json().get("retry_after").asLong()).isBetween(1L, 60L);
		assertThat(authFailureRowsAfter(before)).as("rows written during the flood").isLessThanOrEqualTo(2);

		this.failures.flush(true);

		assertThat(authFailureRowsAfter(before)).as("rows after the summary").isBetween(2L, 4L);
		long individual = this.jdbc
			.sql("SELECT count(*) FROM audit_log WHERE event_type = 'auth_failure' AND action <> 'repeated_failures'"
					+ " AND id > :before")
			.param("before", before)
			.query(Long.class)
			.single();
		long summarised = summaryTotal(before, "/count");
		assertThat(individual + summarised).as("every failed request is accounted for").isEqualTo(500);
		long throttledCount = summaryTotal(before, "/reasons/throttled");
		assertThat(throttledCount).isEqualTo(500 - BUDGET);
		assertThat(count(ServerMeters.AUTH_FAILURES, "reason", "invalid_api_key") - failuresBefore)
			.as("every failure is counted, throttled or not")
			.isEqualTo(500);
		assertThat(count(ServerMeters.RATE_LIMIT_REFUSALS, "limit", "auth_failures") - refusalsBefore)
			.isEqualTo(500 - BUDGET);
	}

	private double count(String name, String tag, String value) {
		Counter counter = this.meters.find(name).tag(tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

	/**
	 * The sum of one number in the details of the summary rows after {@code before}, read
	 * in Java so that the same test runs on both engines.
	 */
	private long summaryTotal(long before, String pointer) {
		return this.jdbc.sql("SELECT details FROM audit_log WHERE action = 'repeated_failures' AND id > :before")
			.param("before", before)
			.query(String.class)
			.list()
			.stream()
			.mapToLong((details) -> Api.JSON.readTree(details).at(pointer).asLong(0))
			.sum();
	}

	@Test
	void validCredentialsStillWorkFromAThrottledAddressWhileFailuresGet429UntilTheWindowEnds() {
		String token = this.tokens
			.issueFromHost("patient", "claude", List.of(Permission.READ), null, TokenFormat.SCT, new AuditDetails())
			.token();
		for (int i = 0; i < BUDGET; i++) {
			assertThat(badKeyPing().status()).isEqualTo(401);
		}
		assertThat(badKeyPing().status()).isEqualTo(429);

		Response goodKey = this.api.send("POST", "/mcp", null, MCP_PING,
				Map.of("X-API-Key", IntegrationTest.API_KEY, "Accept", "application/json, text/event-stream"));
		assertThat(goodKey.status()).as(goodKey.toString()).isNotIn(401, 429);
		Response goodKeyAndToken = this.api.send("POST", "/mcp", token, MCP_PING,
				Map.of("X-API-Key", IntegrationTest.API_KEY, "Accept", "application/json, text/event-stream"));
		assertThat(goodKeyAndToken.status()).as(goodKeyAndToken.toString()).isNotIn(401, 429);
		assertThat(this.api.get("/api/v1/sessions", token).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/sessions", "sct_" + "x".repeat(43)).status()).isEqualTo(429);
		assertThat(this.api.get("/actuator/health", null).status()).isEqualTo(200);

		this.clock.advance(Duration.ofSeconds(61));

		assertThat(badKeyPing().status()).as("a new window").isEqualTo(401);
	}

	private Response badKeyPing() {
		return this.api.send("POST", "/mcp", null, MCP_PING,
				Map.of("X-API-Key", "not-the-key", "Accept", "application/json, text/event-stream"));
	}

	private long authFailureRowsAfter(long id) {
		return this.jdbc.sql("SELECT count(*) FROM audit_log WHERE event_type = 'auth_failure' AND id > :id")
			.param("id", id)
			.query(Long.class)
			.single();
	}

}
