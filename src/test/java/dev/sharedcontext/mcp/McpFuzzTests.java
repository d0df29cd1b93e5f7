package dev.sharedcontext.mcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.Corpus;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fuzzes the JSON-RPC dispatcher through the real {@code POST /mcp} (its Java signature
 * is not a stable target): after another agent plants a private message and a memory
 * entry carrying a random marker, a fuzzing agent with its own MCP sessions sends the
 * committed seeds, text mutations of them, and generated messages: envelopes with fuzzed
 * versions, ids, methods and params, batches of a few elements (on a 2025-03-26 session,
 * where batches exist), {@code tools/call} of every tool in {@code tools/list} with
 * arguments built from its input schema (valid, out of range or of the wrong type, plus
 * unknown ones), resource URIs and prompt arguments that point at the other agent's
 * session. Every answer is a 202 or a well-formed JSON (or SSE) body, never a 5xx, never
 * a {@code -32603} internal error, never a stack trace or a secret, and never the marker.
 * A fixed seed per run ({@code -Dfuzz.seed=...} replays one) and a request count
 * ({@code -Dfuzz.mcp.requests}, default 400) bound it. Plain JUnit with a seeded
 * {@link Random} rather than jqwik: jqwik properties cannot share a Spring test server.
 */
class McpFuzzTests extends IntegrationTest {

	private static final List<String> SEEDS = Corpus.load(McpFuzzTests.class, "McpInputs/seeds.txt");

	private static final String[] METHODS = { "ping", "initialize", "tools/list", "tools/call", "tools/call",
			"tools/call", "tools/call", "tools/call", "resources/list", "resources/templates/list", "resources/read",
			"resources/subscribe", "resources/unsubscribe", "prompts/list", "prompts/get", "completion/complete",
			"notifications/initialized", "notifications/cancelled", "notifications/progress", "logging/setLevel",
			"sampling/createMessage", "tools/", "TOOLS/LIST", "", " ping", "$/cancelRequest" };

	private static final String[] JUNK = { "null", "true", "0", "-1", "1.5", "1e400", "-1e400",
			"99999999999999999999999999999", "9223372036854775808", "\"\"", "\" \"", "\"x\"", "\"\\u0000\"",
			"\"\\ud800\"", "\"🙂\"", "[]", "{}", "[1,\"a\",null]", "{\"a\":{\"b\":[{}]}}", "\"' OR 1=1 --\"",
			"\"../../etc/passwd\"", "\"<script>alert(1)</script>\"", "\"session_0000000000000000\"", "\"%s%n%x\"",
			"\"\\\"NEAR( x* OR {content}:secret\"" };

	private final long seed = Long.getLong("fuzz.seed", new Random().nextLong());

	private final int requests = Integer.getInteger("fuzz.mcp.requests", 400);

	private final Random random = new Random(this.seed);

	private final List<String> tools = new ArrayList<>();

	private final Map<String, JsonNode> schemas = new HashMap<>();

	private String marker;

	private String victimToken;

	private String ownSession;

	private String otherSession;

	@Test
	void fuzzedJsonRpcIsAnsweredCleanlyAndNeverRevealsAnotherAgentsPrivateData() {
		plantPrivateData();
		String fuzzer = token("fuzzer", "claude", Permission.READ, Permission.WRITE);
		this.ownSession = this.api.post("/api/v1/sessions", fuzzer, Map.of("purpose", "fuzzing"))
			.json()
			.get("id")
			.asString();
		String modern = initialize(fuzzer, "2025-11-25");
		String legacy = initialize(fuzzer, "2025-03-26");
		listTools(modern, fuzzer);
		assertThat(this.tools).contains("get_messages", "add_message", "search_context", "set_memory");
		int sent = 0;
		for (String seedBody : SEEDS) {
			String body = substitute(seedBody);
			check(body, send(body.startsWith("[") ? legacy : modern, body, headers()));
			sent++;
		}
		while (sent < this.requests) {
			int kind = this.random.nextInt(10);
			String body;
			String session = modern;
			if (kind < 5) {
				body = toolCall();
			}
			else if (kind < 7) {
				body = message(true);
			}
			else if (kind < 8) {
				body = batch();
				session = this.random.nextInt(4) == 0 ? modern : legacy;
			}
			else {
				body = Corpus.mutate(this.random, List.of(substitute(SEEDS.get(this.random.nextInt(SEEDS.size())))),
						20_000);
			}
			check(body, send(session, body, fuzzedHeaders()));
			sent++;
		}
		// the fuzzing did not break the endpoint for well-behaved calls
		Response ping = send(modern, "{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"ping\"}", headers());
		assertThat(ping.status()).as(ping.toString()).isEqualTo(200);
	}

	/** Another agent's private message and memory entry, both carrying the marker. */
	private void plantPrivateData() {
		this.marker = "PLANTED" + UUID.randomUUID().toString().replace("-", "");
		String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8);
		this.victimToken = token(victim, "claude", Permission.READ, Permission.WRITE);
		this.otherSession = this.api.post("/api/v1/sessions", this.victimToken, Map.of("purpose", "shared work"))
			.json()
			.get("id")
			.asString();
		Response planted = this.api.post("/api/v1/sessions/" + this.otherSession + "/messages", this.victimToken,
				Map.of("content", "secret plan " + this.marker, "visibility", "private", "metadata",
						Map.of("note", this.marker)));
		assertThat(planted.status()).as(planted.toString()).isBetween(200, 201);
		Response visible = this.api.post("/api/v1/sessions/" + this.otherSession + "/messages", this.victimToken,
				Map.of("content", "public plan: secret coordination", "visibility", "public"));
		assertThat(visible.status()).as(visible.toString()).isBetween(200, 201);
		Response memory = this.api.send("PUT", "/api/v1/memory/fuzz-secret", this.victimToken,
				Map.of("value", Map.of("note", this.marker)), Map.of());
		assertThat(memory.status()).as(memory.toString()).isBetween(200, 201);
	}

	private void check(String body, Response response) {
		String context = "seed " + this.seed + " (replay with -Dfuzz.seed=" + this.seed + ")\nrequest: "
				+ abbreviate(body) + "\nresponse: " + abbreviate(response.toString());
		if (response.status() >= 500) {
			fail("5xx answer; " + context);
		}
		String text = (response.text() != null) ? response.text() : "";
		assertThat(text).as(context)
			.doesNotContain(this.marker)
			.doesNotContain(API_KEY)
			.doesNotContain(JWT_SECRET)
			.doesNotContain(this.victimToken)
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
		if (response.status() == 202 || text.isBlank()) {
			assertThat(response.status()).as(context).isIn(202, 204, 400, 401, 403, 404, 405, 406, 413, 415, 429);
			return;
		}
		List<String> contentType = response.headers().getOrDefault("content-type", List.of(""));
		List<JsonNode> documents = new ArrayList<>();
		if (contentType.get(0).startsWith("text/event-stream")) {
			for (String line : text.split("\n")) {
				if (line.startsWith("data:")) {
					documents.add(parse(line.substring(5).trim(), context));
				}
			}
			assertThat(documents).as(context).isNotEmpty();
		}
		else {
			documents.add(parse(text, context));
		}
		for (JsonNode document : documents) {
			for (JsonNode answer : document.isArray() ? document : List.of(document)) {
				JsonNode error = answer.get("error");
				if (error != null && error.has("code")) {
					assertThat(error.get("code").asInt()).as("internal error; " + context).isNotEqualTo(-32603);
				}
			}
		}
	}

	private static JsonNode parse(String text, String context) {
		try {
			return Api.JSON.readTree(text);
		}
		catch (JacksonException ex) {
			throw new AssertionError("not JSON: " + ex.getOriginalMessage() + "; " + context, ex);
		}
	}

	private String toolCall() {
		return envelope("tools/call", toolCallParams());
	}

	private String toolCallParams() {
		String name = (this.random.nextInt(15) == 0) ? pick("no_such_tool", "", "GET_MESSAGES", "get_messages ")
				: this.tools.get(this.random.nextInt(this.tools.size()));
		Map<String, String> params = new LinkedHashMap<>();
		params.put("name", quote(name));
		params.put("arguments", (this.random.nextInt(12) == 0) ? junk() : arguments(name));
		return object(params);
	}

	/** Arguments from the tool's input schema: each property valid, wrong or left out. */
	private String arguments(String tool) {
		Map<String, String> arguments = new LinkedHashMap<>();
		JsonNode schema = this.schemas.get(tool);
		if (schema != null && schema.has("properties")) {
			for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
				int choice = this.random.nextInt(10);
				if (choice < 2) {
					continue;
				}
				arguments.put(property.getKey(),
						(choice < 7) ? plausible(property.getKey(), property.getValue()) : junk());
			}
		}
		if (this.random.nextInt(6) == 0) {
			arguments.put("unknown_" + this.random.nextInt(3), junk());
		}
		if (tool.equals("wait_for_messages")) {
			// a wait that finds nothing lasts its timeout: keep the run short
			arguments.put("timeout_seconds", "1");
			if (this.random.nextBoolean()) {
				arguments.put("after_id", "0");
			}
		}
		return object(arguments);
	}

	private String plausible(String name, JsonNode schema) {
		if (name.contains("session")) {
			return quote(pick(this.ownSession, this.otherSession, this.otherSession, "session_0123456789abcdef",
					this.otherSession.toUpperCase()));
		}
		if (name.equals("auth_token") || name.equals("current_token")) {
			return quote(pick("sct_" + "A".repeat(43), "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ2aWN0aW0ifQ.", "x"));
		}
		if (name.equals("agent_id")) {
			return quote(pick("fuzzer", "fuzzer-2", "x".repeat(101), ""));
		}
		if (schema.has("enum")) {
			JsonNode values = schema.get("enum");
			return (this.random.nextInt(5) == 0) ? quote("NOT_A_VALUE")
					: values.get(this.random.nextInt(values.size())).toString();
		}
		String type = schema.has("type") ? schema.get("type").asString() : "";
		return switch (type) {
			case "integer", "number" ->
				pick("0", "1", "2", "30", "60", "61", "100", "101", "-1", "9223372036854775807", "1e3");
			case "boolean" -> pick("true", "false");
			case "array" -> pick("[]", "[\"read\"]", "[\"read\",\"write\",\"admin\"]", "[\"public\",\"private\"]");
			case "object" -> pick("{}", "{\"k\":\"v\"}", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":1}}}}}}}");
			default -> quote(pick("hello", "secret", "plan", "k", "a/b:c", "x*", "\"NEAR(", "   ", "日本語 🙂", "memo.key",
					"x".repeat(1001)));
		};
	}

	private String message(boolean params) {
		String method = (this.random.nextInt(6) == 0) ? junkString() : pick(METHODS);
		String parameters = null;
		if (params && this.random.nextInt(4) != 0) {
			parameters = switch (method) {
				case "resources/read", "resources/subscribe",
						"resources/unsubscribe" ->
					object(Map.of("uri",
							quote(pick("session://" + this.otherSession, "session://" + this.ownSession,
									"agent://fuzzer/memory", "agent://victim/memory", "session://",
									"file:///etc/passwd", "agent://" + "a".repeat(200) + "/memory"))));
				case "prompts/get" -> object(Map.of("name", quote(pick("debug-session", "setup-collaboration", "x")),
						"arguments", object(Map.of("session_id", quote(this.otherSession), "purpose", junk()))));
				case "tools/call" -> toolCallParams();
				default -> junk();
			};
		}
		return envelope(method, parameters);
	}

	private String batch() {
		int size = 1 + this.random.nextInt(4);
		List<String> elements = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			elements.add(switch (this.random.nextInt(4)) {
				case 0 -> toolCall();
				case 1 -> junk();
				default -> message(true);
			});
		}
		return "[" + String.join(",", elements) + "]";
	}

	private String envelope(String method, String params) {
		Map<String, String> fields = new LinkedHashMap<>();
		int version = this.random.nextInt(12);
		if (version > 1) {
			fields.put("jsonrpc", "\"2.0\"");
		}
		else if (version == 1) {
			fields.put("jsonrpc", pick("\"1.0\"", "2.0", "null", "\"2.0 \""));
		}
		int id = this.random.nextInt(10);
		if (id < 6) {
			fields.put("id", String.valueOf(this.random.nextInt(1000)));
		}
		else if (id < 8) {
			fields.put("id", pick("\"abc\"", "null", "1e400", "99999999999999999999999", "-1", "1.5", "{}", "[1]",
					"true", "\"\""));
		}
		fields.put("method", quote(method));
		if (params != null) {
			fields.put("params", params);
		}
		return object(fields);
	}

	private Map<String, String> fuzzedHeaders() {
		Map<String, String> headers = headers();
		switch (this.random.nextInt(12)) {
			case 0 -> headers.put("Accept", "text/event-stream");
			case 1 -> headers.put("Accept", pick("application/json", "*/*", "text/plain", "application/*"));
			case 2 -> headers.put("MCP-Protocol-Version", pick("2025-06-18", "2024-11-05", "junk", ""));
			default -> {
			}
		}
		return headers;
	}

	private Map<String, String> headers() {
		Map<String, String> headers = new HashMap<>();
		headers.put("X-API-Key", API_KEY);
		headers.put("Accept", "application/json, text/event-stream");
		return headers;
	}

	private Response send(String session, String body, Map<String, String> headers) {
		headers.put("Mcp-Session-Id", session);
		return this.api.send("POST", "/mcp", null, body, headers);
	}

	private String initialize(String bearer, String version) {
		String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
				+ version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzzer\",\"version\":\"1\"}}}";
		Response response = this.api.send("POST", "/mcp", bearer, body, headers());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		String session = response.headers().get("mcp-session-id").get(0);
		Response initialized = send(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
				headers());
		assertThat(initialized.status()).isEqualTo(202);
		return session;
	}

	/**
	 * Lists the tools as the fuzzing agent (tools/list shows a caller only the tools its
	 * Bearer token allows).
	 */
	private void listTools(String session, String token) {
		Map<String, String> headers = headers();
		headers.put("Authorization", "Bearer " + token);
		Response response = send(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", headers);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		for (JsonNode tool : response.json().get("result").get("tools")) {
			this.tools.add(tool.get("name").asString());
			this.schemas.put(tool.get("name").asString(), tool.get("inputSchema"));
		}
	}

	private String substitute(String text) {
		return text.replace("${SESSION}", this.ownSession).replace("${OTHER_SESSION}", this.otherSession);
	}

	private String junk() {
		return (this.random.nextInt(8) == 0) ? deep() : pick(JUNK);
	}

	private String junkString() {
		return quote(pick("", " ", "tools/call\u0000", "🙂", "a".repeat(300), "../", "null")).replace("\"", "");
	}

	private String deep() {
		int depth = pick(20, 200, 600, 1200);
		return "[".repeat(depth) + "1" + "]".repeat(depth);
	}

	@SafeVarargs
	private <T> T pick(T... values) {
		return values[this.random.nextInt(values.length)];
	}

	private static String quote(String text) {
		return Api.JSON.writeValueAsString(text);
	}

	private static String object(Map<String, String> fields) {
		StringBuilder out = new StringBuilder("{");
		fields.forEach((name,
				value) -> out.append((out.length() > 1) ? "," : "").append(quote(name)).append(':').append(value));
		return out.append('}').toString();
	}

	private static String abbreviate(String text) {
		return (text.length() > 1500) ? text.substring(0, 1500) + "…(" + text.length() + " chars)" : text;
	}

}
