package dev.sharedcontext.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit (MessageWriter): concurrent posts share transactions, so good and bad
 * posts end up in the same batch. A bad post must fail alone, with the error it gets when
 * posted by itself, and leave nothing behind; the good ones around it are stored and
 * acknowledged.
 */
class MessageWriterTests extends IntegrationTest {

	private static final int THREADS = 16;

	private static final int POSTS_PER_THREAD = 20;

	@Test
	void badPostsInABatchFailAloneWithTheirOwnErrorsAndTheRestAreStored() throws Exception {
		String token = token("batcher", "claude", Permission.READ, Permission.WRITE);
		String session = createSession(token, "batch");
		String other = createSession(token, "elsewhere");
		long foreignParent = this.api
			.post("/api/v1/sessions/" + other + "/messages", token, Map.of("content", "in another session"))
			.json()
			.get("id")
			.asLong();
		String missing = "session_0000000000000000";

		List<Long> stored = new CopyOnWriteArrayList<>();
		List<String> unexpected = new CopyOnWriteArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				pool.submit(() -> {
					start.await();
					for (int i = 0; i < POSTS_PER_THREAD; i++) {
						String content = "thread " + thread + " post " + i;
						switch (i % 4) {
							case 1 -> expectCode(post(missing, token, Map.of("content", content)), 404,
									"SESSION_NOT_FOUND", unexpected);
							case 2 -> expectCode(
									post(session, token,
											Map.of("content", content, "parent_message_id", foreignParent)),
									400, "INVALID_PARENT_MESSAGE", unexpected);
							default -> {
								Response posted = post(session, token, Map.of("content", content));
								if (posted.status() == 201) {
									stored.add(posted.json().get("id").asLong());
								}
								else {
									unexpected.add(posted.toString());
								}
							}
						}
					}
					return null;
				});
			}
			start.countDown();
			pool.shutdown();
			assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).as("posters finished").isTrue();
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(unexpected).as("answers other than the expected ones").isEmpty();
		assertThat(stored).hasSize(THREADS * POSTS_PER_THREAD / 2).doesNotHaveDuplicates();
		List<Long> listed = new ArrayList<>();
		Response page = this.api.get("/api/v1/sessions/" + session + "/messages?limit=1000", token);
		for (JsonNode message : page.json().get("messages")) {
			listed.add(message.get("id").asLong());
			assertThat(message.get("parent_message_id").isNull()).as("no failed reply was stored").isTrue();
		}
		assertThat(listed).containsExactlyInAnyOrderElementsOf(stored);
	}

	@Test
	void aReplyToAMissingMessageInAMissingSessionIsReportedAsTheMissingSession() {
		String token = token("replier", "claude", Permission.READ, Permission.WRITE);
		Response posted = post("session_00000000000000ff", token, Map.of("content", "hello", "parent_message_id", 999));
		assertThat(posted.status()).as(posted.toString()).isEqualTo(404);
		assertThat(posted.code()).isEqualTo("SESSION_NOT_FOUND");
	}

	private Response post(String session, String token, Map<String, Object> body) {
		return this.api.post("/api/v1/sessions/" + session + "/messages", token, body);
	}

	private String createSession(String token, String purpose) {
		return this.api.post("/api/v1/sessions", token, Map.of("purpose", purpose)).json().get("id").asString();
	}

	private static void expectCode(Response response, int status, String code, List<String> unexpected) {
		if (response.status() != status || !code.equals(response.code())) {
			unexpected.add("expected " + status + " " + code + ", got " + response);
		}
	}

}
