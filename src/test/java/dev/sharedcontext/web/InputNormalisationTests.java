package dev.sharedcontext.web;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REST and MCP refuse the same inputs the same way: invalid UTF-8 and NUL anywhere in a
 * body, and fractions where an integer is expected, change nothing and are answered 400
 * (problem+json on REST, a JSON-RPC error or an {@code INVALID_INPUT} tool result on
 * MCP).
 */
class InputNormalisationTests extends IntegrationTest {

	/** "caf" followed by a lone continuation byte: not UTF-8. */
	private static final byte[] NOT_UTF8 = { 'c', 'a', 'f', (byte) 0xA9 };

	@Autowired
	private JdbcClient jdbc;

	private String token;

	private String sessionId;

	@BeforeEach
	void createSession() {
		this.token = token("normaliser", "claude", Permission.READ, Permission.WRITE);
		this.sessionId = this.api.post("/api/v1/sessions", this.token, Map.of("purpose", "normalisation"))
			.json()
			.get("id")
			.asString();
	}

	@Test
	void restRefusesInvalidUtf8() {
		RawHttp.Reply reply = post("/api/v1/sessions/" + this.sessionId + "/messages",
				json("{\"content\":\"", NOT_UTF8, "\"}"), Map.of("Authorization", "Bearer " + this.token));
		ErrorResponseTests.assertProblem(reply, 400, "INVALID_INPUT");
		assertThat(reply.json().get("detail").asString()).contains("UTF-8");
		assertThat(messages()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/messages:{\"content\":\"a\\u0000b\"}",
			"/messages:{\"content\":\"ok\",\"metadata\":{\"k\\u0000\":1}}", ":{\"purpose\":\"p\\u0000\"}" })
	void restRefusesNulInMessagesAndSessions(String pathAndBody) {
		int colon = pathAndBody.indexOf(':');
		String path = (colon == 0) ? "/api/v1/sessions"
				: "/api/v1/sessions/" + this.sessionId + pathAndBody.substring(0, colon);
		Response response = this.api.post(path, this.token, pathAndBody.substring(colon + 1));
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("INVALID_INPUT");
		assertThat(response.json().get("detail").asString()).contains("NUL");
		assertThat(messages()).isZero();
	}

	@Test
	void restRefusesNulInMemoryValuesAndAcceptsAnEscapedBackslash() {
		Response nul = this.api.send("PUT", "/api/v1/memory/note", this.token, "{\"value\":\"x\\u0000\"}", Map.of());
		assertThat(nul.status()).as(nul.toString()).isEqualTo(400);
		assertThat(nul.code()).isEqualTo("INVALID_INPUT");
		Response text = this.api.send("PUT", "/api/v1/memory/note", this.token, "{\"value\":\"x\\\\u0000\"}", Map.of());
		assertThat(text.status()).as(text.toString()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/memory/note", this.token).json().get("value").asString())
			.isEqualTo("x\\u0000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/search?q=a%00b", "/api/v1/sessions/{session}/search?query=x%00",
			"/api/v1/memory?prefix=a%00", "/api/v1/memory/note?session_id=%00",
			"/api/v1/sessions/{session}/messages?visibility=public&sender=%00", "/api/v1/admin/audit?agent_id=a%00b",
			"/api/v1/admin/tokens?agent_id=%00" })
	void restRefusesNulInQueryParametersOnEveryEngine(String pathAndQuery) {
		String admin = token("nul-admin", "ops", Permission.ADMIN);
		Response response = this.api.get(pathAndQuery.replace("{session}", this.sessionId), admin);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("INVALID_INPUT");
		assertThat(response.json().get("detail").asString()).contains("NUL");
	}

	@Test
	void restAcceptsAnEscapedPercentBeforeZeros() {
		String admin = token("pct-admin", "ops", Permission.ADMIN);
		Response response = this.api.get("/api/v1/admin/audit?session_id=%2500", admin);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@Test
	void restRefusesFractionsWhereIntegersAreExpected() {
		Response body = this.api.send("PUT", "/api/v1/memory/ttl", this.token, "{\"value\":\"v\",\"expires_in\":60.5}",
				Map.of());
		assertThat(body.status()).as(body.toString()).isEqualTo(400);
		assertThat(body.code()).isEqualTo("INVALID_INPUT");
		Response query = this.api.get("/api/v1/sessions/" + this.sessionId + "/messages?limit=1.5", this.token);
		assertThat(query.status()).as(query.toString()).isEqualTo(400);
		assertThat(query.headers().get("content-type").get(0)).startsWith("application/problem+json");
		assertThat(query.code()).isEqualTo("INVALID_INPUT");
	}

	@Test
	void mcpRefusesInvalidUtf8AsAParseError() {
		String mcpSession = initialize();
		RawHttp.Reply reply = post("/mcp", json(toolCall("add_message", "\"content\":\""), NOT_UTF8, "\"}}}"),
				mcpHeaders(mcpSession));
		assertRpcError(reply, -32700);
		assertThat(messages()).as("U+FFFD must not be stored instead").isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "add_message|\"content\":\"a\\u0000b\"", "create_session|\"purpose\":\"p\\u0000\"",
			"set_memory|\"key\":\"k\\u0000\",\"value\":1", "set_memory|\"key\":\"k\",\"value\":\"\\u0000\"" })
	void mcpRefusesNulInEveryTool(String toolAndArguments) {
		String[] parts = toolAndArguments.split("\\|");
		String mcpSession = initialize();
		long memoryBefore = memoryEntries();
		RawHttp.Reply reply = post("/mcp", json(toolCall(parts[0], parts[1]), new byte[0], "}}}"),
				mcpHeaders(mcpSession));
		assertRpcError(reply, -32600);
		assertThat(messages()).isZero();
		assertThat(memoryEntries()).isEqualTo(memoryBefore);
	}

	@Test
	void mcpToolArgumentsRefuseFractionsWhereIntegersAreExpected() {
		String mcpSession = initialize();
		RawHttp.Reply reply = post("/mcp", json(toolCall("get_messages", "\"limit\":1.5"), new byte[0], "}}}"),
				mcpHeaders(mcpSession));
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		assertThat(reply.json().at("/result/isError").asBoolean()).isTrue();
		assertThat(reply.json().at("/result/structuredContent/code").asString()).isEqualTo("INVALID_INPUT");
	}

	private String toolCall(String tool, String arguments) {
		return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
				+ "\",\"arguments\":{\"session_id\":\"" + this.sessionId + "\"," + arguments;
	}

	private static void assertRpcError(RawHttp.Reply reply, int code) {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
		JsonNode body = reply.json();
		assertThat(body.get("jsonrpc").asString()).isEqualTo("2.0");
		assertThat(body.get("id").isNull()).isTrue();
		assertThat(body.at("/error/code").asInt()).isEqualTo(code);
		assertThat(body.at("/error/data/code").asString()).isEqualTo("INVALID_INPUT");
	}

	private String initialize() {
		Response response = this.api.send("POST", "/mcp", null, """
				{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
				 "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""",
				Map.of("X-API-Key", API_KEY, "Accept", "application/json"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.headers().get("mcp-session-id").get(0);
	}

	private Map<String, String> mcpHeaders(String mcpSession) {
		return Map.of("X-API-Key", API_KEY, "Accept", "application/json", "Mcp-Session-Id", mcpSession, "Authorization",
				"Bearer " + this.token);
	}

	private RawHttp.Reply post(String path, byte[] body, Map<String, String> headers) {
		Map<String, String> all = new HashMap<>(headers);
		all.put("Content-Type", "application/json");
		return new RawHttp(this.port).send("POST", path, all, body);
	}

	private static byte[] json(String before, byte[] middle, String after) {
		byte[] head = before.getBytes(StandardCharsets.UTF_8);
		byte[] tail = after.getBytes(StandardCharsets.UTF_8);
		byte[] all = new byte[head.length + middle.length + tail.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(middle, 0, all, head.length, middle.length);
		System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
		return all;
	}

	private long memoryEntries() {
		return this.jdbc.sql("SELECT count(*) FROM agent_memory").query(Long.class).single();
	}

	private long messages() {
		return this.jdbc.sql("SELECT count(*) FROM messages WHERE session_id = :id")
			.param("id", this.sessionId)
			.query(Long.class)
			.single();
	}

}
