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
 * With the proxy on loopback in {@code TRUSTED_PROXIES}, the address it forwards is the
 * client's: each client has its own authentication bucket and its own address in the
 * audit log.
 */
@Tag(IntegrationTest.DATABASE_TAG)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TrustedForwardedHeadersTests {

	private static final String API_KEY = IntegrationTest.API_KEY;

	@LocalServerPort
	private int port;

	private Api api;

	private static final int AUTH_LIMIT = UntrustedForwardedHeadersTests.AUTH_LIMIT;

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void trustLoopback(DynamicPropertyRegistry registry) {
		IntegrationTest.register(registry, AUTH_LIMIT);
		registry.add("shared-context.proxy.trusted", () -> "10.9.0.0/16, 127.0.0.1/32");
	}

	@BeforeEach
	void connect() {
		this.api = new Api("http://127.0.0.1:" + this.port);
	}

	@Test
	void forwardedAddressIsTheClientForTheAuditLog() {
		String requestId = AuditTrail.newRequestId();
		assertThat(mint("audited", "198.51.100.1, 10.9.8.7", requestId).status()).isEqualTo(200);
		assertThat(new AuditTrail(this.jdbc).forRequest(requestId)).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.remoteAddress())
				.as("10.9.8.7 is a trusted proxy too, so the client is the hop before it")
				.isEqualTo("198.51.100.1"));
	}

	@Test
	void eachForwardedClientHasItsOwnAuthenticationLimit() {
		for (int i = 0; i < AUTH_LIMIT; i++) {
			assertThat(mint("first-" + i, "192.0.2.1", AuditTrail.newRequestId()).status()).isEqualTo(200);
		}
		assertThat(mint("first-over", "192.0.2.1", AuditTrail.newRequestId()).status()).isEqualTo(429);
		assertThat(mint("second", "192.0.2.2", AuditTrail.newRequestId()).status())
			.as("another client behind the same proxy")
			.isEqualTo(200);
	}

	private Response mint(String agentId, String forwardedFor, String requestId) {
		return this.api.send("POST", "/api/v1/auth/token", null, Map.of("agent_id", agentId, "agent_type", "bot"),
				Map.of("X-API-Key", API_KEY, "X-Forwarded-For", forwardedFor, AuditTrail.REQUEST_ID_HEADER, requestId));
	}

}
