package dev.sharedcontext.database;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §9: an acknowledged write survives {@code kill -9}. Runs the server as a separate
 * process over a real file, posts messages, kills the process without warning (SIGKILL),
 * starts it again on the same file and reads them all back; and kills it <em>while</em>
 * many clients post, so the kill lands among commits and half-written responses.
 */
class CrashDurabilityTests {

	private static final int POSTING_THREADS = 12;

	private static final int ROUNDS = 3;

	private static final long NOT_KILLED = Long.MIN_VALUE;

	@TempDir
	Path dir;

	@Test
	void everyAcknowledgedMessageSurvivesSigkill() throws Exception {
		int port = freePort();
		Process server = start(port);
		List<Long> acknowledged = new ArrayList<>();
		String sessionId;
		try {
			Api api = new Api("http://127.0.0.1:" + port);
			String token = mint(api);
			sessionId = api.post("/api/v1/sessions", token, Map.of("purpose", "durability"))
				.json()
				.get("id")
				.asString();
			for (int i = 0; i < 100; i++) {
				Response posted = api.post("/api/v1/sessions/" + sessionId + "/messages", token,
						Map.of("content", "message " + i));
				assertThat(posted.status()).isEqualTo(201);
				acknowledged.add(posted.json().get("id").asLong());
			}
		}
		finally {
			server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		assertThat(server.exitValue()).as("killed, not shut down").isNotZero();

		Process restarted = start(port);
		try {
			Api api = new Api("http://127.0.0.1:" + port);
			JsonNode page = api.get("/api/v1/sessions/" + sessionId + "/messages?limit=1000", mint(api)).json();
			Set<Long> stored = new HashSet<>();
			page.get("messages").forEach((m) -> stored.add(m.get("id").asLong()));
			assertThat(stored).containsAll(acknowledged);
		}
		finally {
			restarted.destroy();
			restarted.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * SIGKILL while {@value #POSTING_THREADS} threads post, {@value #ROUNDS} times on the
	 * same file (each start after the first recovers from the previous crash). After each
	 * kill the file itself is read: every message acknowledged so far (a complete 201
	 * with an id) is there with its content, and at least one post was cut off by the
	 * kill, so the kill really happened under load.
	 */
	@Test
	void everyAcknowledgedMessageSurvivesSigkillWhileClientsPost() throws Exception {
		Map<Long, String> acknowledged = new ConcurrentHashMap<>();
		for (int round = 1; round <= ROUNDS; round++) {
			int port = freePort();
			Process server = start(port);
			int cutOff;
			try {
				cutOff = postUntilKilled(server, port, round, acknowledged);
			}
			finally {
				server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
			assertThat(server.exitValue()).as("killed, not shut down").isNotZero();
			assertThat(cutOff).as("posts cut off by the SIGKILL in round %d", round).isPositive();
			assertThat(storedMessages()).as("acknowledged messages after round %d", round)
				.containsAllEntriesOf(acknowledged);
		}
	}

	/**
	 * Posts from {@value #POSTING_THREADS} threads until at least 100 posts of this round
	 * are acknowledged, then SIGKILLs the server while they keep posting. Returns how
	 * many posts sent before the SIGKILL had been sent failed with an I/O error instead
	 * of an answer.
	 */
	private int postUntilKilled(Process server, int port, int round, Map<Long, String> acknowledged) throws Exception {
		Api api = new Api("http://127.0.0.1:" + port);
		String token = mint(api);
		String path = "/api/v1/sessions/"
				+ api.post("/api/v1/sessions", token, Map.of("purpose", "durability under load"))
					.json()
					.get("id")
					.asString()
				+ "/messages";
		// set just before and just after the SIGKILL is sent
		AtomicLong killing = new AtomicLong(NOT_KILLED);
		AtomicLong killed = new AtomicLong(NOT_KILLED);
		AtomicInteger acknowledgedThisRound = new AtomicInteger();
		AtomicInteger cutOff = new AtomicInteger();
		List<String> errors = new CopyOnWriteArrayList<>();
		ExecutorService posters = Executors.newFixedThreadPool(POSTING_THREADS);
		try {
			for (int t = 0; t < POSTING_THREADS; t++) {
				int thread = t;
				posters.execute(() -> {
					// no stop flag: each thread posts until the dead server fails its
					// request
					for (int seq = 0;; seq++) {
						String content = "round " + round + " thread " + thread + " message " + seq;
						long started = System.nanoTime();
						Response posted;
						try {
							posted = api.post(path, token, Map.of("content", content));
						}
						catch (UncheckedIOException ex) {
							long signalled = killed.get();
							if (killing.get() == NOT_KILLED) {
								errors.add(ex.toString());
							}
							else if (signalled == NOT_KILLED || started - signalled < 0) {
								cutOff.incrementAndGet();
							}
							return;
						}
						if (posted.status() != 201) {
							errors.add(posted.toString());
							return;
						}
						acknowledged.put(posted.json().get("id").asLong(), content);
						acknowledgedThisRound.incrementAndGet();
					}
				});
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedThisRound.get() >= 100 || !errors.isEmpty());
			assertThat(errors).as("posts before the kill").isEmpty();
			killing.set(System.nanoTime());
			server.destroyForcibly();
			killed.set(System.nanoTime());
			posters.shutdown();
			assertThat(posters.awaitTermination(60, TimeUnit.SECONDS)).as("posting threads ended").isTrue();
		}
		finally {
			posters.shutdownNow();
		}
		assertThat(errors).as("posts before the kill").isEmpty();
		return cutOff.get();
	}

	/** Every message in the file, read with the driver directly (no server running). */
	private Map<Long, String> storedMessages() throws SQLException {
		Map<Long, String> stored = new HashMap<>();
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + this.dir.resolve("durable.db"));
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id, content FROM messages")) {
			while (rows.next()) {
				stored.put(rows.getLong(1), rows.getString(2));
			}
		}
		return stored;
	}

	private Process start(int port) {
		return ServerProcess.start(this.dir, port, this.dir.resolve("durable.db"), List.of());
	}

	private static String mint(Api api) {
		return ServerProcess.mint(api, "survivor");
	}

	private static int freePort() {
		return ServerProcess.freePort();
	}

}
