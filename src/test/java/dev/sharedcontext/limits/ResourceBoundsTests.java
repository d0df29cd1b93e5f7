package dev.sharedcontext.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.token.IssuedToken;
import dev.sharedcontext.auth.token.TokenFormat;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.SseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §11 and issue 13: no agent can stall or exhaust the server. Caps on concurrent
 * waits and streams (small here, so they are reached), batches and response sizes, and a
 * revoked token's waits and streams ending within about a second — each case failed
 * before these bounds existed.
 */
class ResourceBoundsTests extends IntegrationTest {

	private static final int PAGE_BYTES = 65_536;

	@DynamicPropertySource
	static void limits(DynamicPropertyRegistry registry) {
		registry.add("shared-context.limits.waits-per-agent", () -> 3);
		registry.add("shared-context.limits.streams-per-agent", () -> 2);
		registry.add("shared-context.limits.batch-size", () -> 5);
		registry.add("shared-context.limits.page-bytes", () -> PAGE_BYTES);
		registry.add("shared-context.limits.response-bytes", () -> 200_000);
		registry.add("shared-context.mcp.stream-keep-alive", () -> 1);
		registry.add("shared-context.live.heartbeat", () -> 1);
	}

	@Autowired
	private Leases leases;

	private final ExecutorService clients = Executors.newCachedThreadPool();

	private String writer;

	private String sessionId;

	@BeforeEach
	void session() {
		this.writer = token("writer", "claude", Permission.READ, Permission.WRITE);
		this.sessionId = this.api.post("/api/v1/sessions", this.writer, Map.of("purpose", "bounds"))
			.json()
			.get("id")
			.asString();
	}

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	@Test
	void waitsPastTheAgentsCapAreRefusedWithRetryAfterWhileOthersStillWait() {
		String mcp = initialize("2025-11-25");
		List<CompletableFuture<JsonNode>> waits = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			waits.add(async(() -> callTool(mcp, this.writer, "wait_for_messages",
					Map.of("session_id", this.sessionId, "after_id", 0, "timeout_seconds", 20))));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.leases.count(Leases.Kind.WAIT) == 3);
		JsonNode refused = callTool(mcp, this.writer, "wait_for_messages",
				Map.of("session_id", this.sessionId, "after_id", 0, "timeout_seconds", 20));
		assertThat(refused.get("isError").asBoolean()).isTrue();
		assertThat(refused.at("/structuredContent/code").asString()).isEqualTo("TOO_MANY_WAITS");
		assertThat(refused.at("/structuredContent/retry_after").asLong()).isPositive();

		String other = token("other", "claude", Permission.READ);
		CompletableFuture<JsonNode> othersWait = async(() -> callTool(mcp, other, "wait_for_messages",
				Map.of("session_id", this.sessionId, "after_id", 0, "timeout_seconds", 20)));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.leases.count(Leases.Kind.WAIT) == 4);

		long id = this.api
			.post("/api/v1/sessions/" + this.sessionId + "/messages", this.writer, Map.of("content", "wake up"))
			.json()
			.get("id")
			.asLong();
		for (CompletableFuture<JsonNode> wait : waits) {
			assertThat(wait.join().at("/structuredContent/messages/0/id").asLong()).isEqualTo(id);
		}
		assertThat(othersWait.join().at("/structuredContent/last_id").asLong()).isEqualTo(id);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.leases.count(Leases.Kind.WAIT) == 0);
	}

	@Test
	void aRevokedTokensPendingWaitEndsWithinASecondAndDeliversNothingPostedAfter() throws Exception {
		IssuedToken victim = this.tokenService.issueFromHost("victim", "claude", List.of(Permission.READ), null,
				TokenFormat.SCT, new AuditDetails());
		String admin = token("ops", "admin", Permission.READ, Permission.WRITE, Permission.ADMIN);
		String mcp = initialize("2025-11-25");
		CompletableFuture<JsonNode> wait = async(() -> callTool(mcp, victim.token(), "wait_for_messages",
				Map.of("session_id", this.sessionId, "after_id", 0, "timeout_seconds", 30)));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.leases.count(Leases.Kind.WAIT) == 1);

		assertThat(this.api.delete("/api/v1/admin/tokens/" + victim.tokenId(), admin).status()).isEqualTo(204);
		this.api.post("/api/v1/sessions/" + this.sessionId + "/messages", this.writer,
				Map.of("content", "posted after the revocation"));

		JsonNode result = wait.get(5, TimeUnit.SECONDS);
		assertThat(result.get("isError").asBoolean()).isTrue();
		assertThat(result.at("/structuredContent/code").asString()).isEqualTo("INVALID_TOKEN");
		assertThat(result.toString()).doesNotContain("posted after the revocation");
	}

	@Test
	void aRevokedTokensStreamsCloseWithinASecond() {
		IssuedToken victim = this.tokenService.issueFromHost("watcher", "claude", List.of(Permission.READ), null,
				TokenFormat.SCT, new AuditDetails());
		String admin = token("ops", "admin", Permission.READ, Permission.WRITE, Permission.ADMIN);
		String mcp = initialize("2025-11-25");
		try (SseClient live = SseClient.open(base(), "/api/v1/sessions/" + this.sessionId + "/events", victim.token(),
				Map.of()); SseClient mcpStream = SseClient.open(base(), "/mcp", victim.token(), mcpHeaders(mcp))) {
			assertThat(live.status()).isEqualTo(200);
			assertThat(mcpStream.status()).isEqualTo(200);
			assertThat(this.api.delete("/api/v1/admin/tokens/" + victim.tokenId(), admin).status()).isEqualTo(204);
			assertThat(live.ended(Duration.ofSeconds(3))).as("live stream ended").isTrue();
			assertThat(mcpStream.ended(Duration.ofSeconds(3))).as("MCP GET stream ended").isTrue();
		}
	}

	@Test
	void streamsPastTheAgentsCapAreRefusedWith429AndRetryAfter() {
		String reader = token("reader", "claude", Permission.READ);
		String mcp = initialize("2025-11-25");
		String events = "/api/v1/sessions/" + this.sessionId + "/events";
		try (SseClient first = SseClient.open(base(), events, reader, Map.of());
				SseClient second = SseClient.open(base(), "/mcp", reader, mcpHeaders(mcp));
				SseClient third = SseClient.open(base(), events, reader, Map.of());
				SseClient fourth = SseClient.open(base(), "/mcp", reader, mcpHeaders(mcp))) {
			assertThat(first.status()).isEqualTo(200);
			assertThat(second.status()).isEqualTo(200);
			assertThat(third.status()).isEqualTo(429);
			assertThat(third.header("Retry-After")).isNotBlank();
			assertThat(third.body()).contains("TOO_MANY_STREAMS");
			assertThat(fourth.status()).isEqualTo(429);
			assertThat(fourth.header("Retry-After")).isNotBlank();
		}
		// the server notices a closed stream at its next write (a keep-alive at the
		// latest)
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			try (SseClient again = SseClient.open(base(), events, reader, Map.of())) {
				return again.status() == 200;
			}
		});
	}

	@Test
	void theMcpGetStreamSendsHeadersAndACommentAtOnceThenKeepAlives() {
		String mcp = initialize("2025-11-25");
		try (SseClient stream = SseClient.open(base(), "/mcp", null, mcpHeaders(mcp))) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
			await().atMost(Duration.ofSeconds(2)).until(() -> !stream.comments().isEmpty());
			await().atMost(Duration.ofSeconds(5)).until(() -> stream.comments().contains("keep-alive"));
		}
	}

	@Test
	void batchesAreRefusedOnRevisionsWithoutThemAndCappedOnThatWithThem() {
		String pings = "[" + String.join(",",
				java.util.Collections.nCopies(6, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")) + "]";
		for (String version : List.of("2025-11-25", "2025-06-18")) {
			Response refused = this.api.send("POST", "/mcp", null,
					"[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", mcpHeaders(initialize(version)));
			assertThat(refused.status()).as(version).isEqualTo(400);
			assertThat(refused.json().at("/error/code").asInt()).isEqualTo(-32600);
		}
		String old = initialize("2025-03-26");
		Response tooMany = this.api.send("POST", "/mcp", null, pings, mcpHeaders(old));
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.json().at("/error/message").asString()).contains("at most 5");
		Response fine = this.api.send("POST", "/mcp", null, pings.replaceFirst("\\{[^}]*\\},", ""), mcpHeaders(old));
		assertThat(fine.status()).isEqualTo(200);
		assertThat(fine.json()).hasSize(5);
	}

	@Test
	void aBatchStopsRunningRequestsOnceItsAnswersReachTheResponseLimit() {
		String big = "x".repeat(60_000);
		for (int i = 0; i < 8; i++) {
			this.api.post("/api/v1/sessions/" + this.sessionId + "/messages", this.writer, Map.of("content", big));
		}
		String old = initialize("2025-03-26");
		StringBuilder batch = new StringBuilder("[");
		for (int i = 0; i < 5; i++) {
			batch.append((i > 0) ? "," : "")
				.append("{\"jsonrpc\":\"2.0\",\"id\":")
				.append(i)
				.append(",\"method\":\"tools/call\",\"params\":{\"name\":\"get_messages\",\"arguments\":{\"session_id\":\"")
				.append(this.sessionId)
				.append("\",\"limit\":1000,\"auth_token\":\"")
				.append(this.writer)
				.append("\"}}}");
		}
		Response response = this.api.send("POST", "/mcp", null, batch.append("]").toString(), mcpHeaders(old));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).hasSize(5);
		assertThat(response.json().get(0).at("/result/isError").asBoolean()).isFalse();
		assertThat(response.json().get(4).at("/error/message").asString()).contains("Not run");
		assertThat(response.text().length()).isLessThan(400_000);
	}

	@Test
	void aPageOfLargeMessagesIsCutShortAtThePageBudgetOnBothSurfaces() {
		String big = "y".repeat(30_000);
		for (int i = 0; i < 6; i++) {
			this.api.post("/api/v1/sessions/" + this.sessionId + "/messages", this.writer, Map.of("content", big));
		}
		JsonNode rest = this.api.get("/api/v1/sessions/" + this.sessionId + "/messages?limit=1000", this.writer).json();
		assertThat(rest.get("messages").size()).isBetween(1, 2);
		assertThat(rest.get("has_more").asBoolean()).isTrue();
		assertThat(rest.get("total_count").asLong()).isEqualTo(6);
		JsonNode mcp = callTool(initialize("2025-11-25"), this.writer, "get_messages",
				Map.of("session_id", this.sessionId, "limit", 1000));
		assertThat(mcp.at("/structuredContent/messages").size()).isEqualTo(rest.get("messages").size());
		assertThat(mcp.at("/structuredContent/has_more").asBoolean()).isTrue();
		assertThat(mcp.at("/structuredContent/total_count").asLong()).isEqualTo(6);
	}

	@Test
	void aPageOfLargeMemoryEntriesIsCutShortAtThePageBudget() {
		String mcp = initialize("2025-11-25");
		for (String key : List.of("a", "b", "c")) {
			JsonNode set = callTool(mcp, this.writer, "set_memory", Map.of("key", key, "value", "z".repeat(60_000)));
			assertThat(set.get("isError").asBoolean()).as(set.toString()).isFalse();
		}
		JsonNode listed = callTool(mcp, this.writer, "list_memory", Map.of("limit", 1000));
		assertThat(listed.at("/structuredContent/entries").size()).isEqualTo(1);
		assertThat(listed.at("/structuredContent/has_more").asBoolean()).isTrue();
		JsonNode next = callTool(mcp, this.writer, "list_memory", Map.of("limit", 1000, "prefix", "c"));
		assertThat(next.at("/structuredContent/entries").size()).isEqualTo(1);
		assertThat(next.at("/structuredContent/has_more").asBoolean()).isFalse();
	}

	@Test
	void aVersionHeaderNewerThanTheNegotiatedOneIsRefusedAndTheNegotiatedOneGoverns() {
		String mcp = initialize("2025-06-18");
		Map<String, String> headers = mcpHeaders(mcp);
		headers.put("MCP-Protocol-Version", "2025-11-25");
		Response response = this.api.send("POST", "/mcp", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
				headers);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().at("/error/message").asString()).contains("2025-06-18");
		headers.put("MCP-Protocol-Version", "2025-03-26");
		Response batch = this.api.send("POST", "/mcp", null, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]",
				headers);
		assertThat(batch.status()).as("an older header does not bring batches back").isEqualTo(400);
		Response ping = this.api.send("POST", "/mcp", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
				headers);
		assertThat(ping.status()).isEqualTo(200);
	}

	private <T> CompletableFuture<T> async(java.util.function.Supplier<T> call) {
		return CompletableFuture.supplyAsync(call, this.clients);
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private String initialize(String version) {
		Response response = this.api.send("POST", "/mcp", null,
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
						+ "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bounds\",\"version\":\"1\"}}}",
				mcpHeaders(null));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.headers().get("mcp-session-id").get(0);
	}

	private JsonNode callTool(String mcpSession, String bearer, String tool, Map<String, Object> arguments) {
		Map<String, Object> request = Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call", "params",
				Map.of("name", tool, "arguments", arguments));
		Response response = this.api.send("POST", "/mcp", bearer, request, mcpHeaders(mcpSession));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("result");
	}

	private static Map<String, String> mcpHeaders(String mcpSession) {
		Map<String, String> headers = new HashMap<>();
		headers.put("X-API-Key", API_KEY);
		headers.put("Accept", "application/json, text/event-stream");
		if (mcpSession != null) {
			headers.put("Mcp-Session-Id", mcpSession);
		}
		return headers;
	}

}
