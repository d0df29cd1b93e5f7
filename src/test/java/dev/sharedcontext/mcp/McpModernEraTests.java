package dev.sharedcontext.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.limits.Leases;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.AuditTrail;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MCP 2026-07-28 (stateless) on {@code /mcp} over raw HTTP, beside the 2025 sessions:
 * {@code server/discover}, tools used without any session, the fields every 2026 result
 * carries, and each refusal of the revision's validation ladder with its HTTP status,
 * JSON-RPC code and the request's id, leaving nothing stored.
 */
class McpModernEraTests extends IntegrationTest {

	private static final String MODERN = "2026-07-28";

	private static final List<String> ALL = List.of("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26");

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Leases leases;

	private String writer;

	private String sessionId;

	@BeforeEach
	void setUp() {
		this.writer = token("writer", "claude", Permission.READ, Permission.WRITE);
		this.sessionId = this.api.post("/api/v1/sessions", this.writer, Map.of("purpose", "modern era"))
			.json()
			.get("id")
			.asString();
	}

	@Test
	void discoverNamesEveryVersionTheModernCapabilitiesAndTheServer() {
		Response response = send(null, request(1, "server/discover", withMeta(emptyParams())),
				headers("server/discover", null));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode result = response.json().get("result");
		assertThat(response.json().get("id").asInt()).isEqualTo(1);
		assertThat(result.get("supportedVersions").valueStream().map(JsonNode::asString))
			.containsExactlyElementsOf(ALL);
		JsonNode capabilities = result.get("capabilities");
		assertThat(capabilities.has("logging")).isFalse();
		assertThat(capabilities.at("/resources/subscribe").asBoolean()).isTrue();
		assertThat(capabilities.at("/resources/listChanged").asBoolean()).isFalse();
		assertThat(capabilities.at("/tools/listChanged").asBoolean()).isFalse();
		assertThat(capabilities.at("/prompts/listChanged").asBoolean()).isFalse();
		assertThat(capabilities.has("completions")).isTrue();
		assertThat(result.get("instructions").asString()).contains("subscriptions/listen").contains("session://");
		assertThat(result.has("serverInfo")).isFalse();
		assertComplete(result, "public", 300_000);
		assertThat(response.headers()).doesNotContainKey("mcp-session-id");
	}

	@Test
	void toolsWorkStatelesslyAndNoSessionIdIsEverIssued() {
		long mcpSessions = count("mcp_sessions");
		JsonNode list = ok(this.writer, "tools/list", null, Api.JSON.createObjectNode());
		assertComplete(list, "private", 0);
		List<String> names = list.get("tools").valueStream().map((tool) -> tool.get("name").asString()).toList();
		assertThat(names).contains("authenticate_agent", "create_session", "add_message", "get_messages");
		assertThat(ok(this.writer, "tools/list", null, Api.JSON.createObjectNode()).get("tools")
			.valueStream()
			.map((tool) -> tool.get("name").asString())
			.toList()).as("a deterministic order").isEqualTo(names);

		JsonNode auth = callTool(null, "authenticate_agent", Map.of("agent_id", "modern-1", "agent_type", "python"));
		String token = auth.at("/structuredContent/token").asString();
		assertThat(token).isNotBlank();
		JsonNode created = callTool(token, "create_session", Map.of("purpose", "stateless"));
		String session = created.at("/structuredContent/session_id").asString();
		assertThat(session).startsWith("session_");
		JsonNode added = callTool(null, "add_message",
				Map.of("auth_token", token, "session_id", session, "content", "hello from 2026"));
		assertThat(added.get("isError").asBoolean()).as(added.toString()).isFalse();
		JsonNode read = callTool(token, "get_messages", Map.of("session_id", session));
		assertThat(read.toString()).contains("hello from 2026");
		assertThat(count("mcp_sessions")).isEqualTo(mcpSessions);
	}

	@Test
	void listResultsCarryTheCachingPolicyOfTheirMethod() {
		assertComplete(ok(null, "prompts/list", null, Api.JSON.createObjectNode()), "public", 300_000);
		assertComplete(ok(null, "resources/templates/list", null, Api.JSON.createObjectNode()), "public", 300_000);
		JsonNode resources = ok(this.writer, "resources/list", null, Api.JSON.createObjectNode());
		assertComplete(resources, "private", 0);
		assertThat(resources.toString()).contains(this.sessionId);
		String uri = "session://" + this.sessionId;
		ObjectNode params = Api.JSON.createObjectNode().put("uri", uri);
		assertComplete(ok(this.writer, "resources/read", uri, params), "private", 0);
		JsonNode call = callTool(this.writer, "get_session", Map.of("session_id", this.sessionId));
		assertThat(call.get("resultType").asString()).isEqualTo("complete");
		assertThat(call.has("ttlMs")).isFalse();
	}

	@Test
	void aMissingResourceIsInvalidParamsNamingTheUri() {
		String uri = "session://session_0123456789abcdef";
		Response response = send(this.writer,
				request(7, "resources/read", withMeta(Api.JSON.createObjectNode().put("uri", uri))),
				headers("resources/read", uri));
		assertError(response, 400, -32602, 7);
		assertThat(response.json().at("/error/data/uri").asString()).isEqualTo(uri);
		Response withoutToken = send(null,
				request(8, "resources/read", withMeta(Api.JSON.createObjectNode().put("uri", uri))),
				headers("resources/read", uri));
		assertError(withoutToken, 400, -32602, 8);
		assertThat(withoutToken.json().at("/error/data/uri").asString()).isEqualTo(uri);
	}

	@Test
	void aSessionIdSentWithAModernRequestIsIgnoredAndNotEchoed() {
		Map<String, String> headers = headers("tools/list", null);
		headers.put("Mcp-Session-Id", "0".repeat(32));
		Response response = send(null, request(1, "tools/list", withMeta(emptyParams())), headers);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers()).doesNotContainKey("mcp-session-id");
	}

	/** A refused add_message: its status, code and id, and no message stored. */
	@ParameterizedTest(name = "{0}")
	@MethodSource("refusals")
	void aRequestRefusedByTheLadderStoresNothing(String name, ObjectNode body, Map<String, String> headers, int status,
			int code) {
		long messages = count("messages");
		ObjectNode arguments = (ObjectNode) body.at("/params/arguments");
		arguments.put("auth_token", this.writer).put("session_id", this.sessionId);
		Response response = send(null, body, headers);
		assertError(response, status, code, 42);
		assertThat(count("messages")).isEqualTo(messages);
	}

	static Stream<Arguments> refusals() {
		// the test puts its writer's token and session in, so that only the refusal
		// keeps the message out
		ObjectNode params = addMessageParams("token", "session");
		ObjectNode noMeta = params.deepCopy();
		noMeta.remove("_meta");
		ObjectNode noCapabilities = params.deepCopy();
		((ObjectNode) noCapabilities.get("_meta")).remove("io.modelcontextprotocol/clientCapabilities");
		ObjectNode oldMeta = params.deepCopy();
		((ObjectNode) oldMeta.get("_meta")).put("io.modelcontextprotocol/protocolVersion", "v999.0.0");
		ObjectNode unknownMeta = params.deepCopy();
		((ObjectNode) unknownMeta.get("_meta")).put("io.modelcontextprotocol/protocolVersion", "2099-01-01");
		Map<String, String> good = headers("tools/call", "add_message");
		return Stream.of(Arguments.of("no _meta", request(42, "tools/call", noMeta), good, 400, -32602),
				Arguments.of("_meta without clientCapabilities", request(42, "tools/call", noCapabilities), good, 400,
						-32602),
				Arguments.of("version header disagrees with _meta", request(42, "tools/call", params),
						with(good, "MCP-Protocol-Version", "2025-11-25"), 400, -32020),
				Arguments.of("_meta names an unknown version, header 2026", request(42, "tools/call", oldMeta), good,
						400, -32020),
				Arguments.of("no version header", request(42, "tools/call", params),
						with(good, "MCP-Protocol-Version", null), 400, -32020),
				Arguments.of("Mcp-Method disagrees", request(42, "tools/call", params),
						with(good, "Mcp-Method", "tools/list"), 400, -32020),
				Arguments.of("Mcp-Method in another case", request(42, "tools/call", params),
						with(good, "Mcp-Method", "TOOLS/CALL"), 400, -32020),
				Arguments.of("no Mcp-Method", request(42, "tools/call", params), with(good, "Mcp-Method", null), 400,
						-32020),
				Arguments.of("Mcp-Name disagrees", request(42, "tools/call", params),
						with(good, "Mcp-Name", "get_messages"), 400, -32020),
				Arguments.of("no Mcp-Name", request(42, "tools/call", params), with(good, "Mcp-Name", null), 400,
						-32020),
				Arguments.of("Mcp-Name not valid base64", request(42, "tools/call", params),
						with(good, "Mcp-Name", "=?base64?***?="), 400, -32020),
				Arguments.of("unknown version in header and _meta", request(42, "tools/call", unknownMeta),
						with(good, "MCP-Protocol-Version", "2099-01-01"), 400, -32022),
				Arguments.of("unknown version header without _meta", request(42, "tools/call", noMeta),
						with(good, "MCP-Protocol-Version", "2099-01-01"), 400, -32022));
	}

	@Test
	void anUnsupportedVersionNamesEveryVersionServedInBothEras() {
		ObjectNode params = addMessageParams(this.writer);
		((ObjectNode) params.get("_meta")).put("io.modelcontextprotocol/protocolVersion", "2099-01-01");
		Response modern = send(null, request(3, "tools/call", params),
				with(headers("tools/call", "add_message"), "MCP-Protocol-Version", "2099-01-01"));
		assertError(modern, 400, -32022, 3);
		assertThat(modern.json().at("/error/data/supported").valueStream().map(JsonNode::asString))
			.containsExactlyElementsOf(ALL);
		assertThat(modern.json().at("/error/data/requested").asString()).isEqualTo("2099-01-01");

		String session = initialize();
		Map<String, String> legacy = rawMcpHeaders("Mcp-Session-Id", session, "MCP-Protocol-Version", "2024-11-05");
		Response old = this.api.send("POST", "/mcp", null, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}",
				legacy);
		assertThat(old.status()).isEqualTo(400);
		assertThat(old.json().at("/error/code").asInt()).isEqualTo(-32022);
		assertThat(old.json().get("id").isNull()).as("2025 refusals keep id null").isTrue();
		assertThat(old.json().at("/error/data/supported").valueStream().map(JsonNode::asString))
			.containsExactlyElementsOf(ALL);
		assertThat(old.json().at("/error/data/requested").asString()).isEqualTo("2024-11-05");
	}

	@Test
	void aBase64OrPaddedMcpNameIsAccepted() {
		String encoded = "=?base64?"
				+ Base64.getEncoder().encodeToString("add_message".getBytes(StandardCharsets.UTF_8)) + "?=";
		long messages = count("messages");
		Response base64 = send(null, request(5, "tools/call", addMessageParams(this.writer)),
				with(headers("tools/call", "add_message"), "Mcp-Name", encoded));
		assertThat(base64.status()).as(base64.toString()).isEqualTo(200);
		assertThat(base64.json().at("/result/isError").asBoolean()).isFalse();
		Response padded = send(null, request(6, "tools/call", addMessageParams(this.writer)),
				with(headers("tools/call", "add_message"), "Mcp-Name", "  add_message\t"));
		assertThat(padded.status()).as(padded.toString()).isEqualTo(200);
		assertThat(count("messages")).isEqualTo(messages + 2);
	}

	@Test
	void aLegacyRequestWithoutASessionIsRefusedAsBefore() {
		Response response = this.api.send("POST", "/mcp", null,
				"{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}", rawMcpHeaders());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().at("/error/code").asInt()).isEqualTo(-32000);
		assertThat(response.json().get("id").isNull()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe",
			"notifications/initialized", "nope" })
	void methodsTheRevisionRemovedAreNotFound(String method) {
		ObjectNode params = Api.JSON.createObjectNode();
		params.put("uri", "session://" + this.sessionId).put("level", "debug").put("protocolVersion", MODERN);
		Response response = send(this.writer, request("r-1", method, withMeta(params)),
				headers(method, method.startsWith("resources/") ? "session://" + this.sessionId : null));
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.json().at("/error/code").asInt()).isEqualTo(-32601);
		assertThat(response.json().get("id").asString()).isEqualTo("r-1");
		assertThat(response.headers()).doesNotContainKey("mcp-session-id");
	}

	@Test
	void getAndDeleteWithTheModernVersionAndNoSessionAreNotAllowed() {
		Map<String, String> headers = rawMcpHeaders("MCP-Protocol-Version", MODERN);
		headers.put("Accept", "text/event-stream");
		for (String method : List.of("GET", "DELETE")) {
			Response response = this.api.send(method, "/mcp", null, null, headers);
			assertThat(response.status()).as(method).isEqualTo(405);
			assertThat(response.headers().get("allow")).containsExactly("POST");
		}
		Response legacyGet = this.api.send("GET", "/mcp", null, null, with(headers, "MCP-Protocol-Version", null));
		assertThat(legacyGet.status()).as("a 2025 GET without a session, as before").isEqualTo(400);
	}

	@Test
	void aNotificationIsAcceptedWithNoBody() {
		ObjectNode notification = Api.JSON.createObjectNode()
			.put("jsonrpc", "2.0")
			.put("method", "notifications/cancelled");
		notification.putObject("params").put("requestId", "listen:0").set("_meta", meta(MODERN));
		Map<String, String> headers = headers("tools/list", null);
		headers.remove("Mcp-Method");
		Response response = send(null, notification, headers);
		assertThat(response.status()).isEqualTo(202);
		assertThat(response.text()).isEmpty();
	}

	@Test
	void aBatchOrAResponseIsNotAModernRequest() {
		Response batch = this.api.send("POST", "/mcp", null,
				"[" + request(1, "tools/list", withMeta(emptyParams())) + "]", headers("tools/list", null));
		assertThat(batch.status()).isEqualTo(400);
		assertThat(batch.json().at("/error/code").asInt()).isEqualTo(-32600);
		Response answer = this.api.send("POST", "/mcp", null,
				"{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}",
				headers("tools/list", null));
		assertError(answer, 400, -32600, 8);
	}

	@Test
	void listenWithoutAnEventStreamInAcceptIsNotAcceptable() {
		Map<String, String> headers = headers("subscriptions/listen", null);
		headers.put("Accept", "application/json");
		Response response = send(this.writer, request(11, "subscriptions/listen", withMeta(emptyParams())), headers);
		assertError(response, 406, -32600, 11);
	}

	@Test
	void aBadApiKeyOnAModernRequestIsRefusedAndAudited() {
		String wrongKey = "wrong-key-" + API_KEY;
		String requestId = AuditTrail.newRequestId();
		Map<String, String> headers = headers("tools/list", null);
		headers.put("X-API-Key", wrongKey);
		headers.put(AuditTrail.REQUEST_ID_HEADER, requestId);
		Response response = send(null, request(1, "tools/list", withMeta(emptyParams())), headers);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("INVALID_API_KEY");
		assertThat(response.text()).doesNotContain(wrongKey);
		assertThat(new AuditTrail(this.jdbc).forRequest(requestId)).singleElement().satisfies((row) -> {
			assertThat(row.eventType()).isEqualTo("auth_failure");
			assertThat(row.result()).isEqualTo("failure");
			assertThat(row.detail("reason")).isEqualTo("invalid_api_key");
			assertThat(row.rawDetails() + row).doesNotContain(wrongKey);
		});
	}

	@Test
	void waitForMessagesAnswersAStatelessRequestWithTheFirstPostTheWaiterMaySee() throws Exception {
		String reader = token("reader", "claude", Permission.READ);
		long after = this.api
			.post("/api/v1/sessions/" + this.sessionId + "/messages", this.writer,
					Map.of("content", "before the wait", "visibility", "public"))
			.json()
			.get("id")
			.asLong();
		CompletableFuture<JsonNode> wait = CompletableFuture.supplyAsync(() -> callTool(reader, "wait_for_messages",
				Map.of("session_id", this.sessionId, "after_id", after, "timeout_seconds", 30)));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.leases.count(Leases.Kind.WAIT) > 0);
		this.api.post("/api/v1/sessions/" + this.sessionId + "/messages", this.writer,
				Map.of("content", "the writer's own note", "visibility", "private"));
		long visible = this.api
			.post("/api/v1/sessions/" + this.sessionId + "/messages", this.writer,
					Map.of("content", "for every claude", "visibility", "public"))
			.json()
			.get("id")
			.asLong();
		JsonNode result = wait.get(30, TimeUnit.SECONDS).get("structuredContent");
		assertThat(result.get("timed_out").asBoolean()).isFalse();
		assertThat(result.get("messages").findValues("id")).extracting(JsonNode::asLong).containsExactly(visible);
	}

	private JsonNode ok(String bearer, String method, String name, ObjectNode params) {
		Response response = send(bearer, request(1, method, withMeta(params)), headers(method, name));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.headers()).doesNotContainKey("mcp-session-id");
		return response.json().get("result");
	}

	private JsonNode callTool(String bearer, String tool, Map<String, Object> arguments) {
		ObjectNode params = Api.JSON.createObjectNode().put("name", tool);
		params.set("arguments", Api.JSON.valueToTree(arguments));
		JsonNode result = ok(bearer, "tools/call", tool, params);
		assertThat(result.get("resultType").asString()).isEqualTo("complete");
		assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asString())
			.isEqualTo("shared-context-server");
		return result;
	}

	private static void assertComplete(JsonNode result, String scope, long ttlMs) {
		assertThat(result.get("resultType").asString()).isEqualTo("complete");
		assertThat(result.get("cacheScope").asString()).isEqualTo(scope);
		assertThat(result.get("ttlMs").asLong()).isEqualTo(ttlMs);
		assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asString())
			.isEqualTo("shared-context-server");
		assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/version").isString()).isTrue();
	}

	private static void assertError(Response response, int status, int code, Object id) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.json().at("/error/code").asInt()).as(response.toString()).isEqualTo(code);
		assertThat(response.json().get("id").toString()).isEqualTo(Api.JSON.valueToTree(id).toString());
		assertThat(response.headers()).doesNotContainKey("mcp-session-id");
	}

	private ObjectNode addMessageParams(String token) {
		return addMessageParams(token, this.sessionId);
	}

	/**
	 * add_message params with a complete {@code _meta}; the session is set by the test.
	 */
	private static ObjectNode addMessageParams(String token, String sessionId) {
		ObjectNode params = Api.JSON.createObjectNode().put("name", "add_message");
		params.putObject("arguments")
			.put("auth_token", token)
			.put("session_id", sessionId)
			.put("content", "must not be stored unless accepted");
		params.set("_meta", meta(MODERN));
		return params;
	}

	private static ObjectNode emptyParams() {
		return Api.JSON.createObjectNode();
	}

	private static ObjectNode meta(String version) {
		ObjectNode meta = Api.JSON.createObjectNode().put("io.modelcontextprotocol/protocolVersion", version);
		meta.putObject("io.modelcontextprotocol/clientCapabilities");
		meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "raw-test").put("version", "1");
		return meta;
	}

	/** A request with these params, as they are. */
	private static ObjectNode request(Object id, String method, ObjectNode params) {
		ObjectNode request = Api.JSON.createObjectNode().put("jsonrpc", "2.0");
		request.set("id", Api.JSON.valueToTree(id));
		request.put("method", method);
		request.set("params", params);
		return request;
	}

	/** A copy of {@code params} with a complete 2026 {@code _meta}. */
	private static ObjectNode withMeta(ObjectNode params) {
		ObjectNode copy = params.deepCopy();
		copy.set("_meta", meta(MODERN));
		return copy;
	}

	private Response send(String bearer, ObjectNode body, Map<String, String> headers) {
		return this.api.send("POST", "/mcp", bearer, body.toString(), headers);
	}

	private static Map<String, String> headers(String method, String name) {
		Map<String, String> headers = rawMcpHeaders("MCP-Protocol-Version", MODERN, "Mcp-Method", method);
		if (name != null) {
			headers.put("Mcp-Name", name);
		}
		return headers;
	}

	private static Map<String, String> with(Map<String, String> headers, String name, String value) {
		Map<String, String> copy = new HashMap<>(headers);
		if (value == null) {
			copy.remove(name);
		}
		else {
			copy.put(name, value);
		}
		return copy;
	}

	private String initialize() {
		Response response = this.api.send("POST", "/mcp", null,
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}",
				rawMcpHeaders());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.headers().get("mcp-session-id").get(0);
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

}
