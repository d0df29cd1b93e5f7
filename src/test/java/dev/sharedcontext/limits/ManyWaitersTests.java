package dev.sharedcontext.limits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, point 1: waiting holds no request thread. Two thousand agents' worth of
 * {@code wait_for_messages} calls stay pending over MCP while another agent reads
 * messages as fast as ever; one post then answers all of them. On Java 17 (platform
 * threads, 200 Tomcat workers) the blocking implementation stalled every other request
 * from about 200 waiters on.
 */
class ManyWaitersTests extends IntegrationTest {

	private static final int AGENTS = 20;

	private static final int WAITS_PER_AGENT = 100;

	@Autowired
	private Leases leases;

	@Test
	void twoThousandPendingWaitsHoldNoThreadAndAllWakeOnOnePost() throws Exception {
		String writer = token("writer", "claude", Permission.READ, Permission.WRITE);
		String sessionId = this.api.post("/api/v1/sessions", writer, Map.of("purpose", "crowd"))
			.json()
			.get("id")
			.asString();
		this.api.post("/api/v1/sessions/" + sessionId + "/messages", writer, Map.of("content", "before"));
		String mcpSession = initialize();
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		List<CompletableFuture<HttpResponse<String>>> waits = new ArrayList<>();
		for (int agent = 0; agent < AGENTS; agent++) {
			String token = token("waiter-" + agent, "claude", Permission.READ);
			String call = Api.JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", agent, "method", "tools/call",
					"params", Map.of("name", "wait_for_messages", "arguments",
							Map.of("session_id", sessionId, "after_id", 1, "timeout_seconds", 60))));
			for (int i = 0; i < WAITS_PER_AGENT; i++) {
				HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/mcp"))
					.timeout(Duration.ofSeconds(90))
					.header("X-API-Key", API_KEY)
					.header("Authorization", "Bearer " + token)
					.header("Mcp-Session-Id", mcpSession)
					.header("Accept", "application/json, text/event-stream")
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(call))
					.build();
				waits.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
			}
		}
		await().atMost(Duration.ofSeconds(120))
			.until(() -> this.leases.count(Leases.Kind.WAIT) == AGENTS * WAITS_PER_AGENT
					|| waits.stream().anyMatch(CompletableFuture::isDone));
		assertThat(waits).as("no wait answered before a message was posted").noneMatch(CompletableFuture::isDone);

		String reader = token("reader", "gemini", Permission.READ);
		for (int i = 0; i < 100; i++) {
			this.api.get("/api/v1/sessions/" + sessionId + "/messages?limit=1", reader);
		}
		for (int i = 0; i < 300; i++) {
			Response page = this.api.get("/api/v1/sessions/" + sessionId + "/messages?limit=1", reader);
			assertThat(page.status()).isEqualTo(200);
		}
		// Structural, not timed: a wait that held a request thread would keep it inside
		// our code (up to all of Tomcat's 200 workers). Latency under this load is
		// measured by the bench (docs/benchmarks.md, --only=bounds).
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(requestThreadsInOurCode())
				.as("request threads inside the server's code while 2,000 waits are pending")
				.isEmpty());
		assertThat(waits).noneMatch(CompletableFuture::isDone);

		long id = this.api.post("/api/v1/sessions/" + sessionId + "/messages", writer, Map.of("content", "go"))
			.json()
			.get("id")
			.asLong();
		CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(60, java.util.concurrent.TimeUnit.SECONDS);
		for (CompletableFuture<HttpResponse<String>> wait : waits) {
			HttpResponse<String> response = wait.join();
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode result = Api.JSON.readTree(response.body()).get("result");
			assertThat(result.at("/structuredContent/last_id").asLong()).as(response.body()).isEqualTo(id);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.leases.count(Leases.Kind.WAIT) == 0);
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private String initialize() {
		Response response = this.api.send("POST", "/mcp", null, """
				{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
				 "capabilities":{},"clientInfo":{"name":"crowd","version":"1"}}}""",
				Map.of("X-API-Key", API_KEY, "Accept", "application/json, text/event-stream"));
		assertThat(response.status()).isEqualTo(200);
		return response.headers().get("mcp-session-id").get(0);
	}

	/**
	 * Request threads (Tomcat's workers; virtual threads are not listed, and hold nothing
	 * either) whose stack is in one of our classes.
	 */
	private static List<String> requestThreadsInOurCode() {
		List<String> busy = new ArrayList<>();
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			boolean inOurCode = Arrays.stream(stack)
				.anyMatch((frame) -> frame.getClassName().startsWith("dev.sharedcontext."));
			if (thread.getName().startsWith("http-nio-") && inOurCode) {
				busy.add(thread.getName());
			}
		});
		return busy;
	}

}
