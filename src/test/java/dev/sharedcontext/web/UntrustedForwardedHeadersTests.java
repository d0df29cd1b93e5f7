package dev.sharedcontext.web;

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

import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.AuditTrail;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code TRUSTED_PROXIES} (the default) a client on loopback or a private network
 * cannot choose its own address with {@code X-Forwarded-For}: neither to escape the
 * per-address limit on minting tokens nor to forge the audit log.
 */
@Tag(IntegrationTest.DATABASE_TAG)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class UntrustedForwardedHeadersTests {

	private static final String API_KEY = IntegrationTest.API_KEY;

	@LocalServerPort
	private int port;

	private Api api;

	static final int AUTH_LIMIT = 3;

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void smallAuthenticationLimit(DynamicPropertyRegistry registry) {
		IntegrationTest.register(registry, AUTH_LIMIT);
	}

	@BeforeEach
	void connect() {
		this.api = new Api("http://127.0.0.1:" + this.port);
	}

	@Test
	void forgedForwardedForDoesNotEscapeTheAuthenticationLimitNorReachTheAuditLog() {
		String requestId = AuditTrail.newRequestId();
		assertThat(mint("agent-0", "203.0.113.0", requestId).status()).isEqualTo(200);
		assertThat(new AuditTrail(this.jdbc).forRequest(requestId)).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.remoteAddress()).isEqualTo("127.0.0.1"));
		for (int i = 1; i < AUTH_LIMIT; i++) {
			assertThat(mint("agent-" + i, "203.0.113." + i, AuditTrail.newRequestId()).status()).isEqualTo(200);
		}
		Response limited = mint("one-too-many", "198.51.100.77", AuditTrail.newRequestId());
		assertThat(limited.status()).as("every address was forged; all came from 127.0.0.1").isEqualTo(429);
		assertThat(limited.code()).isEqualTo("RATE_LIMITED");
	}

	private Response mint(String agentId, String forwardedFor, String requestId) {
		return this.api.send("POST", "/api/v1/auth/token", null, Map.of("agent_id", agentId, "agent_type", "bot"),
				Map.of("X-API-Key", API_KEY, "X-Forwarded-For", forwardedFor, AuditTrail.REQUEST_ID_HEADER, requestId));
	}

}
