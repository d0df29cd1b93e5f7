package dev.sharedcontext.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.SseClient;
import dev.sharedcontext.support.SseClient.Event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live message stream {@code GET /api/v1/sessions/{id}/events} over real HTTP: only
 * what the viewer may read, resumption with {@code Last-Event-ID} without gaps or
 * duplicates, and the end of the stream when the token is revoked. The heartbeat is 1 s
 * so that revocation is noticed quickly.
 */
@TestPropertySource(properties = "shared-context.live.heartbeat=1")
class MessageEventsTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final AtomicInteger AGENTS = new AtomicInteger();

	@Autowired
	private MessageStreams streams;

	private String alice;

	private String bob;

	private String carol;

	private String sessionId;

	@BeforeEach
	void agentsAndSession() {
		int n = AGENTS.incrementAndGet();
		this.alice = token("alice-" + n, "claude", Permission.READ, Permission.WRITE);
		this.bob = token("bob-" + n, "claude", Permission.READ, Permission.WRITE);
		this.carol = token("carol-" + n, "gemini", Permission.READ, Permission.WRITE);
		Response created = this.api.post("/api/v1/sessions", this.alice, Map.of("purpose", "live stream test " + n));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		this.sessionId = created.json().get("id").asString();
	}

	@Test
	void streamSendsTheVisibleHistoryThenLiveMessagesTheViewerMayRead() {
		long history = post(this.bob, "before connecting", "public");
		post(this.bob, "bob's private note", "private");
		try (SseClient stream = open(this.carol, Map.of())) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
			Event first = stream.next(WAIT);
			assertThat(first.messageId()).isEqualTo(history);
			assertThat(first.name()).isEqualTo("message");
			assertThat(first.json().get("content").asString()).isEqualTo("before connecting");
			assertThat(first.json().get("session_id").asString()).isEqualTo(this.sessionId);

			post(this.bob, "bob's second private note", "private");
			post(this.alice, "for claude agents only", "agent_only");
			long ownPrivate = post(this.carol, "carol's own private note", "private");
			long live = post(this.alice, "posted live", "public");

			List<Event> events = stream.next(2, WAIT);
			assertThat(events).extracting(Event::messageId).containsExactly(ownPrivate, live);
			assertThat(events).extracting((e) -> e.json().get("content").asString())
				.containsExactly("carol's own private note", "posted live");
			assertThat(stream.next(Duration.ofMillis(300))).isNull();
		}
	}

	@Test
	void agentOnlyMessagesReachViewersOfTheSameTypeOnly() {
		try (SseClient claude = open(this.bob, Map.of()); SseClient gemini = open(this.carol, Map.of())) {
			long agentOnly = post(this.alice, "claude agents only", "agent_only");
			long everyone = post(this.alice, "everyone", "public");
			assertThat(claude.next(2, WAIT)).extracting(Event::messageId).containsExactly(agentOnly, everyone);
			assertThat(gemini.next(1, WAIT)).extracting(Event::messageId).containsExactly(everyone);
		}
	}

	@Test
	void reconnectingWithLastEventIdResumesWithoutGapsOrDuplicates() {
		List<Long> posted = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			posted.add(post(this.alice, "message " + i, "public"));
		}
		long lastSeen;
		try (SseClient stream = open(this.bob, Map.of())) {
			lastSeen = stream.next(3, WAIT).get(2).messageId();
		}
		for (int i = 4; i <= 6; i++) {
			posted.add(post(this.alice, "message " + i, "public"));
		}
		try (SseClient resumed = open(this.bob, Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
			assertThat(resumed.next(3, WAIT)).extracting(Event::messageId)
				.containsExactlyElementsOf(posted.subList(3, 6));
			long live = post(this.alice, "message 7", "public");
			assertThat(resumed.next(1, WAIT)).extracting(Event::messageId).containsExactly(live);
			assertThat(resumed.next(Duration.ofMillis(300))).isNull();
		}
	}

	@Test
	void afterIdQueryParameterIsAResumePointToo() {
		long first = post(this.alice, "one", "public");
		long second = post(this.alice, "two", "public");
		try (SseClient stream = SseClient.open(base(), eventsPath() + "?after_id=" + first, this.bob, Map.of())) {
			assertThat(stream.next(1, WAIT)).extracting(Event::messageId).containsExactly(second);
		}
	}

	@Test
	void messagesPostedWhileTheBacklogLoadsAreEachSentExactlyOnceInOrder() {
		for (int i = 0; i < 20; i++) {
			post(this.alice, "backlog " + i, "public");
		}
		CompletableFuture<List<Long>> writer = CompletableFuture.supplyAsync(() -> {
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				ids.add(post(this.bob, "concurrent " + i, "public"));
			}
			return ids;
		});
		try (SseClient stream = open(this.carol, Map.of())) {
			List<Long> expected = new ArrayList<>(
					this.api.get(eventsPath().replace("/events", "/messages?limit=20"), this.carol)
						.json()
						.get("messages")
						.valueStream()
						.map((m) -> m.get("id").asLong())
						.toList());
			expected.addAll(writer.join());
			List<Long> received = stream.next(60, Duration.ofSeconds(15)).stream().map(Event::messageId).toList();
			assertThat(received).containsExactlyElementsOf(expected);
			assertThat(stream.next(Duration.ofMillis(300))).isNull();
		}
	}

	@Test
	void withoutATokenTheStreamIsRefusedWith401() {
		try (SseClient stream = SseClient.open(base(), eventsPath(), null, Map.of())) {
			assertThat(stream.status()).isEqualTo(401);
			assertThat(stream.body()).contains("AUTHENTICATION_REQUIRED");
		}
	}

	@Test
	void anUnknownSessionIsRefusedWith404() {
		try (SseClient stream = SseClient.open(base(), "/api/v1/sessions/session_0000000000000000/events", this.bob,
				Map.of())) {
			assertThat(stream.status()).isEqualTo(404);
			assertThat(stream.body()).contains("SESSION_NOT_FOUND");
		}
	}

	@Test
	void aMalformedLastEventIdIsRefusedWith400() {
		try (SseClient stream = open(this.bob, Map.of("Last-Event-ID", "not-a-number"))) {
			assertThat(stream.status()).isEqualTo(400);
			assertThat(stream.body()).contains("INVALID_INPUT");
		}
	}

	@Test
	void revokingTheViewersTokenEndsTheStream() {
		String admin = token("admin-" + AGENTS.incrementAndGet(), "ops", Permission.READ, Permission.ADMIN);
		String tokenId = this.api.get("/api/v1/auth/me", this.bob).json().get("token_id").asString();
		try (SseClient stream = open(this.bob, Map.of())) {
			long before = post(this.alice, "before revocation", "public");
			assertThat(stream.next(1, WAIT)).extracting(Event::messageId).containsExactly(before);
			assertThat(this.api.delete("/api/v1/admin/tokens/" + tokenId, admin).status()).isEqualTo(204);
			assertThat(stream.ended(WAIT)).as("stream ended after revocation").isTrue();
		}
		try (SseClient again = open(this.bob, Map.of())) {
			assertThat(again.status()).isEqualTo(401);
		}
	}

	@Test
	void closedStreamsAreForgotten() {
		try (SseClient stream = open(this.bob, Map.of())) {
			post(this.alice, "hello", "public");
			stream.next(1, WAIT);
			assertThat(this.streams.openStreams(this.sessionId)).isOne();
		}
		// the server notices the closed connection when it next writes: at the latest on
		// a heartbeat
		await().atMost(WAIT).until(() -> this.streams.openStreams(this.sessionId) == 0);
	}

	private SseClient open(String token, Map<String, String> headers) {
		return SseClient.open(base(), eventsPath(), token, headers);
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private String eventsPath() {
		return "/api/v1/sessions/" + this.sessionId + "/events";
	}

	private long post(String token, String content, String visibility) {
		Response response = this.api.post("/api/v1/sessions/" + this.sessionId + "/messages", token,
				Map.of("content", content, "visibility", visibility));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

}
