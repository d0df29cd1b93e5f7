package dev.sharedcontext.limits;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, points 2 and 3: the largest requests the server allows fit a 256 MiB heap.
 * The server runs as its own process with {@code -Xmx256m -XX:+ExitOnOutOfMemoryError}
 * over a session of 600 messages of 100,000 characters (60 MB), and is asked, four at a
 * time, for everything at once: {@code get_messages} with limit 1,000 over MCP and REST,
 * and the largest batch of them. Before the page and response budgets, one such MCP call
 * ended in {@code OutOfMemoryError}.
 */
class HeapBoundTests {

	@TempDir
	Path dir;

	@Test
	void theWorstAllowedRequestsFitA256MiBHeap() throws Exception {
		int port = ServerProcess.freePort();
		Process server = start(port);
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			Api api = new Api("http://127.0.0.1:" + port);
			String token = ServerProcess.mint(api, "heavy");
			String sessionId = api.post("/api/v1/sessions", token, Map.of("purpose", "heavy"))
				.json()
				.get("id")
				.asString();
			String content = "0123456789".repeat(10_000);
			List<CompletableFuture<Integer>> posts = new ArrayList<>();
			for (int i = 0; i < 600; i++) {
				posts.add(CompletableFuture.supplyAsync(
						() -> api.post("/api/v1/sessions/" + sessionId + "/messages", token, Map.of("content", content))
							.status(),
						clients));
			}
			posts.forEach((post) -> assertThat(post.join()).isEqualTo(201));

			String mcp = initialize(api, "2025-03-26");
			String getAll = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"get_messages\","
					+ "\"arguments\":{\"session_id\":\"" + sessionId + "\",\"limit\":1000}}}";
			StringBuilder batch = new StringBuilder("[");
			for (int i = 0; i < 20; i++) {
				batch.append((i > 0) ? "," : "").append(getAll.formatted(i));
			}
			String largestBatch = batch.append(']').toString();
			List<CompletableFuture<Response>> heavy = new ArrayList<>();
			for (int round = 0; round < 3; round++) {
				heavy.add(CompletableFuture
					.supplyAsync(() -> api.send("POST", "/mcp", token, getAll.formatted(1), mcpHeaders(mcp)), clients));
				heavy.add(CompletableFuture
					.supplyAsync(() -> api.send("POST", "/mcp", token, largestBatch, mcpHeaders(mcp)), clients));
				heavy.add(CompletableFuture.supplyAsync(
						() -> api.get("/api/v1/sessions/" + sessionId + "/messages?limit=1000", token), clients));
				heavy.add(CompletableFuture
					.supplyAsync(() -> api.send("POST", "/mcp", token, largestBatch, mcpHeaders(mcp)), clients));
			}
			for (CompletableFuture<Response> request : heavy) {
				Response response = request.get(120, TimeUnit.SECONDS);
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.text().length()).isLessThan(40_000_000);
			}
			assertThat(server.isAlive()).as("no OutOfMemoryError").isTrue();
		}
		finally {
			clients.shutdownNow();
			server.destroy();
			server.waitFor(30, TimeUnit.SECONDS);
		}
		for (File log : this.dir.toFile().listFiles((d, name) -> name.endsWith(".log"))) {
			assertThat(Files.readString(log.toPath())).doesNotContain("OutOfMemoryError");
		}
	}

	private static String initialize(Api api, String version) {
		Response response = api.send("POST", "/mcp", null,
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
						+ "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"heap\",\"version\":\"1\"}}}",
				mcpHeaders(null));
		return response.headers().get("mcp-session-id").get(0);
	}

	private static Map<String, String> mcpHeaders(String mcpSession) {
		Map<String, String> headers = new HashMap<>();
		headers.put("X-API-Key", IntegrationTest.API_KEY);
		headers.put("Accept", "application/json, text/event-stream");
		if (mcpSession != null) {
			headers.put("Mcp-Session-Id", mcpSession);
		}
		return headers;
	}

	private Process start(int port) {
		return ServerProcess.start(this.dir, port, this.dir.resolve("heap.db"),
				List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
	}

}
