package dev.sharedcontext.auth.token;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.AuditTrail;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.TestJwts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged, tampered, expired, revoked and malformed credentials (SPEC §4): each one is
 * answered 401, audited as {@code auth_failure} with the precise reason, and neither the
 * response nor the audit log repeats it. JWT variants are crafted by hand (Base64 + HMAC)
 * from a real token the server issued, so each differs from a valid token in exactly one
 * respect; a re-signed but unchanged token is accepted, which shows the crafting itself
 * is sound.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenAttackTests extends IntegrationTest {

	private static final String OTHER_KEY = "an-attackers-key-that-is-long-enough-for-hs256-0123456789";

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TokenRepository tokenRepository;

	private AuditTrail audit;

	/** A real JWT issued over REST to mallory (read, write). */
	private String realJwt;

	private ObjectNode realHeader;

	private ObjectNode realClaims;

	private String admin;

	@BeforeAll
	void issueARealJwt() {
		this.audit = new AuditTrail(this.jdbc);
		this.admin = token("root", "human", Permission.READ, Permission.ADMIN);
		Response minted = new Api("http://127.0.0.1:" + this.port).send("POST", "/api/v1/auth/token", null,
				Map.of("agent_id", "mallory", "agent_type", "claude", "token_format", "jwt"),
				Map.of("X-API-Key", API_KEY));
		assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
		this.realJwt = minted.json().get("token").asString();
		String[] parts = this.realJwt.split("\\.");
		this.realHeader = (ObjectNode) Api.JSON.readTree(decode(parts[0]));
		this.realClaims = (ObjectNode) Api.JSON.readTree(decode(parts[1]));
		assertThat(this.realHeader.get("alg").asString()).isEqualTo("HS256");
		assertThat(this.realClaims.get("jti").asString()).isEqualTo(minted.json().get("token_id").asString());
	}

	@Test
	void theRealJwtAndAnUnchangedReSignedCopyAreAccepted() {
		assertThat(this.api.get("/api/v1/sessions", this.realJwt).status()).isEqualTo(200);
		String resigned = craft(this.realHeader, this.realClaims, "HmacSHA256", JWT_SECRET);
		assertThat(this.api.get("/api/v1/sessions", resigned).status()).isEqualTo(200);
	}

	Stream<Arguments> forgedJwts() {
		long now = Instant.now().getEpochSecond();
		return Stream.of(forged("alg=none without signature", header((h) -> h.put("alg", "none")), claims((c) -> {
		}), null, "unsupported_algorithm"),
				forged("alg=none keeping the signature", header((h) -> h.put("alg", "none")), claims((c) -> {
				}), "keep", "unsupported_algorithm"),
				forged("payload tampered to admin, signature kept", header((h) -> {
				}), claims((c) -> c.putArray("permissions").add("admin").add("read").add("write")), "keep",
						"bad_signature"),
				forged("signed with the wrong key", header((h) -> {
				}), claims((c) -> {
				}), OTHER_KEY, "bad_signature"),
				forged("signed with the wrong key, no kid", header((h) -> h.remove("kid")), claims((c) -> {
				}), OTHER_KEY, "bad_signature"),
				forged("unknown kid", header((h) -> h.put("kid", "unknownkey00")), claims((c) -> {
				}), JWT_SECRET, "bad_signature"),
				forged("HS512 with a long key", header((h) -> h.put("alg", "HS512")), claims((c) -> {
				}), JWT_SECRET + JWT_SECRET, "unsupported_algorithm"),
				forged("HS384", header((h) -> h.put("alg", "HS384")), claims((c) -> {
				}), JWT_SECRET, "unsupported_algorithm"), forged("expired an hour ago", header((h) -> {
				}), claims((c) -> c.put("iat", now - 7200).put("exp", now - 3600)), JWT_SECRET, "expired"),
				forged("wrong audience", header((h) -> {
				}), claims((c) -> c.put("aud", "some-other-service")), JWT_SECRET, "wrong_audience"),
				forged("wrong issuer", header((h) -> {
				}), claims((c) -> c.put("iss", "evil-issuer")), JWT_SECRET, "wrong_issuer"),
				forged("no exp", header((h) -> {
				}), claims((c) -> c.remove("exp")), JWT_SECRET, "missing_claim"), forged("no sub", header((h) -> {
				}), claims((c) -> c.remove("sub")), JWT_SECRET, "missing_claim"),
				forged("iat in the future", header((h) -> {
				}), claims((c) -> c.put("iat", now + 3600).put("exp", now + 7200)), JWT_SECRET, "issued_in_future"),
				forged("jti of no issued token", header((h) -> {
				}), claims((c) -> c.put("jti", "tok_000000000000000000000000")), JWT_SECRET, "unknown_token"),
				forged("sub changed to another agent", header((h) -> {
				}), claims((c) -> c.put("sub", "root")), JWT_SECRET, "unknown_token"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgedJwts")
	void forgedJwtIsRefusedAndAuditedWithItsReason(String attack, ObjectNode header, ObjectNode claims,
			String signingKey, String reason) {
		String token;
		if ("keep".equals(signingKey)) {
			token = encode(header) + "." + encode(claims) + "." + this.realJwt.split("\\.")[2];
		}
		else if (signingKey == null) {
			token = encode(header) + "." + encode(claims) + ".";
		}
		else {
			String algorithm = switch (header.get("alg").asString()) {
				case "HS512" -> "HmacSHA512";
				case "HS384" -> "HmacSHA384";
				default -> "HmacSHA256";
			};
			token = craft(header, claims, algorithm, signingKey);
		}
		assertRefused(token, reason, reason.equals("expired") ? "TOKEN_EXPIRED" : "INVALID_TOKEN");
	}

	@Test
	void aJwtReSignedWithTheServerKeyStillCarriesOnlyTheStoredPermissions() {
		ObjectNode claims = this.realClaims.deepCopy();
		claims.putArray("permissions").add("admin").add("read").add("write");
		String escalated = craft(this.realHeader, claims, "HmacSHA256", JWT_SECRET);
		Response response = this.api.get("/api/v1/admin/tokens", escalated);
		assertThat(response.status()).as(response.toString()).isEqualTo(403);
	}

	Stream<Arguments> malformedTokens() {
		return Stream.of(Arguments.of("garbage", "not-a-token", "malformed"),
				Arguments.of("three dots of garbage", "a.b.c", "malformed"),
				Arguments.of("sct_ with the wrong shape", "sct_tooShort", "malformed"),
				Arguments.of("sct_ with a character outside base64url", "sct_" + "a".repeat(42) + "!", "malformed"),
				Arguments.of("unknown sct_", ProtectedTokens.generate(), "unknown_token"),
				Arguments.of("a megabyte-ish JWT", "eyJhbGciOiJIUzI1NiJ9." + "a".repeat(5000) + ".sig", "too_long"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedTokens")
	void malformedOrUnknownTokenIsRefusedAndAudited(String attack, String token, String reason) {
		assertRefused(token, reason, "INVALID_TOKEN");
	}

	@Test
	void expiredProtectedTokenIsRefusedAsExpired() {
		String raw = ProtectedTokens.generate();
		Instant issued = Instant.now().minusSeconds(7200);
		this.tokenRepository.insert(new TokenRecord(ProtectedTokens.newId(), TokenFormat.SCT, "mallory", "claude",
				Set.of(Permission.READ), "cli", issued, issued.plusSeconds(3600), null), ProtectedTokens.hash(raw));
		assertRefused(raw, "expired", "TOKEN_EXPIRED");
	}

	@Test
	void anAuthorizationSchemeOtherThanBearerIsRefused() {
		String requestId = AuditTrail.newRequestId();
		Response response = this.api.send("GET", "/api/v1/sessions", null, null,
				Map.of("Authorization", "Basic " + this.realJwt, AuditTrail.REQUEST_ID_HEADER, requestId));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.text()).doesNotContain(this.realJwt);
		assertAuthFailure(requestId, "unsupported_authorization_scheme", this.realJwt);
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void revokedTokenStopsWorkingOnTheNextRequest(TokenFormat format) {
		IssuedToken issued = mint("victim-" + format.value(), format);
		assertThat(this.api.get("/api/v1/sessions", issued.token()).status()).isEqualTo(200);

		String revokeId = AuditTrail.newRequestId();
		Response revoked = this.api.send("DELETE", "/api/v1/admin/tokens/" + issued.tokenId(), this.admin, null,
				Map.of(AuditTrail.REQUEST_ID_HEADER, revokeId));
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		assertThat(this.audit.forRequest(revokeId)).anySatisfy((row) -> {
			assertThat(row.eventType()).isEqualTo("token_revoked");
			assertThat(row.result()).isEqualTo("success");
			assertThat(row.detail("token_id")).isEqualTo(issued.tokenId());
		});

		assertRefused(issued.token(), "revoked", "INVALID_TOKEN");
	}

	@Test
	void wrongApiKeyOnTokenMintingIsRefusedAndAudited() {
		String wrongKey = "wrong-key-" + API_KEY;
		String requestId = AuditTrail.newRequestId();
		Response response = this.api.send("POST", "/api/v1/auth/token", null,
				Map.of("agent_id", "mallory", "agent_type", "claude"),
				Map.of("X-API-Key", wrongKey, AuditTrail.REQUEST_ID_HEADER, requestId));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("INVALID_API_KEY");
		assertThat(response.json().has("token")).isFalse();
		assertThat(response.text()).doesNotContain(wrongKey).doesNotContain(API_KEY);
		assertAuthFailure(requestId, "invalid_api_key", wrongKey);
	}

	@Test
	void missingApiKeyOnTokenMintingIsRefusedAndAudited() {
		String requestId = AuditTrail.newRequestId();
		Response response = this.api.send("POST", "/api/v1/auth/token", null,
				Map.of("agent_id", "mallory", "agent_type", "claude"), Map.of(AuditTrail.REQUEST_ID_HEADER, requestId));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("AUTHENTICATION_REQUIRED");
		assertThat(response.json().has("token")).isFalse();
		assertAuthFailure(requestId, "missing_api_key", API_KEY);
	}

	@Test
	void aValidBearerTokenDoesNotReplaceTheApiKeyOnTokenMinting() {
		Response response = this.api.send("POST", "/api/v1/auth/token", this.admin,
				Map.of("agent_id", "mallory", "agent_type", "claude"), Map.of());
		assertThat(response.status()).isEqualTo(401);
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void refreshReturnsANewTokenAndTheOldOneStopsWorking(TokenFormat format) {
		IssuedToken old = mint("refresher-" + format.value(), format);
		Response refreshed = this.api.post("/api/v1/auth/refresh", null, Map.of("current_token", old.token()));
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		String fresh = refreshed.json().get("token").asString();
		assertThat(fresh).isNotEqualTo(old.token());
		assertThat(refreshed.json().get("token_id").asString()).isNotEqualTo(old.tokenId());
		assertThat(refreshed.json().get("format").asString()).isEqualTo(format.value());
		assertThat(refreshed.json().get("agent_id").asString()).isEqualTo(old.agentId());

		assertThat(this.api.get("/api/v1/sessions", fresh).status()).isEqualTo(200);
		assertRefused(old.token(), "revoked", "INVALID_TOKEN");
	}

	@Test
	void refreshAcceptsTheTokenAsBearer() {
		IssuedToken old = mint("bearer-refresher", TokenFormat.SCT);
		Response refreshed = this.api.post("/api/v1/auth/refresh", old.token(), null);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/sessions", refreshed.json().get("token").asString()).status()).isEqualTo(200);
	}

	@Test
	void refreshOfARevokedTokenFails() {
		IssuedToken old = mint("revoked-refresher", TokenFormat.SCT);
		assertThat(this.api.delete("/api/v1/admin/tokens/" + old.tokenId(), this.admin).status()).isEqualTo(204);
		Response refreshed = this.api.post("/api/v1/auth/refresh", null, Map.of("current_token", old.token()));
		assertThat(refreshed.status()).isEqualTo(401);
		assertThat(refreshed.json().has("token")).isFalse();
		assertThat(refreshed.text()).doesNotContain(old.token());
	}

	@Test
	void aTokenCanBeRefreshedOnlyOnce() {
		IssuedToken old = mint("double-refresher", TokenFormat.JWT);
		assertThat(this.api.post("/api/v1/auth/refresh", null, Map.of("current_token", old.token())).status())
			.isEqualTo(200);
		Response again = this.api.post("/api/v1/auth/refresh", null, Map.of("current_token", old.token()));
		assertThat(again.status()).isEqualTo(401);
	}

	@Test
	void refreshAcceptsAJwtExpiredWithinTheGracePeriod() {
		String expired = recentlyExpiredJwt("grace-refresher");
		assertThat(this.api.get("/api/v1/sessions", expired).status()).isEqualTo(401);
		Response refreshed = this.api.post("/api/v1/auth/refresh", null, Map.of("current_token", expired));
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
	}

	@Test
	void refreshAcceptsAJwtExpiredWithinTheGracePeriodSentAsBearer() {
		String expired = recentlyExpiredJwt("grace-bearer-refresher");
		Response refreshed = this.api.post("/api/v1/auth/refresh", expired, null);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
	}

	@Test
	void refreshRefusesAJwtExpiredLongerThanTheGracePeriod() {
		IssuedToken issued = mint("late-refresher", TokenFormat.JWT);
		long now = Instant.now().getEpochSecond();
		ObjectNode claims = claimsOf(issued.token());
		claims.put("iat", now - 7200).put("exp", now - 600);
		String expired = craft(headerOf(issued.token()), claims, "HmacSHA256", JWT_SECRET);
		Response refreshed = this.api.post("/api/v1/auth/refresh", null, Map.of("current_token", expired));
		assertThat(refreshed.status()).isEqualTo(401);
		assertThat(refreshed.code()).isEqualTo("TOKEN_EXPIRED");
	}

	/**
	 * A real JWT of its own (a row in tokens), re-signed with the server key to have
	 * expired a minute ago.
	 */
	private String recentlyExpiredJwt(String agentId) {
		IssuedToken issued = mint(agentId, TokenFormat.JWT);
		long now = Instant.now().getEpochSecond();
		ObjectNode claims = claimsOf(issued.token());
		claims.put("iat", now - 3600).put("exp", now - 60);
		return craft(headerOf(issued.token()), claims, "HmacSHA256", JWT_SECRET);
	}

	@Test
	void noRawTokenOrKeyEverReachesTheAuditLog() {
		List<String> rows = this.audit.allRowsAsText();
		assertThat(rows).isNotEmpty();
		assertThat(rows).noneMatch((row) -> row.contains(this.realJwt) || row.contains(API_KEY)
				|| row.contains(JWT_SECRET) || row.contains("sct_") || row.contains("eyJ"));
	}

	private void assertRefused(String token, String reason, String code) {
		String requestId = AuditTrail.newRequestId();
		Response response = this.api.send("GET", "/api/v1/sessions", token, null,
				Map.of(AuditTrail.REQUEST_ID_HEADER, requestId));
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.code()).isEqualTo(code);
		assertThat(response.headers().get("content-type"))
			.anySatisfy((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.text()).doesNotContain(token);
		assertAuthFailure(requestId, reason, token);
	}

	private void assertAuthFailure(String requestId, String reason, String secret) {
		List<AuditTrail.Row> rows = this.audit.forRequest(requestId);
		assertThat(rows).as("audit rows of the request").singleElement().satisfies((row) -> {
			assertThat(row.eventType()).isEqualTo("auth_failure");
			assertThat(row.result()).isEqualTo("failure");
			assertThat(row.detail("reason")).isEqualTo(reason);
			assertThat(row.remoteAddress()).isNotBlank();
			assertThat(row.toString()).doesNotContain(secret);
		});
	}

	private IssuedToken mint(String agentId, TokenFormat format) {
		return this.tokenService.authenticateAgent(agentId, "claude", List.of(Permission.READ, Permission.WRITE),
				format, new AuditDetails());
	}

	private static Arguments forged(String name, ObjectNode header, ObjectNode claims, String key, String reason) {
		return Arguments.of(name, header, claims, key, reason);
	}

	private ObjectNode header(Consumer<ObjectNode> change) {
		ObjectNode header = this.realHeader.deepCopy();
		change.accept(header);
		return header;
	}

	private ObjectNode claims(Consumer<ObjectNode> change) {
		ObjectNode claims = this.realClaims.deepCopy();
		change.accept(claims);
		return claims;
	}

	private static ObjectNode headerOf(String jwt) {
		return TestJwts.header(jwt);
	}

	private static ObjectNode claimsOf(String jwt) {
		return TestJwts.claims(jwt);
	}

	private static String craft(ObjectNode header, ObjectNode claims, String macAlgorithm, String key) {
		return TestJwts.sign(header, claims, macAlgorithm, key);
	}

	private static String encode(ObjectNode json) {
		return TestJwts.encode(json);
	}

	private static String decode(String part) {
		return TestJwts.decode(part);
	}

}
