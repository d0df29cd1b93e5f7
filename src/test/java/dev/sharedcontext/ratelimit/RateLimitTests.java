package dev.sharedcontext.ratelimit;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.token.TokenFormat;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.McpAgent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §9 rate limits through both surfaces: at the limit requests pass, the next one is
 * 429 with Retry-After (REST) or an {@code isError} result with {@code RATE_LIMITED}
 * (MCP); refusals are audited once, not once per request.
 */
@Tag(IntegrationTest.DATABASE_TAG)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RateLimitTests {

	private static final int LIMIT = 3;

	private static final String API_KEY = IntegrationTest.API_KEY;

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TokenService tokens;

	private Api api;

	@DynamicPropertySource
	static void lowLimits(DynamicPropertyRegistry registry) {
		IntegrationTest.register(registry, LIMIT);
	}

	@BeforeEach
	void connect() {
		this.api = new Api("http://127.0.0.1:" + this.port);
	}

	private String token(String agentId, String agentType, Permission... permissions) {
		return this.tokens
			.issueFromHost(agentId, agentType, List.of(permissions), null, TokenFormat.SCT, new AuditDetails())
			.token();
	}

	@Test
	void messagePostsBeyondTheLimitAreRefusedWithRetryAfterAndAuditedOnce() {
		String token = token("chatty", "claude", Permission.READ, Permission.WRITE);
		String sessionId = this.api.post("/api/v1/sessions", token, Map.of("purpose", "limits"))
			.json()
			.get("id")
			.asString();
		for (int i = 0; i < LIMIT; i++) {
			assertThat(post(token, sessionId).status()).isEqualTo(201);
		}
		Response limited = post(token, sessionId);
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.code()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(limited.headers().get("retry-after").get(0))).isBetween(1L, 60L);
		assertThat(post(token, sessionId).status()).isEqualTo(429);
		assertThat(rateLimitedEvents("chatty")).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM messages WHERE sender = 'chatty'").query(Long.class).single())
			.isEqualTo(LIMIT);

		String other = token("quiet", "claude", Permission.READ, Permission.WRITE);
		assertThat(post(other, sessionId).status()).as("limits are per agent").isEqualTo(201);
	}

	@Test
	void mintingTokensIsLimitedPerAddress() {
		for (int i = 0; i < LIMIT; i++) {
			assertThat(mint("agent-" + i).status()).isEqualTo(200);
		}
		Response limited = mint("one-too-many");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.code()).isEqualTo("RATE_LIMITED");
	}

	@Test
	void memoryAndSearchAreLimitedOverMcpToo() {
		String token = token("looper", "gemini", Permission.READ, Permission.WRITE);
		try (McpAgent agent = McpAgent.connect("http://127.0.0.1:" + this.port, API_KEY, token)) {
			for (int i = 0; i < LIMIT; i++) {
				agent.ok("set_memory", Map.of("key", "k" + i, "value", i));
			}
			assertThat(agent.error("get_memory", Map.of("key", "k0"))).isEqualTo("RATE_LIMITED");
			for (int i = 0; i < LIMIT; i++) {
				agent.ok("search_context", Map.of("query", "anything"));
			}
			assertThat(agent.error("search_context", Map.of("query", "anything"))).isEqualTo("RATE_LIMITED");
		}
	}

	private Response post(String token, String sessionId) {
		return this.api.post("/api/v1/sessions/" + sessionId + "/messages", token, Map.of("content", "hi"));
	}

	private Response mint(String agentId) {
		return this.api.send("POST", "/api/v1/auth/token", null, Map.of("agent_id", agentId, "agent_type", "bot"),
				Map.of("X-API-Key", API_KEY));
	}

	private long rateLimitedEvents(String agentId) {
		return this.jdbc.sql("SELECT count(*) FROM audit_log WHERE event_type = 'rate_limited' AND agent_id = :agent")
			.param("agent", agentId)
			.query(Long.class)
			.single();
	}

}
