package dev.sharedcontext.background;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.sharedcontext.SharedContextApplication;
import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.token.TokenFormat;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.Postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one shutdown story of {@link BackgroundConfiguration}: closing the context stops
 * every background pool and leaves no thread of ours alive, and a message acknowledged
 * before the close is in the database after it, on SQLite and on PostgreSQL. Runs its own
 * server (not the shared test context) so that it can close it.
 */
class BackgroundShutdownTests {

	/** The name prefixes of every background thread the server starts. */
	private static final List<String> OUR_PREFIXES = List.of("message-writer-", "message-wait-", "live-stream-",
			"live-heartbeat-", "mcp-notifier-", "mcp-keep-alive-", "db-listener-", "scheduling-");

	@TempDir
	Path dir;

	@Test
	void closingTheContextStopsEveryBackgroundThreadAndKeepsAnAcknowledgedMessage() throws Exception {
		closeAndCheck("jdbc:sqlite:" + this.dir.resolve("shutdown.db").toAbsolutePath(), List.of());
	}

	/**
	 * On PostgreSQL the replica listener's thread (and its connection) is one more that
	 * must end with the context.
	 */
	@Test
	void onPostgresqlTheListenerThreadStopsWithTheRest() throws Exception {
		closeAndCheck(Postgres.newDatabase(), List.of("db-listener-"));
	}

	private void closeAndCheck(String url, List<String> alsoStarted) throws Exception {
		Set<Thread> before = ourThreads();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SharedContextApplication.class)
			.run(arguments(url));
		Map<String, ThreadPoolTaskExecutor> executors = context.getBeansOfType(ThreadPoolTaskExecutor.class);
		Map<String, ThreadPoolTaskScheduler> schedulers = context.getBeansOfType(ThreadPoolTaskScheduler.class);
		long id;
		Set<Thread> started;
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			String token = context.getBean(TokenService.class)
				.issueFromHost("closer", "claude", List.of(Permission.READ, Permission.WRITE), null, TokenFormat.SCT,
						new AuditDetails())
				.token();
			Api api = new Api("http://127.0.0.1:" + port);
			Response session = api.post("/api/v1/sessions", token, Map.of("purpose", "shutdown"));
			assertThat(session.status()).as(session.toString()).isEqualTo(201);
			Response posted = api.post("/api/v1/sessions/" + session.json().get("id").asString() + "/messages", token,
					Map.of("content", "acknowledged before shutdown"));
			assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
			id = posted.json().get("id").asLong();
			started = ourThreads();
			started.removeAll(before);
			assertThat(names(started)).anyMatch((name) -> name.startsWith("message-writer-"))
				.anyMatch((name) -> name.startsWith("scheduling-"));
			for (String prefix : alsoStarted) {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> names(ourThreads()).stream().anyMatch((name) -> name.startsWith(prefix)));
			}
		}
		finally {
			context.close();
		}
		assertThat(executors.keySet()).contains(BackgroundConfiguration.MESSAGE_WRITER,
				BackgroundConfiguration.MESSAGE_WAIT_CHECKERS, BackgroundConfiguration.LIVE_STREAM_SENDERS,
				BackgroundConfiguration.MCP_NOTIFIER);
		assertThat(schedulers.keySet()).contains("taskScheduler", BackgroundConfiguration.MESSAGE_WAIT_DEADLINES,
				BackgroundConfiguration.LIVE_STREAM_HEARTBEATS, BackgroundConfiguration.MCP_KEEP_ALIVES);
		executors
			.forEach((name, executor) -> assertThat(executor.getThreadPoolExecutor().isTerminated()).as(name).isTrue());
		schedulers.forEach((name,
				scheduler) -> assertThat(scheduler.getScheduledThreadPoolExecutor().isTerminated()).as(name).isTrue());
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Set<Thread> left = ourThreads();
			left.removeAll(before);
			assertThat(names(left)).isEmpty();
		});
		try (Connection connection = DriverManager.getConnection(url);
				PreparedStatement read = connection.prepareStatement("SELECT content FROM messages WHERE id = ?")) {
			read.setLong(1, id);
			try (ResultSet rs = read.executeQuery()) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).isEqualTo("acknowledged before shutdown");
			}
		}
	}

	/**
	 * Command-line arguments, which override {@code application.yml} (default properties
	 * would not).
	 */
	private String[] arguments(String url) {
		return new String[] { "--server.port=0", "--shared-context.database.url=" + url,
				"--shared-context.auth.api-key=" + IntegrationTest.API_KEY,
				"--shared-context.auth.jwt-secret-key=" + IntegrationTest.JWT_SECRET,
				"--shared-context.auth.secrets-file=" + this.dir.resolve("secrets.properties"),
				"--shared-context.auth.permissions-file=" + this.dir.resolve("no-policy.yml") };
	}

	private static Set<Thread> ourThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> OUR_PREFIXES.stream().anyMatch(thread.getName()::startsWith))
			.collect(Collectors.toSet());
	}

	private static List<String> names(Set<Thread> threads) {
		return threads.stream().filter(Thread::isAlive).map(Thread::getName).sorted().toList();
	}

}
