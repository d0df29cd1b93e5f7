package dev.sharedcontext.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.Mcp2026;
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

			Response discovered = Mcp2026.call(apiA, null, "\"d\"", "server/discover", null, "");
			assertThat(discovered.status()).as(discovered.toString()).isEqualTo(200);
			assertThat(discovered.json().at("/result/supportedVersions").toString()).contains("2026-07-28");

			String alice = Mcp2026.authenticate(apiB, "alice");
			String bob = Mcp2026.authenticate(apiB, "bob");
			String hidden = Mcp2026.createSession(apiB, alice, "alice's private notes");
			String shared = Mcp2026.createSession(apiB, alice, "shared work");

			try (SseClient stream = SseClient.post("http://127.0.0.1:" + portA, "/mcp", bob,
					Mcp2026.headers("subscriptions/listen", null),
					Mcp2026.body("\"listen-1\"", "subscriptions/listen", """
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

	private static void addMessage(Api api, String token, String session, String visibility) {
		JsonNode result = Mcp2026.tool(api, token, "add_message", """
				{"session_id":"%s","content":"a %s post","visibility":"%s"}""".formatted(session, visibility,
				visibility));
		assertThat(result.at("/isError").asBoolean()).as(result.toString()).isFalse();
	}

}
