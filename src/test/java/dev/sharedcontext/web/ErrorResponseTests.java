package dev.sharedcontext.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.AuditTrail;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error, including those the container and the firewall answer before a controller
 * runs, is a problem with a stable {@code code} and a {@code request_id} (a JSON-RPC
 * error on {@code /mcp}); never Tomcat's HTML page nor Spring's default error JSON.
 */
class ErrorResponseTests extends IntegrationTest {

	@Autowired
	private JdbcClient jdbc;

	private RawHttp raw() {
		return new RawHttp(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/sessions/a%2Fb", "/api/v1/sessions/a%00b", "/api/v1/sessions/%",
			"/api/v1/%2e%2e/sessions", "/api/v1/sessions;x=y", "/api/v1/sessions/%2e%2e/x", "/ui/%2e%2e/secret" })
	void malformedPathIsAProblem(String path) {
		RawHttp.Reply reply = raw().get(path);
		assertProblem(reply, 400, "INVALID_INPUT");
	}

	@Test
	void containerRejectionIsAuditedWithItsRequestId() {
		RawHttp.Reply reply = raw().get("/api/v1/sessions/a%2Fb");
		assertProblem(reply, 400, "INVALID_INPUT");
		String requestId = reply.json().get("request_id").asString();
		assertThat(reply.headers().get("x-request-id")).isEqualTo(requestId);
		List<AuditTrail.Row> rows = new AuditTrail(this.jdbc).forRequest(requestId);
		assertThat(rows).singleElement().satisfies((row) -> {
			assertThat(row.eventType()).isEqualTo("request_rejected");
			assertThat(row.detail("reason")).isEqualTo("malformed_request");
			assertThat(row.remoteAddress()).isEqualTo("127.0.0.1");
		});
	}

	@Test
	void firewallRejectionIsAudited() {
		String requestId = AuditTrail.newRequestId();
		RawHttp.Reply reply = raw().send("GET", "/api/v1/sessions;jsessionid=x", Map.of("X-Request-Id", requestId),
				null);
		assertProblem(reply, 400, "INVALID_INPUT");
		assertThat(new AuditTrail(this.jdbc).forRequest(requestId)).singleElement()
			.satisfies((row) -> assertThat(row.detail("reason")).isEqualTo("firewall"));
	}

	@Test
	void headersOverTheLimitAreAProblemAndAuditedWithoutTheirValue() {
		String secretish = "x-" + "s".repeat(9000);
		RawHttp.Reply reply = raw().send("GET", "/api/v1/sessions", Map.of("X-Padding", secretish), null);
		assertProblem(reply, 431, "HEADERS_TOO_LARGE");
		String requestId = reply.json().get("request_id").asString();
		assertThat(new AuditTrail(this.jdbc).forRequest(requestId)).singleElement().satisfies((row) -> {
			assertThat(row.eventType()).isEqualTo("request_rejected");
			assertThat(row.result()).isEqualTo("failure");
			assertThat(row.detail("reason")).isEqualTo("headers_too_large");
			assertThat(row.action()).isEqualTo("GET /api/v1/sessions");
		});
		assertThat(new AuditTrail(this.jdbc).allRowsAsText()).noneMatch((row) -> row.contains("sssssss"));
	}

	@Test
	void overlongRequestLineIsAPlainBadRequest() {
		RawHttp.Reply reply = raw().get("/api/v1/search?q=" + "a".repeat(9000));
		assertProblem(reply, 400, "INVALID_INPUT");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/nope", "/api/nope", "/api/v1/nope", "/api/v1/sessions/x/nope", "/ui/nope.js" })
	void unknownPathWithAValidTokenIsNotFoundAndSaysWhichEndpoint(String path) {
		RawHttp.Reply reply = raw().send("GET", path, Map.of("Authorization", "Bearer " + reader()), null);
		assertProblem(reply, 404, "NOT_FOUND");
		assertThat(reply.json().get("detail").asString()).isEqualTo("No endpoint GET " + path + ".");
	}

	/**
	 * Anonymous clients learn only that they need credentials: a 404 there would let
	 * anyone map the routes.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/nope", "/api/nope", "/api/v1/nope" })
	void unknownPathWithoutCredentialsNeedsThem(String path) {
		assertProblem(raw().get(path), 401, "AUTHENTICATION_REQUIRED");
	}

	@Test
	void unknownPathWithARejectedTokenNeedsValidCredentials() {
		assertProblem(raw().send("GET", "/nope", Map.of("Authorization", "Bearer sct_not-a-real-token"), null), 401,
				"INVALID_TOKEN");
	}

	@Test
	void otherActuatorEndpointsNeedTheAdminPermission() {
		assertProblem(raw().send("GET", "/actuator/info", Map.of("Authorization", "Bearer " + reader()), null), 403,
				"PERMISSION_DENIED");
	}

	@Test
	void wrongMethodSaysWhichOnesWork() {
		RawHttp.Reply reply = raw().send("DELETE", "/api/v1/sessions", Map.of("Authorization", "Bearer " + reader()),
				null);
		assertProblem(reply, 405, "METHOD_NOT_ALLOWED");
		assertThat(reply.json().get("detail").asString())
			.isEqualTo("Method DELETE is not supported here; use GET or POST.");
		assertThat(reply.headers().get("allow")).contains("GET").contains("POST");
	}

	@Test
	void wrongContentTypeSaysWhatToSend() {
		RawHttp.Reply reply = raw().send("POST", "/api/v1/sessions",
				Map.of("Authorization", "Bearer " + reader(), "Content-Type", "text/plain"), "purpose".getBytes());
		assertProblem(reply, 415, "UNSUPPORTED_MEDIA_TYPE");
		assertThat(reply.json().get("detail").asString())
			.isEqualTo("Content-Type text/plain is not supported; send application/json.");
	}

	@Test
	void unacceptableAcceptSaysWhatTheServerAnswers() {
		RawHttp.Reply reply = raw().send("GET", "/api/v1/sessions",
				Map.of("Authorization", "Bearer " + reader(), "Accept", "text/csv"), null);
		assertProblem(reply, 406, "NOT_ACCEPTABLE");
		assertThat(reply.json().get("detail").asString()).contains("accept application/json");
	}

	@Test
	void errorPathAskedForDirectlyIsNotFound() {
		assertProblem(raw().get("/error"), 404, "NOT_FOUND");
		assertThat(raw().get("/error").json().get("detail").asString()).isEqualTo("No endpoint GET /error.");
		assertProblem(raw().send("POST", "/error", Map.of("Accept", "text/html"), "{}".getBytes()), 404, "NOT_FOUND");
	}

	@Test
	void browserAskingForHtmlStillGetsAProblem() {
		RawHttp.Reply reply = raw().send("GET", "/api/v1/%2e%2e/sessions", Map.of("Accept", "text/html"), null);
		assertProblem(reply, 400, "INVALID_INPUT");
	}

	@Test
	void mcpRejectionsAreJsonRpcErrors() {
		assertJsonRpcError(raw().send("POST", "/mcp;x=y", Map.of("X-API-Key", API_KEY), "{}".getBytes()), 400);
		assertJsonRpcError(raw().send("POST", "/mcp", Map.of("X-Padding", "p".repeat(9000)), "{}".getBytes()), 431);
		assertJsonRpcError(raw().send("POST", "/mcp/%2e%2e/x", Map.of("X-API-Key", API_KEY), "{}".getBytes()), 400);
	}

	static void assertProblem(RawHttp.Reply reply, int status, String code) {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.body()).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
		JsonNode body = reply.json();
		assertThat(body.get("code").asString()).isEqualTo(code);
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(body.get("request_id").asString()).isNotBlank();
		assertThat(body.has("timestamp")).as("Spring's default error attributes").isFalse();
		// a sentence for a person: no qualified or CamelCase class name
		assertThat(body.get("detail").asString()).doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]")
			.doesNotContainPattern("\\b[A-Z][a-z]+(?:[A-Z][a-z]+){2,}\\b")
			.contains(" ");
	}

	private String reader() {
		return token("error-reader", "claude", Permission.READ);
	}

	static void assertJsonRpcError(RawHttp.Reply reply, int status) {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
		assertThat(reply.contentType()).startsWith("application/json");
		JsonNode body = reply.json();
		assertThat(body.get("jsonrpc").asString()).isEqualTo("2.0");
		assertThat(body.get("id").isNull()).isTrue();
		assertThat(body.at("/error/code").asInt()).isEqualTo(-32600);
		assertThat(body.at("/error/message").asString()).isNotBlank().doesNotContain("Exception");
		assertThat(body.at("/error/data/request_id").asString()).isNotBlank();
	}

}
