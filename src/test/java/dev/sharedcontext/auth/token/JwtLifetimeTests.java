package dev.sharedcontext.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AuthProperties;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.AuditTrail;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.MutableClock;
import dev.sharedcontext.support.MutableClockConfiguration;
import dev.sharedcontext.support.TestJwts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JWT lives no longer than its row in {@code tokens}: one re-signed with the server's
 * own key (a leaked key, a previous key kept for rotation) with a later {@code exp} is
 * refused once the row has expired. Time is a {@link MutableClock}, so expiry is reached
 * without waiting.
 */
@Import(MutableClockConfiguration.class)
class JwtLifetimeTests extends IntegrationTest {

	private static final Duration ONE_YEAR = Duration.ofDays(365);

	@Autowired
	private MutableClock clock;

	@Autowired
	private AuthProperties properties;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void aJwtReSignedToOutliveItsRowIsRefusedAsExpiredOnceTheRowExpires() {
		String issued = mint("outliver");
		String extended = withLaterExpiry(issued, ONE_YEAR);
		assertThat(this.api.get("/api/v1/sessions", extended).status()).isEqualTo(200);

		this.clock.advance(this.properties.tokenExpiry().plusMinutes(1));

		String requestId = AuditTrail.newRequestId();
		Response refused = this.api.send("GET", "/api/v1/sessions", extended, null,
				Map.of(AuditTrail.REQUEST_ID_HEADER, requestId));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
		assertThat(refused.code()).isEqualTo("TOKEN_EXPIRED");
		assertThat(refused.text()).doesNotContain(extended);
		assertThat(new AuditTrail(this.jdbc).forRequest(requestId)).singleElement().satisfies((row) -> {
			assertThat(row.eventType()).isEqualTo("auth_failure");
			assertThat(row.detail("reason")).isEqualTo("expired");
			assertThat(row.toString()).doesNotContain(extended);
		});
		assertThat(this.api.get("/api/v1/sessions", issued).code()).isEqualTo("TOKEN_EXPIRED");
	}

	@Test
	void aJwtReSignedToOutliveItsRowCannotBeRefreshedPastTheGracePeriod() {
		String extended = withLaterExpiry(mint("late-outliver"), ONE_YEAR);

		this.clock.advance(this.properties.tokenExpiry().plus(TokenService.REFRESH_GRACE).plusMinutes(1));

		Response refreshed = this.api.post("/api/v1/auth/refresh", null, Map.of("current_token", extended));
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(401);
		assertThat(refreshed.code()).isEqualTo("TOKEN_EXPIRED");
		assertThat(refreshed.json().has("token")).isFalse();
	}

	@Test
	void aJwtWhoseRowExpiredWithinTheGracePeriodCanStillBeRefreshed() {
		String extended = withLaterExpiry(mint("grace-outliver"), ONE_YEAR);

		this.clock.advance(this.properties.tokenExpiry().plusMinutes(1));

		assertThat(this.api.get("/api/v1/sessions", extended).code()).isEqualTo("TOKEN_EXPIRED");
		Response refreshed = this.api.post("/api/v1/auth/refresh", null, Map.of("current_token", extended));
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/sessions", refreshed.json().get("token").asString()).status()).isEqualTo(200);
	}

	private String mint(String agentId) {
		return this.tokenService
			.authenticateAgent(agentId, "claude", List.of(Permission.READ, Permission.WRITE), TokenFormat.JWT,
					new AuditDetails())
			.token();
	}

	/** The same JWT, its {@code exp} moved later, re-signed with the server's key. */
	private static String withLaterExpiry(String jwt, Duration later) {
		ObjectNode claims = TestJwts.claims(jwt);
		claims.put("exp", claims.get("exp").asLong() + later.toSeconds());
		return TestJwts.sign(TestJwts.header(jwt), claims, "HmacSHA256", JWT_SECRET);
	}

}
