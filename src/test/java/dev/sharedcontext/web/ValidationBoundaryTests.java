package dev.sharedcontext.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every input limit of SPEC §5 and §9 at its boundary: accepted at the limit, a clear 400
 * (or 413) just past it. Every refusal is {@code application/problem+json} with a stable
 * {@code code} and nothing internal in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationBoundaryTests extends IntegrationTest {

	private static final int MIB = 1024 * 1024;

	private String writer;

	private String sessionId;

	private String otherSessionId;

	@BeforeAll
	void createSessions() {
		Api http = new Api("http://127.0.0.1:" + this.port);
		this.writer = token("writer", "claude", Permission.READ, Permission.WRITE);
		this.sessionId = http.post("/api/v1/sessions", this.writer, Map.of("purpose", "limits"))
			.json()
			.get("id")
			.asString();
		this.otherSessionId = http.post("/api/v1/sessions", this.writer, Map.of("purpose", "elsewhere"))
			.json()
			.get("id")
			.asString();
	}

	// purpose: 1..1000 characters after trim

	@Test
	void purposeOfOneAndOfAThousandCharactersIsAccepted() {
		assertCreated(createSession(Map.of("purpose", "x")));
		Response atLimit = createSession(Map.of("purpose", "p".repeat(1000)));
		assertCreated(atLimit);
		assertThat(atLimit.json().get("purpose").asString()).hasSize(1000);
	}

	@Test
	void purposePaddedWithWhitespaceIsTrimmedBeforeCounting() {
		Response padded = createSession(Map.of("purpose", "  \n" + "p".repeat(1000) + "\t  "));
		assertCreated(padded);
		assertThat(padded.json().get("purpose").asString()).isEqualTo("p".repeat(1000));
	}

	@Test
	void purposeOfAThousandAndOneCharactersIsRefused() {
		assertProblem(createSession(Map.of("purpose", "p".repeat(1001))), 400, "CONTENT_TOO_LARGE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "   \t\n  " })
	void blankPurposeIsRefused(String purpose) {
		assertProblem(createSession(Map.of("purpose", purpose)), 400, "INVALID_INPUT");
	}

	@Test
	void missingPurposeIsRefused() {
		assertProblem(createSession(Map.of()), 400, "INVALID_INPUT");
	}

	// content: 1..100,000 characters after trim

	@Test
	void contentOfAHundredThousandCharactersIsAccepted() {
		Response posted = postMessage(Map.of("content", "c".repeat(100_000)));
		assertCreated(posted);
		assertThat(posted.json().get("content").asString()).hasSize(100_000);
	}

	@Test
	void contentOfAHundredThousandCharactersPaddedWithWhitespaceIsAccepted() {
		Response posted = postMessage(Map.of("content", " \n\t " + "c".repeat(100_000) + "   \n"));
		assertCreated(posted);
		assertThat(posted.json().get("content").asString()).isEqualTo("c".repeat(100_000));
	}

	@Test
	void contentOfAHundredThousandAndOneCharactersIsRefusedAsTooLarge() {
		long before = messageCount();
		Response refused = postMessage(Map.of("content", "c".repeat(100_001)));
		assertProblem(refused, 400, "CONTENT_TOO_LARGE");
		assertThat(refused.text()).doesNotContain("ccccc");
		assertThat(messageCount()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\n\t " })
	void blankContentIsRefused(String content) {
		assertProblem(postMessage(Map.of("content", content)), 400, "INVALID_INPUT");
	}

	// metadata: a JSON object, <= 16 KiB serialized, depth <= 10

	@Test
	void metadataOfExactly16KiBIsAccepted() {
		// {"k":"..."} is 8 bytes plus the value
		assertCreated(createSession(Map.of("purpose", "m", "metadata", Map.of("k", "v".repeat(16 * 1024 - 8)))));
		assertCreated(postMessage(Map.of("content", "m", "metadata", Map.of("k", "v".repeat(16 * 1024 - 8)))));
	}

	@Test
	void metadataOneByteOver16KiBIsRefusedAsTooLarge() {
		assertProblem(createSession(Map.of("purpose", "m", "metadata", Map.of("k", "v".repeat(16 * 1024 - 7)))), 400,
				"CONTENT_TOO_LARGE");
		assertProblem(postMessage(Map.of("content", "m", "metadata", Map.of("k", "v".repeat(16 * 1024 - 7)))), 400,
				"CONTENT_TOO_LARGE");
	}

	@Test
	void metadataTenLevelsDeepIsAccepted() {
		Response session = createSession(Map.of("purpose", "deep", "metadata", nested(10)));
		assertCreated(session);
		assertThat(session.json().get("metadata").toString()).isEqualTo(Api.JSON.writeValueAsString(nested(10)));
		assertCreated(postMessage(Map.of("content", "deep", "metadata", nested(10))));
	}

	@Test
	void metadataElevenLevelsDeepIsRefused() {
		Response session = createSession(Map.of("purpose", "deep", "metadata", nested(11)));
		assertProblem(session, 400, null);
		assertThat(session.json().get("errors").get(0).get("field").asString()).isEqualTo("metadata");
		Response message = postMessage(Map.of("content", "deep", "metadata", nested(11)));
		assertProblem(message, 400, null);
		assertThat(message.json().get("errors").get(0).get("field").asString()).isEqualTo("metadata");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1,2]", "\"text\"", "42" })
	void metadataThatIsNotAnObjectIsRefused(String metadata) {
		assertProblem(this.api.post(messages(this.sessionId), this.writer,
				"{\"content\":\"x\",\"metadata\":" + metadata + "}"), 400, "INVALID_INPUT");
	}

	// limit 1..1000, offset >= 0, after_id >= 0

	@ParameterizedTest
	@ValueSource(strings = { "limit=1", "limit=1000", "offset=0", "offset=5000", "after_id=0", "limit=1&offset=0" })
	void pagingParametersAtTheirLimitsAreAccepted(String query) {
		Response messages = this.api.get(messages(this.sessionId) + "?" + query, this.writer);
		assertThat(messages.status()).as(messages.toString()).isEqualTo(200);
		Response sessions = this.api.get("/api/v1/sessions?" + query.replace("after_id", "offset"), this.writer);
		assertThat(sessions.status()).as(sessions.toString()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit=0", "limit=1001", "limit=-1", "offset=-1", "limit=abc", "offset=1.5",
			"limit=99999999999" })
	void pagingParametersPastTheirLimitsAreRefused(String query) {
		assertProblem(this.api.get(messages(this.sessionId) + "?" + query, this.writer), 400, "INVALID_INPUT");
		assertProblem(this.api.get("/api/v1/sessions?" + query, this.writer), 400, "INVALID_INPUT");
	}

	@Test
	void negativeAfterIdIsRefused() {
		assertProblem(this.api.get(messages(this.sessionId) + "?after_id=-1", this.writer), 400, "INVALID_INPUT");
	}

	// message_type, visibility, unknown fields

	@ParameterizedTest
	@ValueSource(strings = { "status_update", "a", "x.y:z-1" })
	void wellFormedMessageTypeIsAccepted(String messageType) {
		Response posted = postMessage(Map.of("content", "typed", "message_type", messageType));
		assertCreated(posted);
		assertThat(posted.json().get("message_type").asString()).isEqualTo(messageType);
	}

	@Test
	void messageTypeOfFiftyCharactersIsAcceptedAndFiftyOneRefused() {
		assertCreated(postMessage(Map.of("content", "typed", "message_type", "t".repeat(50))));
		assertProblem(postMessage(Map.of("content", "typed", "message_type", "t".repeat(51))), 400, "INVALID_INPUT");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "has space", "semi;colon", "quote'", "<script>" })
	void malformedMessageTypeIsRefused(String messageType) {
		assertProblem(postMessage(Map.of("content", "typed", "message_type", messageType)), 400, "INVALID_INPUT");
	}

	@ParameterizedTest
	@ValueSource(strings = { "secret", "PUBLIC", "", "everyone" })
	void unknownVisibilityIsRefusedInTheBodyAndInTheQuery(String visibility) {
		assertProblem(postMessage(Map.of("content", "x", "visibility", visibility)), 400, "INVALID_INPUT");
		assertProblem(this.api.get(messages(this.sessionId) + "?visibility=" + visibility, this.writer), 400,
				"INVALID_INPUT");
	}

	@Test
	void unknownJsonFieldIsRefusedAndNamed() {
		Response message = postMessage(Map.of("content", "x", "sender", "root"));
		assertProblem(message, 400, "INVALID_INPUT");
		assertThat(message.json().get("detail").asString()).contains("sender");
		assertProblem(createSession(Map.of("purpose", "x", "created_by", "root")), 400, "INVALID_INPUT");
		assertProblem(this.api.send("POST", "/api/v1/auth/token", null,
				Map.of("agent_id", "a", "agent_type", "claude", "is_admin", true), Map.of("X-API-Key", API_KEY)), 400,
				"INVALID_INPUT");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{not json", "", "[]", "{\"content\": \"x\"", "null" })
	void bodyThatIsNotAJsonObjectIsRefused(String body) {
		assertProblem(
				this.api.send("POST", messages(this.sessionId), this.writer, body.isEmpty() ? "" : body, Map.of()), 400,
				"INVALID_INPUT");
	}

	// parent_message_id must be a message of the same session

	@Test
	void parentMessageInTheSameSessionIsAccepted() {
		long parent = postMessage(Map.of("content", "question")).json().get("id").asLong();
		Response reply = postMessage(Map.of("content", "answer", "parent_message_id", parent));
		assertCreated(reply);
		assertThat(reply.json().get("parent_message_id").asLong()).isEqualTo(parent);
	}

	@Test
	void parentMessageInAnotherSessionIsRefused() {
		long elsewhere = this.api.post(messages(this.otherSessionId), this.writer, Map.of("content", "elsewhere"))
			.json()
			.get("id")
			.asLong();
		assertProblem(postMessage(Map.of("content", "answer", "parent_message_id", elsewhere)), 400,
				"INVALID_PARENT_MESSAGE");
	}

	@Test
	void parentMessageThatDoesNotExistIsRefused() {
		assertProblem(postMessage(Map.of("content", "answer", "parent_message_id", 987654321)), 400,
				"INVALID_PARENT_MESSAGE");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1 })
	void parentMessageIdThatIsNotPositiveIsRefused(long parent) {
		assertProblem(postMessage(Map.of("content", "answer", "parent_message_id", parent)), 400, "INVALID_INPUT");
	}

	// session ids

	@ParameterizedTest
	@ValueSource(strings = { "not-a-session", "session_0123456789ABCDEF", "session_0123456789abcde",
			"session_0123456789abcdef0", "session_%27%20OR%201%3D1--" })
	void malformedSessionIdIsRefusedWith400(String id) {
		assertProblem(this.api.get("/api/v1/sessions/" + id, this.writer), 400, "INVALID_INPUT");
		assertProblem(this.api.get("/api/v1/sessions/" + id + "/messages", this.writer), 400, "INVALID_INPUT");
		Response post = this.api.post("/api/v1/sessions/" + id + "/messages", this.writer, Map.of("content", "x"));
		assertProblem(post, 400, "INVALID_INPUT");
		assertThat(post.text()).doesNotContain("OR 1=1");
	}

	@Test
	void unknownSessionIsRefusedWith404() {
		String unknown = "session_0000000000000000";
		assertProblem(this.api.get("/api/v1/sessions/" + unknown, this.writer), 404, "SESSION_NOT_FOUND");
		assertProblem(this.api.get(messages(unknown), this.writer), 404, "SESSION_NOT_FOUND");
		assertProblem(this.api.post(messages(unknown), this.writer, Map.of("content", "x")), 404, "SESSION_NOT_FOUND");
	}

	// request body <= 1 MiB

	@Test
	void bodyOfExactlyOneMebibyteIsRead() {
		String json = "{\"content\":\"fits\"}";
		String body = json + " ".repeat(MIB - json.length());
		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(MIB);
		assertCreated(this.api.post(messages(this.sessionId), this.writer, body));
	}

	@Test
	void bodyOneByteOverOneMebibyteIsRefusedWith413() {
		String json = "{\"content\":\"too big\"}";
		long before = messageCount();
		Response response = this.api.post(messages(this.sessionId), this.writer,
				json + " ".repeat(MIB + 1 - json.length()));
		assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
		assertThat(messageCount()).isEqualTo(before);
	}

	@Test
	void chunkedBodyOverOneMebibyteIsRefusedWith413() throws Exception {
		String json = "{\"content\":\"" + "c".repeat(2 * MIB) + "\"}";
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + messages(this.sessionId)))
			.header("Authorization", "Bearer " + this.writer)
			.header("Content-Type", "application/json")
			// an InputStream publisher has no length, so the body goes chunked without
			// Content-Length
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
			.build();
		HttpResponse<String> response = send(request);
		Response parsed = new Response(response.statusCode(), parse(response.body()), response.body(),
				response.headers().map());
		assertProblem(parsed, 413, "PAYLOAD_TOO_LARGE");
	}

	// agent ids on POST /auth/token

	@ParameterizedTest
	@CsvSource(textBlock = """
			a,                   claude
			ops@example.com:1-_., claude
			agent,               t.y-p_e
			""")
	void wellFormedAgentIdAndTypeAreAccepted(String agentId, String agentType) {
		Response minted = mint(Map.of("agent_id", agentId, "agent_type", agentType));
		assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
	}

	@Test
	void agentIdOfAHundredCharactersIsAcceptedAndAHundredAndOneRefused() {
		assertThat(mint(Map.of("agent_id", "a".repeat(100), "agent_type", "claude")).status()).isEqualTo(200);
		assertProblem(mint(Map.of("agent_id", "a".repeat(101), "agent_type", "claude")), 400, "INVALID_INPUT");
	}

	@Test
	void agentTypeOfFiftyCharactersIsAcceptedAndFiftyOneRefused() {
		assertThat(mint(Map.of("agent_id", "a", "agent_type", "t".repeat(50))).status()).isEqualTo(200);
		assertProblem(mint(Map.of("agent_id", "a", "agent_type", "t".repeat(51))), 400, "INVALID_INPUT");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "has space", "semi;colon", "quote'", "slash/", "ünïcode", "new\nline" })
	void malformedAgentIdIsRefused(String agentId) {
		assertProblem(mint(Map.of("agent_id", agentId, "agent_type", "claude")), 400, "INVALID_INPUT");
	}

	@Test
	void missingAgentIdOrUnknownPermissionOrFormatIsRefused() {
		assertProblem(mint(Map.of("agent_type", "claude")), 400, "INVALID_INPUT");
		assertProblem(mint(Map.of("agent_id", "a")), 400, "INVALID_INPUT");
		assertProblem(mint(Map.of("agent_id", "a", "agent_type", "claude", "requested_permissions", List.of("root"))),
				400, "INVALID_INPUT");
		assertProblem(mint(Map.of("agent_id", "a", "agent_type", "claude", "token_format", "paseto")), 400,
				"INVALID_INPUT");
	}

	private Response mint(Map<String, Object> body) {
		return this.api.send("POST", "/api/v1/auth/token", null, body, Map.of("X-API-Key", API_KEY));
	}

	private Response createSession(Map<String, Object> body) {
		return this.api.post("/api/v1/sessions", this.writer, body);
	}

	private Response postMessage(Map<String, Object> body) {
		return this.api.post(messages(this.sessionId), this.writer, body);
	}

	private long messageCount() {
		return this.api.get(messages(this.sessionId) + "?limit=1", this.writer).json().get("total_count").asLong();
	}

	private static String messages(String session) {
		return "/api/v1/sessions/" + session + "/messages";
	}

	/** A JSON object nested {@code depth} levels: {"a":{"a":...{}}}. */
	private static Map<String, Object> nested(int depth) {
		Map<String, Object> value = new HashMap<>();
		for (int i = 1; i < depth; i++) {
			value = Map.of("a", value);
		}
		return value;
	}

	private static void assertCreated(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
	}

	/**
	 * A problem+json refusal with the status, a code (this one unless null) and nothing
	 * internal.
	 */
	private static void assertProblem(Response response, int status, String code) {
		assertThat(response.status()).as(abbreviate(response)).isEqualTo(status);
		assertThat(response.headers().get("content-type")).as("content type")
			.anySatisfy((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.json()).as("problem body").isNotNull();
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		assertThat(response.code()).as("code").isNotBlank();
		if (code != null) {
			assertThat(response.code()).as("code of " + abbreviate(response)).isEqualTo(code);
		}
		assertThat(response.json().get("detail").asString()).isNotBlank();
		assertThat(response.text()).doesNotContain("Exception", "\tat ", "at dev.", "at org.", "java.", "tools.jackson",
				"org.springframework", "SELECT ", "INSERT ", "SQLITE", "sqlite", "trace");
	}

	private static String abbreviate(Response response) {
		String text = response.toString();
		return (text.length() > 500) ? text.substring(0, 500) + "..." : text;
	}

	private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static tools.jackson.databind.JsonNode parse(String text) {
		try {
			return Api.JSON.readTree(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
