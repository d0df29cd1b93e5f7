package dev.sharedcontext.message;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.ServerProcess;
import dev.sharedcontext.support.SseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's live stream hears posts made through another process on the same SQLite
 * file ({@link MessageStreams} is a {@link ForeignCommits.Watcher}): a stream open on B
 * gets A's post that its viewer may read and never one it may not. The keep-alive is set
 * far beyond the deadline, so only the probe can deliver the post.
 */
class LiveStreamAcrossProcessesTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	@Test
	void aLiveStreamOnOneProcessGetsAVisiblePostMadeThroughTheOther() throws Exception {
		String database = "jdbc:sqlite:" + this.dir.resolve("shared.db");
		Map<String, String> slowHeartbeat = Map.of("LIVE_HEARTBEAT", "600");
		int portA = ServerProcess.freePort();
		Process a = ServerProcess.start(this.dir, portA, database, slowHeartbeat, List.of());
		Process b = null;
		try {
			int portB = ServerProcess.freePort();
			b = ServerProcess.start(this.dir, portB, database, slowHeartbeat, List.of());
			Api apiA = new Api("http://127.0.0.1:" + portA);
			String alice = ServerProcess.mint(apiA, "alice");
			String bob = ServerProcess.mint(new Api("http://127.0.0.1:" + portB), "bob");
			Response session = apiA.post("/api/v1/sessions", alice, Map.of("purpose", "across processes"));
			assertThat(session.status()).as(session.toString()).isEqualTo(201);
			String sessionId = session.json().get("id").asString();

			try (SseClient stream = SseClient.open("http://127.0.0.1:" + portB,
					"/api/v1/sessions/" + sessionId + "/events", bob, Map.of())) {
				assertThat(stream.status()).isEqualTo(200);
				// the invisible post first: once the visible one (a later id) arrives, B
				// has read past it
				post(apiA, alice, sessionId, "alice only", "private");
				long visible = post(apiA, alice, sessionId, "for everyone", "public");
				SseClient.Event event = stream.next(DEADLINE);
				assertThat(event).as("B's stream got A's public post").isNotNull();
				assertThat(event.messageId()).isEqualTo(visible);
				assertThat(event.json().get("content").asString()).isEqualTo("for everyone");
			}
		}
		finally {
			ServerProcess.kill(a);
			if (b != null) {
				ServerProcess.kill(b);
			}
		}
	}

	private static long post(Api api, String token, String sessionId, String content, String visibility) {
		Response posted = api.post("/api/v1/sessions/" + sessionId + "/messages", token,
				Map.of("content", content, "visibility", visibility));
		assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
		return posted.json().get("id").asLong();
	}

}
