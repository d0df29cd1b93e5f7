package dev.sharedcontext.database;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.sharedcontext.SharedContextApplication;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §9: an acknowledged write survives {@code kill -9}. Runs the server as a separate
 * process over a real file, posts messages, kills the process without warning (SIGKILL),
 * starts it again on the same file and reads them all back.
 */
class CrashDurabilityTests {

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

	private Process start(int port) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				SharedContextApplication.class.getName());
		builder.directory(this.dir.toFile());
		Map<String, String> env = builder.environment();
		env.put("HTTP_PORT", Integer.toString(port));
		env.put("API_KEY", IntegrationTest.API_KEY);
		env.put("JWT_SECRET_KEY", IntegrationTest.JWT_SECRET);
		env.put("DATABASE_URL", "jdbc:sqlite:" + this.dir.resolve("durable.db"));
		env.put("RATE_LIMIT_AUTH_PER_MINUTE", "0");
		builder.redirectErrorStream(true);
		builder.redirectOutput(new File(this.dir.toFile(), "server-" + System.nanoTime() + ".log"));
		Process process = builder.start();
		Api api = new Api("http://127.0.0.1:" + port);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(process.isAlive()).as("server process is running").isTrue();
			try {
				return api.get("/actuator/health", null).status() == 200;
			}
			catch (RuntimeException ex) {
				return false;
			}
		});
		return process;
	}

	private static String mint(Api api) {
		return api
			.send("POST", "/api/v1/auth/token", null, Map.of("agent_id", "survivor", "agent_type", "claude"),
					Map.of("X-API-Key", IntegrationTest.API_KEY))
			.json()
			.get("token")
			.asString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
