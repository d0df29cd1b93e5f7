package dev.sharedcontext.replica;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

import dev.sharedcontext.database.DatabaseUrl;
import dev.sharedcontext.support.Postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The LISTEN/NOTIFY pair on a real PostgreSQL: a signal sent inside a transaction reaches
 * the other replica's handlers when it commits and never when it rolls back, the messages
 * of one transaction make one signal, a replica ignores its own signals, and the listener
 * reconnects (and asks for a catch-up) after its backend is terminated.
 */
class PostgresCommitListenerTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private final List<String> heard = new CopyOnWriteArrayList<>();

	private String url;

	private JdbcClient jdbc;

	private TransactionTemplate transactions;

	private ThreadPoolTaskExecutor executor;

	private PostgresCommitListener listener;

	@BeforeEach
	void listen() {
		this.url = Postgres.newDatabase();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.url);
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.executor = new ThreadPoolTaskExecutor();
		this.executor.setThreadNamePrefix("db-listener-test-");
		this.executor.initialize();
		CommitSignalHandler recorder = new CommitSignalHandler() {
			@Override
			public void messagesCommitted(long upToId) {
				PostgresCommitListenerTests.this.heard.add("messages " + upToId);
			}

			@Override
			public void tokenChanged(String tokenId) {
				PostgresCommitListenerTests.this.heard.add("token " + tokenId);
			}

			@Override
			public void mcpEventStored(String mcpSessionId) {
				PostgresCommitListenerTests.this.heard.add("mcp " + mcpSessionId);
			}

			@Override
			public void signalsMissed() {
				PostgresCommitListenerTests.this.heard.add("missed");
			}
		};
		this.listener = new PostgresCommitListener(DatabaseUrl.parse(this.url, null, null), "replica-b",
				() -> List.of(recorder), this.executor);
		this.listener.start();
		await().atMost(DEADLINE).until(() -> this.heard.contains("missed"));
		this.heard.clear();
	}

	@AfterEach
	void stop() throws SQLException {
		this.listener.stop();
		assertThat(this.listener.isRunning()).isFalse();
		await().atMost(DEADLINE).until(() -> this.executor.getActiveCount() == 0);
		await().atMost(DEADLINE).until(() -> listenerBackends() == 0);
		this.executor.shutdown();
	}

	@Test
	void aCommittedTransactionSignalsOnceWithItsLargestMessageIdAndOnlyAfterTheCommit() {
		CommitSignals signals = new PostgresCommitSignals(this.jdbc, "replica-a");
		this.transactions.executeWithoutResult((status) -> {
			signals.messageCommitted(41);
			signals.messageCommitted(43);
			signals.messageCommitted(42);
			signals.tokenChanged("tok_1");
			await().during(Duration.ofMillis(300)).atMost(DEADLINE).until(this.heard::isEmpty);
		});
		await().atMost(DEADLINE).until(() -> this.heard.size() >= 2);
		assertThat(this.heard).containsExactlyInAnyOrder("messages 43", "token tok_1");
	}

	@Test
	void aRolledBackTransactionSignalsNothing() {
		CommitSignals signals = new PostgresCommitSignals(this.jdbc, "replica-a");
		this.transactions.executeWithoutResult((status) -> {
			signals.messageCommitted(7);
			signals.tokenChanged("tok_rolled_back");
			status.setRollbackOnly();
		});
		// notifications arrive in commit order: once the next one is here, a rolled-back
		// one would have arrived before it
		signals.mcpEventStored("mcp_after");
		await().atMost(DEADLINE).until(() -> this.heard.contains("mcp mcp_after"));
		assertThat(this.heard).containsExactly("mcp mcp_after");
	}

	@Test
	void aReplicaIgnoresItsOwnSignals() {
		new PostgresCommitSignals(this.jdbc, "replica-b").tokenChanged("mine");
		new PostgresCommitSignals(this.jdbc, "replica-a").tokenChanged("theirs");
		await().atMost(DEADLINE).until(() -> this.heard.contains("token theirs"));
		assertThat(this.heard).containsExactly("token theirs");
	}

	@Test
	void theListenerReconnectsAfterItsBackendIsTerminatedAndAsksForACatchUp() throws SQLException {
		assertThat(listenerBackends()).isEqualTo(1);
		try (Connection connection = DriverManager.getConnection(this.url);
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
					+ " WHERE application_name = 'shared-context listener' AND datname = current_database()");
		}
		await().atMost(DEADLINE).until(() -> this.heard.contains("missed"));
		new PostgresCommitSignals(this.jdbc, "replica-a").messageCommitted(99);
		await().atMost(DEADLINE).until(() -> this.heard.contains("messages 99"));
		assertThat(listenerBackends()).isEqualTo(1);
	}

	@Test
	void aPayloadOverPostgresqlsLimitBecomesAResync() {
		new PostgresCommitSignals(this.jdbc, "replica-a").mcpEventStored("x".repeat(Signal.MAX_PAYLOAD_BYTES));
		await().atMost(DEADLINE).until(() -> this.heard.contains("missed"));
		assertThat(Signal.parse("a m:12")).isEqualTo(new Signal("a", Signal.Kind.MESSAGES, "12"));
		assertThat(Signal.parse("garbage")).isNull();
		assertThat(Signal.parse("a z:1")).isNull();
	}

	private int listenerBackends() throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.url);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
						+ " WHERE application_name = 'shared-context listener' AND datname = current_database()")) {
			rs.next();
			return rs.getInt(1);
		}
	}

}
