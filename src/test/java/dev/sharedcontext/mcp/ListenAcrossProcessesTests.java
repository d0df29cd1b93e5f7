package dev.sharedcontext.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.ServerProcess;
import dev.sharedcontext.support.SseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9's proof that a 2026-07-28 request needs no state on the replica that answers
 * it: two server processes on one SQLite file. {@code server/discover} on A,
 * {@code tools/call} on B (authenticate, create sessions), {@code subscriptions/listen}
 * on A; a post through B that the listener may read reaches A's stream (within a
 * deadline, not a speed check), one it may not read never does. Then A shuts down and
 * ends the stream with the listen request's result.
 */
class ListenAcrossProcessesTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	@Test
	void aListenerOnOneProcessHearsAVisiblePostMadeThroughTheOther() throws Exception {
		Path database = this.dir.resolve("shared.db");
		int portA = ServerProcess.freePort();
		Process a = ServerProcess.start(this.dir, portA, database, List.of());
		Process b = null;
		try {
			int portB = ServerProcess.freePort();
			b = ServerProcess.start(this.dir, portB, database, List.of());
			Api apiA = new Api("http://127.0.0.1:" + portA);
			Api apiB = new Api("http://127.0.0.1:" + portB);

			Response discovered = call(apiA, null, "\"d\"", "server/discover", null, "");
			assertThat(discovered.status()).as(discovered.toString()).isEqualTo(200);
			assertThat(discovered.json().at("/result/supportedVersions").toString()).contains("2026-07-28");

			String alice = authenticate(apiB, "alice");
			String bob = authenticate(apiB, "bob");
			String hidden = createSession(apiB, alice, "alice's private notes");
			String shared = createSession(apiB, alice, "shared work");

			try (SseClient stream = SseClient.post("http://127.0.0.1:" + portA, "/mcp", bob,
					headers("subscriptions/listen", null), body("\"listen-1\"", "subscriptions/listen", """
							"notifications":{"resourceSubscriptions":["session://%s","session://%s"]},"""
						.formatted(hidden, shared)))) {
				assertThat(stream.status()).isEqualTo(200);
				JsonNode ack = stream.next(DEADLINE).json();
				assertThat(ack.get("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");

				// the invisible post first: once the visible one (later id) has arrived,
				// A has read past it
				addMessage(apiB, alice, hidden, "private");
				addMessage(apiB, alice, shared, "public");
				List<String> heard = new ArrayList<>();
				while (!heard.contains("session://" + shared)) {
					SseClient.Event event = stream.next(DEADLINE);
					assertThat(event).as("A heard only %s", heard).isNotNull();
					JsonNode message = event.json();
					assertThat(message.get("method").asString()).isEqualTo("notifications/resources/updated");
					assertThat(message.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asString())
						.isEqualTo("listen-1");
					heard.add(message.at("/params/uri").asString());
				}
				assertThat(heard).doesNotContain("session://" + hidden);

				a.destroy();
				SseClient.Event last = stream.next(Duration.ofSeconds(60));
				assertThat(last).as("the listen result at shutdown").isNotNull();
				JsonNode closed = last.json();
				assertThat(closed.get("id").asString()).isEqualTo("listen-1");
				assertThat(closed.at("/result/resultType").asString()).isEqualTo("complete");
				assertThat(closed.at("/result/_meta/io.modelcontextprotocol~1subscriptionId").asString())
					.isEqualTo("listen-1");
				assertThat(stream.ended(Duration.ofSeconds(60))).isTrue();
			}
		}
		finally {
			a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			if (b != null) {
				b.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
	}

	private static String authenticate(Api api, String agentId) {
		JsonNode result = tool(api, null, "authenticate_agent", """
				{"agent_id":"%s","agent_type":"claude"}""".formatted(agentId));
		return result.at("/structuredContent/token").asString();
	}

	private static String createSession(Api api, String token, String purpose) {
		return tool(api, token, "create_session", "{\"purpose\":\"%s\"}".formatted(purpose))
			.at("/structuredContent/session_id")
			.asString();
	}

	private static void addMessage(Api api, String token, String session, String visibility) {
		JsonNode result = tool(api, token, "add_message", """
				{"session_id":"%s","content":"a %s post","visibility":"%s"}""".formatted(session, visibility,
				visibility));
		assertThat(result.at("/isError").asBoolean()).as(result.toString()).isFalse();
	}

	private static JsonNode tool(Api api, String token, String name, String arguments) {
		Response response = call(api, token, "1", "tools/call", name,
				"\"name\":\"%s\",\"arguments\":%s,".formatted(name, arguments));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode result = response.json().get("result");
		assertThat(result).as(response.toString()).isNotNull();
		return result;
	}

	private static Response call(Api api, String token, String id, String method, String name, String params) {
		return api.send("POST", "/mcp", token, body(id, method, params), headers(method, name));
	}

	private static String body(String id, String method, String params) {
		return """
				{"jsonrpc":"2.0","id":%s,"method":"%s","params":{%s"_meta":{
				 "io.modelcontextprotocol/protocolVersion":"2026-07-28",
				 "io.modelcontextprotocol/clientCapabilities":{},
				 "io.modelcontextprotocol/clientInfo":{"name":"two-process-test","version":"1"}}}}""".formatted(id,
				method, params);
	}

	private static Map<String, String> headers(String method, String name) {
		return (name != null)
				? Map.of("X-API-Key", IntegrationTest.API_KEY, "Accept", "application/json, text/event-stream",
						"MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method, "Mcp-Name", name)
				: Map.of("X-API-Key", IntegrationTest.API_KEY, "Accept", "application/json, text/event-stream",
						"MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method);
	}

}
