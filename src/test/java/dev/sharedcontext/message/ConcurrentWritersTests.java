package dev.sharedcontext.message;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many agents posting at once over REST (SPEC §9: writes must not fail with SQLITE_BUSY
 * under concurrent writers): no request fails, every acknowledged message is stored
 * exactly once and can be read back.
 */
class ConcurrentWritersTests extends IntegrationTest {

	private static final int THREADS = 32;

	private static final int POSTS_PER_THREAD = 25;

	private static final int AGENTS = 4;

	@Test
	void everyAcknowledgedMessageFromManyConcurrentWritersIsStoredOnce() throws Exception {
		List<String> agents = new ArrayList<>();
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < AGENTS; i++) {
			agents.add("writer-" + i);
			tokens.add(token("writer-" + i, type(i), Permission.READ, Permission.WRITE));
		}
		String sessionId = this.api.post("/api/v1/sessions", tokens.get(0), Map.of("purpose", "stampede"))
			.json()
			.get("id")
			.asString();
		String path = "/api/v1/sessions/" + sessionId + "/messages";

		Map<Integer, Set<Long>> acknowledgedByAgent = new ConcurrentHashMap<>();
		Map<Long, String> tierById = new ConcurrentHashMap<>();
		List<String> failures = new CopyOnWriteArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		List<Future<List<Long>>> threads = new ArrayList<>();
		try {
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				int agent = t % AGENTS;
				threads.add(pool.submit(() -> {
					start.await();
					List<Long> ids = new ArrayList<>();
					for (int i = 0; i < POSTS_PER_THREAD; i++) {
						String visibility = (i % 3 == 0) ? "private" : (i % 3 == 1) ? "agent_only" : "public";
						Response posted = this.api.post(path, tokens.get(agent),
								Map.of("content", "thread " + thread + " post " + i, "visibility", visibility));
						if (posted.status() == 201) {
							long id = posted.json().get("id").asLong();
							ids.add(id);
							tierById.put(id, visibility);
							acknowledgedByAgent.computeIfAbsent(agent, (a) -> ConcurrentHashMap.newKeySet()).add(id);
						}
						else {
							failures.add(posted.toString());
						}
					}
					return ids;
				}));
			}
			start.countDown();
			pool.shutdown();
			assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).as("writers finished").isTrue();
		}
		finally {
			pool.shutdownNow();
		}

		List<Long> acknowledged = new ArrayList<>();
		for (Future<List<Long>> thread : threads) {
			List<Long> ids = thread.get();
			assertThat(ids).as("ids one thread received, in its posting order").isSorted();
			acknowledged.addAll(ids);
		}
		assertThat(failures).as("failed posts").isEmpty();
		assertThat(acknowledged).hasSize(THREADS * POSTS_PER_THREAD).doesNotHaveDuplicates();

		// each sender sees all of its own messages, whatever their tier, and counts
		// exactly what it may see
		for (int agent = 0; agent < AGENTS; agent++) {
			List<JsonNode> visible = readAll(path, tokens.get(agent));
			long expected = 0;
			for (int sender = 0; sender < AGENTS; sender++) {
				for (long id : acknowledgedByAgent.get(sender)) {
					String tier = tierById.get(id);
					if (tier.equals("public") || (tier.equals("private") && sender == agent)
							|| (tier.equals("agent_only") && type(sender).equals(type(agent)))) {
						expected++;
					}
				}
			}
			assertThat(visible).as(agents.get(agent) + "'s visible messages").hasSize((int) expected);
			Response session = this.api.get("/api/v1/sessions/" + sessionId, tokens.get(agent));
			assertThat(session.json().get("message_count").asLong()).isEqualTo(expected);
			Set<Long> ownIds = new HashSet<>();
			for (JsonNode message : visible) {
				if (message.get("sender").asString().equals(agents.get(agent))) {
					ownIds.add(message.get("id").asLong());
				}
			}
			assertThat(ownIds).as(agents.get(agent) + "'s messages").isEqualTo(acknowledgedByAgent.get(agent));
		}
	}

	private static String type(int agent) {
		return (agent % 2 == 0) ? "claude" : "gemini";
	}

	private List<JsonNode> readAll(String path, String token) {
		List<JsonNode> all = new ArrayList<>();
		int offset = 0;
		while (true) {
			Response page = this.api.get(path + "?limit=1000&offset=" + offset, token);
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			page.json().get("messages").forEach(all::add);
			if (!page.json().get("has_more").asBoolean()) {
				assertThat(all).hasSize((int) page.json().get("total_count").asLong());
				return all;
			}
			offset = all.size();
		}
	}

}
