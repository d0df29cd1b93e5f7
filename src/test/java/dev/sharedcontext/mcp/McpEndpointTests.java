package dev.sharedcontext.mcp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.mcp.protocol.JsonRpc;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport rules of {@code /mcp} over plain HTTP: credentials, sessions, protocol
 * versions, DNS-rebinding protection, batches, and tool-level failures that must change
 * nothing.
 */
class McpEndpointTests extends IntegrationTest {

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
			 "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

	@Autowired
	private JdbcClient jdbc;

	private String writer;

	private String reader;

	private String sessionId;

	@BeforeEach
	void setUp() {
		this.writer = token("writer", "claude", Permission.READ, Permission.WRITE);
		this.reader = token("reader", "claude", Permission.READ);
		this.sessionId = this.api.post("/api/v1/sessions", this.writer, Map.of("purpose", "mcp tests"))
			.json()
			.get("id")
			.asString();
	}

	@Test
	void requestWithoutApiKeyIsRefusedAndCreatesNoSession() {
		long before = mcpSessions();
		Response response = this.api.send("POST", "/mcp", null, INITIALIZE, Map.of("Accept", "application/json"));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("AUTHENTICATION_REQUIRED");
		Response wrongKey = this.api.send("POST", "/mcp", null, INITIALIZE,
				Map.of("Accept", "application/json", "X-API-Key", "not-the-key"));
		assertThat(wrongKey.status()).isEqualTo(401);
		assertThat(wrongKey.code()).isEqualTo("INVALID_API_KEY");
		assertThat(mcpSessions()).isEqualTo(before);
	}

	@Test
	void badBearerTokenOnTheConnectionIsRefused() {
		Response response = this.api.send("POST", "/mcp", "sct_garbage", INITIALIZE, rawMcpHeaders());
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.text()).doesNotContain("sct_garbage");
	}

	@Test
	void initializeNegotiatesAVersionAndIssuesASessionId() {
		Response response = this.api.send("POST", "/mcp", null, INITIALIZE.replace("2025-11-25", "2025-03-26"),
				rawMcpHeaders());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().at("/result/protocolVersion").asString()).isEqualTo("2025-03-26");
		assertThat(response.headers().get("mcp-session-id")).singleElement().asString().matches("[0-9a-f]{32}");
		Response unknown = this.api.send("POST", "/mcp", null, INITIALIZE.replace("2025-11-25", "1999-01-01"),
				rawMcpHeaders());
		assertThat(unknown.json().at("/result/protocolVersion").asString()).isEqualTo("2025-11-25");
	}

	@Test
	void requestsAfterInitializeNeedAKnownSessionAndASupportedVersion() {
		String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
		assertThat(this.api.send("POST", "/mcp", null, ping, rawMcpHeaders()).status()).isEqualTo(400);
		assertThat(this.api.send("POST", "/mcp", null, ping, rawMcpHeaders("Mcp-Session-Id", "0".repeat(32))).status())
			.isEqualTo(404);
		String session = initialize();
		assertThat(this.api.send("POST", "/mcp", null, ping, rawMcpHeaders("Mcp-Session-Id", session))
			.json()
			.get("result")).isNotNull();
		Response badVersion = this.api.send("POST", "/mcp", null, ping,
				rawMcpHeaders("Mcp-Session-Id", session, "MCP-Protocol-Version", "2024-01-01"));
		assertThat(badVersion.status()).isEqualTo(400);
	}

	@Test
	void deleteEndsTheSession() {
		String session = initialize();
		assertThat(this.api.send("DELETE", "/mcp", null, null, rawMcpHeaders("Mcp-Session-Id", session)).status())
			.isEqualTo(204);
		String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
		assertThat(this.api.send("POST", "/mcp", null, ping, rawMcpHeaders("Mcp-Session-Id", session)).status())
			.isEqualTo(404);
	}

	@Test
	void foreignHostOrOriginIsRefused() {
		assertThat(this.api.send("POST", "/mcp", null, INITIALIZE, rawMcpHeaders("Origin", "http://evil.example.com"))
			.status()).isEqualTo(403);
		assertThat(this.api
			.send("POST", "/mcp", null, INITIALIZE, rawMcpHeaders("Origin", "http://localhost:" + this.port))
			.status()).isEqualTo(200);
	}

	@Test
	void malformedJsonIsAParseErrorAndUnknownMethodsAreReported() {
		Response parse = this.api.send("POST", "/mcp", null, "{not json", rawMcpHeaders());
		assertThat(parse.status()).isEqualTo(400);
		assertThat(parse.json().at("/error/code").asInt()).isEqualTo(JsonRpc.PARSE_ERROR);
		String session = initialize();
		Response unknown = this.api.send("POST", "/mcp", null, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"nope\"}",
				rawMcpHeaders("Mcp-Session-Id", session));
		assertThat(unknown.json().at("/error/code").asInt()).isEqualTo(JsonRpc.METHOD_NOT_FOUND);
	}

	@Test
	void batchesAreAnsweredInOrderAndNotificationsAlone() {
		String session = initialize(null, "2025-03-26");
		Response batch = this.api.send("POST", "/mcp", null, """
				[{"jsonrpc":"2.0","id":"a","method":"ping"},
				 {"jsonrpc":"2.0","method":"notifications/initialized"},
				 {"jsonrpc":"2.0","id":"b","method":"tools/list"}]""", rawMcpHeaders("Mcp-Session-Id", session));
		assertThat(batch.json().isArray()).isTrue();
		assertThat(batch.json()).hasSize(2);
		assertThat(batch.json().get(0).get("id").asString()).isEqualTo("a");
		assertThat(batch.json().get(1).at("/result/tools").size()).isGreaterThan(5);
		Response notification = this.api.send("POST", "/mcp", null,
				"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
				rawMcpHeaders("Mcp-Session-Id", session));
		assertThat(notification.status()).isEqualTo(202);
	}

	@Test
	void postIsAnsweredAsSseWhenTheClientOnlyAcceptsEventStreams() {
		String session = initialize();
		Response sse = this.api.send("POST", "/mcp", null, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}",
				Map.of("X-API-Key", API_KEY, "Accept", "text/event-stream", "Mcp-Session-Id", session));
		assertThat(sse.headers().get("content-type").get(0)).startsWith("text/event-stream");
		assertThat(sse.text()).contains("event: message").contains("\"id\":9");
	}

	@Test
	void toolCallWithABadTokenFailsAndIsAudited() {
		String session = initialize();
		long failures = auditCount("auth_failure");
		long messagesBefore = messages();
		JsonNode result = callTool(session, null, "add_message",
				Map.of("session_id", this.sessionId, "content", "x", "auth_token", "sct_" + "A".repeat(43)));
		assertThat(result.get("isError").asBoolean()).isTrue();
		assertThat(result.at("/structuredContent/code").asString()).isEqualTo("INVALID_TOKEN");
		assertThat(auditCount("auth_failure")).isEqualTo(failures + 1);
		assertThat(messages()).isEqualTo(messagesBefore);
	}

	@Test
	void toolCallWithoutTheNeededPermissionFailsAndChangesNothing() {
		String session = initialize();
		long messagesBefore = messages();
		long sessionsBefore = this.jdbc.sql("SELECT count(*) FROM sessions").query(Long.class).single();
		JsonNode result = callTool(session, this.reader, "add_message",
				Map.of("session_id", this.sessionId, "content", "x"));
		assertThat(result.at("/structuredContent/code").asString()).isEqualTo("PERMISSION_DENIED");
		assertThat(result.at("/structuredContent/success").asBoolean()).isFalse();
		JsonNode create = callTool(session, this.reader, "create_session", Map.of("purpose", "nope"));
		assertThat(create.at("/structuredContent/code").asString()).isEqualTo("PERMISSION_DENIED");
		assertThat(messages()).isEqualTo(messagesBefore);
		assertThat(this.jdbc.sql("SELECT count(*) FROM sessions").query(Long.class).single()).isEqualTo(sessionsBefore);
	}

	@Test
	void toolCallWithMalformedArgumentsFailsClearlyAndChangesNothing() {
		String session = initialize();
		long messagesBefore = messages();
		assertThat(callTool(session, this.writer, "add_message", Map.of("session_id", this.sessionId))
			.at("/structuredContent/code")
			.asString()).isEqualTo("INVALID_INPUT");
		assertThat(callTool(session, this.writer, "add_message",
				Map.of("session_id", this.sessionId, "content", "x", "unexpected", 1))
			.at("/structuredContent/error")
			.asString()).contains("unexpected");
		assertThat(callTool(session, this.writer, "add_message",
				Map.of("session_id", this.sessionId, "content", "x".repeat(100_001)))
			.at("/structuredContent/code")
			.asString()).isEqualTo("CONTENT_TOO_LARGE");
		assertThat(callTool(session, this.writer, "get_messages", Map.of("session_id", this.sessionId, "limit", 0))
			.at("/structuredContent/code")
			.asString()).isEqualTo("INVALID_INPUT");
		assertThat(callTool(session, this.writer, "add_message", Map.of("session_id", "session_x", "content", "x"))
			.at("/structuredContent/code")
			.asString()).isEqualTo("INVALID_INPUT");
		assertThat(messages()).isEqualTo(messagesBefore);
	}

	@Test
	void toolCallWithoutAnyTokenAsksTheAgentToAuthenticate() {
		String session = initialize();
		JsonNode result = callTool(session, null, "list_sessions", Map.of());
		assertThat(result.at("/structuredContent/code").asString()).isEqualTo("AUTHENTICATION_REQUIRED");
		assertThat(result.at("/structuredContent/suggestions/0").asString()).contains("authenticate_agent");
	}

	@Test
	void getStreamResumesFromLastEventId() throws Exception {
		String session = initialize(this.writer);
		Response subscribed = this.api.send("POST", "/mcp", this.writer,
				"{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"session://"
						+ this.sessionId + "\"}}",
				rawMcpHeaders("Mcp-Session-Id", session));
		assertThat(subscribed.json().get("result")).isNotNull();
		this.api.post("/api/v1/sessions/" + this.sessionId + "/messages", this.writer, Map.of("content", "first"));
		org.awaitility.Awaitility.await()
			.atMost(5, TimeUnit.SECONDS)
			.until(() -> this.jdbc.sql("SELECT count(*) FROM mcp_events").query(Long.class).single() == 1);
		List<String> replay = readEvents(session, "0", 2);
		assertThat(String.join("\n", replay)).contains("notifications/resources/updated")
			.contains("session://" + this.sessionId);
	}

	private List<String> readEvents(String session, String lastEventId, int lines) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
			.header("X-API-Key", API_KEY)
			.header("Accept", "text/event-stream")
			.header("Mcp-Session-Id", session)
			.header("Last-Event-ID", lastEventId)
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		try (Stream<String> body = response.body()) {
			return body.filter((line) -> !line.isBlank() && !line.startsWith(":")).limit(lines + 1).toList();
		}
	}

	private JsonNode callTool(String session, String bearer, String tool, Map<String, Object> arguments) {
		Map<String, Object> request = Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call", "params",
				Map.of("name", tool, "arguments", arguments));
		Response response = this.api.send("POST", "/mcp", bearer, request, rawMcpHeaders("Mcp-Session-Id", session));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("result");
	}

	private String initialize() {
		return initialize(null);
	}

	private String initialize(String bearer) {
		return initialize(bearer, "2025-11-25");
	}

	private String initialize(String bearer, String version) {
		Response response = this.api.send("POST", "/mcp", bearer, INITIALIZE.replace("2025-11-25", version),
				rawMcpHeaders());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.headers().get("mcp-session-id").get(0);
	}

	private long mcpSessions() {
		return this.jdbc.sql("SELECT count(*) FROM mcp_sessions").query(Long.class).single();
	}

	private long messages() {
		return this.jdbc.sql("SELECT count(*) FROM messages").query(Long.class).single();
	}

	private long auditCount(String eventType) {
		return this.jdbc.sql("SELECT count(*) FROM audit_log WHERE event_type = :type")
			.param("type", eventType)
			.query(Long.class)
			.single();
	}

}
