package dev.sharedcontext.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sharedcontext.SharedContextApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server as a process of its own, built from the test classpath, for tests that kill
 * it, bound its heap or run several replicas on one database: fixed keys, a SQLite file
 * in {@code dir} or any database URL (e.g. {@link Postgres#newDatabase()}), no rate
 * limits on minting and posting unless the caller's environment sets them, its output in
 * a log file in {@code dir}.
 */
public final class ServerProcess {

	private ServerProcess() {
	}

	/**
	 * Starts the server and waits until it is healthy; a start that never becomes healthy
	 * kills its process.
	 * @param database the SQLite file
	 * @param jvmOptions options for the server's JVM (e.g. {@code -Xmx256m})
	 */
	public static Process start(Path dir, int port, Path database, List<String> jvmOptions) {
		return start(dir, port, "jdbc:sqlite:" + database, Map.of(), jvmOptions);
	}

	/**
	 * Starts the server on any database and waits until it is healthy; a start that never
	 * becomes healthy kills its process.
	 * @param databaseUrl {@code DATABASE_URL}: {@code jdbc:sqlite:FILE},
	 * {@code jdbc:postgresql://…} or {@code postgresql://user:password@host/db}
	 * @param environment more environment variables (e.g. {@code DATABASE_USER},
	 * {@code RATE_LIMIT_MESSAGES_PER_MINUTE}), which win over the defaults here
	 * @param jvmOptions options for the server's JVM (e.g. {@code -Xmx256m})
	 */
	public static Process start(Path dir, int port, String databaseUrl, Map<String, String> environment,
			List<String> jvmOptions) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), SharedContextApplication.class.getName()));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.directory(dir.toFile());
		Map<String, String> env = builder.environment();
		env.put("HTTP_PORT", Integer.toString(port));
		env.put("API_KEY", IntegrationTest.API_KEY);
		env.put("JWT_SECRET_KEY", IntegrationTest.JWT_SECRET);
		env.put("DATABASE_URL", databaseUrl);
		env.put("RATE_LIMIT_AUTH_PER_MINUTE", "0");
		env.put("RATE_LIMIT_MESSAGES_PER_MINUTE", "0");
		env.putAll(environment);
		builder.redirectErrorStream(true);
		builder.redirectOutput(new File(dir.toFile(), "server-" + System.nanoTime() + ".log"));
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Api api = new Api("http://127.0.0.1:" + port);
		try {
			// a deadline, not a speed check: on a shared, loaded machine a start can take
			// minutes
			await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200)).until(() -> {
				assertThat(process.isAlive()).as("server process is running").isTrue();
				try {
					return api.get("/actuator/health", null).status() == 200;
				}
				catch (RuntimeException ex) {
					return false;
				}
			});
		}
		catch (RuntimeException | Error ex) {
			process.destroyForcibly();
			throw ex;
		}
		return process;
	}

	/**
	 * Kills the server with SIGKILL ({@link Process#destroyForcibly()} on Linux): no
	 * shutdown hook, no graceful drain, as a crash or an OOM killer would.
	 */
	public static void kill(Process process) {
		process.destroyForcibly();
		try {
			assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("killed server exited").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A token minted with the API key, as an agent gets one. */
	public static String mint(Api api, String agentId) {
		return api
			.send("POST", "/api/v1/auth/token", null, Map.of("agent_id", agentId, "agent_type", "claude"),
					Map.of("X-API-Key", IntegrationTest.API_KEY))
			.json()
			.get("token")
			.asString();
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
