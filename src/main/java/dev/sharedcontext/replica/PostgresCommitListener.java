package dev.sharedcontext.replica;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.sharedcontext.database.DatabaseUrl;

/**
 * Hears the other replicas' {@link CommitSignals} on PostgreSQL: one dedicated connection
 * per replica, opened with {@link DriverManager} rather than taken from a pool (it is
 * held for the life of the process, idle and in autocommit, since a connection inside a
 * transaction receives nothing until that transaction ends), runs {@code LISTEN} on
 * {@link PostgresCommitSignals#CHANNEL} and waits for notifications on the one thread of
 * {@code BackgroundConfiguration.DATABASE_LISTENER}.
 * <p>
 * When the connection fails (the database restarts, a network cut, an administrator's
 * {@code pg_terminate_backend}), it reconnects with a back-off from
 * {@link #FIRST_BACKOFF} doubling up to {@link #MAX_BACKOFF}, and after every (re)connect
 * tells each handler that signals were missed, so anything committed while nobody
 * listened is caught up at once. Between notifications it checks the connection every
 * {@link #CHECK_EVERY}, so a connection that died silently is noticed. A signal lost
 * anyway costs at most the one-second fallbacks that exist on SQLite too (the message
 * probe and the token cache).
 * <p>
 * This does not work through a pooler in transaction mode (pgbouncer
 * {@code pool_mode=transaction}): {@code LISTEN} needs a session of its own.
 */
final class PostgresCommitListener implements SmartLifecycle {

	static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	static final Duration CHECK_EVERY = Duration.ofSeconds(10);

	/** How long one wait for notifications lasts, so a stop is seen promptly. */
	private static final int WAIT_MILLIS = 500;

	private static final Logger log = LoggerFactory.getLogger(PostgresCommitListener.class);

	private final DatabaseUrl location;

	private final String origin;

	private final Supplier<List<CommitSignalHandler>> handlers;

	private final ThreadPoolTaskExecutor executor;

	private volatile boolean running;

	private volatile CountDownLatch stopping = new CountDownLatch(0);

	private volatile CountDownLatch stopped = new CountDownLatch(0);

	private volatile Connection connection;

	/**
	 * @param location where the database is (the listener opens its own connection)
	 * @param origin this replica's name in signals: its own signals are ignored
	 * @param handlers looked up for each signal (they may depend on this component)
	 * @param executor runs the listening loop on its one thread
	 */
	PostgresCommitListener(DatabaseUrl location, String origin, Supplier<List<CommitSignalHandler>> handlers,
			ThreadPoolTaskExecutor executor) {
		this.location = location;
		this.origin = origin;
		this.handlers = handlers;
		this.executor = executor;
	}

	@Override
	public void start() {
		this.stopping = new CountDownLatch(1);
		this.stopped = new CountDownLatch(1);
		this.running = true;
		this.executor.execute(this::run);
	}

	/** Ends the loop and closes the connection, waiting a bounded time for both. */
	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		this.stopping.countDown();
		try {
			if (!this.stopped.await(WAIT_MILLIS * 4L, TimeUnit.MILLISECONDS)) {
				closeQuietly(this.connection);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops with the waits, before the web server drains and the pools close. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/** Whether the listening connection is open now (for tests and diagnostics). */
	boolean connected() {
		return this.connection != null;
	}

	private void run() {
		long backoff = FIRST_BACKOFF.toMillis();
		try {
			while (this.running) {
				try (Connection opened = open()) {
					this.connection = opened;
					backoff = FIRST_BACKOFF.toMillis();
					log.debug("Listening for other replicas' commits");
					dispatch(List.of(new Signal("", Signal.Kind.RESYNC, "")));
					listen(opened);
				}
				catch (SQLException | RuntimeException ex) {
					if (this.running) {
						log.warn("Lost the database listener connection ({}); reconnecting in {} ms", ex.getMessage(),
								backoff);
					}
				}
				finally {
					this.connection = null;
				}
				if (this.running && this.stopping.await(backoff, TimeUnit.MILLISECONDS)) {
					break;
				}
				backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.connection = null;
			this.stopped.countDown();
		}
	}

	private Connection open() throws SQLException {
		Properties properties = new Properties();
		if (this.location.user() != null) {
			properties.setProperty("user", this.location.user());
		}
		if (this.location.password() != null) {
			properties.setProperty("password", this.location.password());
		}
		properties.setProperty("ApplicationName", "shared-context listener");
		properties.setProperty("tcpKeepAlive", "true");
		properties.setProperty("socketTimeout", Long.toString(CHECK_EVERY.toSeconds() * 3));
		Connection opened = DriverManager.getConnection(this.location.jdbcUrl(), properties);
		try (Statement statement = opened.createStatement()) {
			opened.setAutoCommit(true);
			statement.execute("LISTEN " + PostgresCommitSignals.CHANNEL);
		}
		catch (SQLException ex) {
			closeQuietly(opened);
			throw ex;
		}
		return opened;
	}

	private void listen(Connection opened) throws SQLException {
		PGConnection pg = opened.unwrap(PGConnection.class);
		long nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
		while (this.running) {
			PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
			if (notifications != null && notifications.length > 0) {
				List<Signal> signals = new ArrayList<>(notifications.length);
				for (PGNotification notification : notifications) {
					Signal signal = Signal.parse(notification.getParameter());
					if (signal != null && !signal.origin().equals(this.origin)) {
						signals.add(signal);
					}
				}
				dispatch(signals);
			}
			if (System.nanoTime() - nextCheck > 0) {
				try (Statement statement = opened.createStatement()) {
					statement.execute("SELECT 1");
				}
				nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
			}
		}
	}

	/**
	 * Hands the signals to every handler, folding the message signals of one wake-up into
	 * one (the largest id): each makes the receiver read the database.
	 */
	private void dispatch(List<Signal> signals) {
		long upToId = -1;
		List<Signal> rest = new ArrayList<>(signals.size());
		for (Signal signal : signals) {
			if (signal.kind() == Signal.Kind.MESSAGES) {
				try {
					upToId = Math.max(upToId, Long.parseLong(signal.argument()));
				}
				catch (NumberFormatException ex) {
					log.debug("Ignoring a malformed message signal");
				}
			}
			else {
				rest.add(signal);
			}
		}
		if (upToId >= 0) {
			rest.add(new Signal("", Signal.Kind.MESSAGES, Long.toString(upToId)));
		}
		for (CommitSignalHandler handler : this.handlers.get()) {
			for (Signal signal : rest) {
				try {
					signal.deliverTo(handler);
				}
				catch (RuntimeException ex) {
					log.warn("A handler failed on a signal from another replica", ex);
				}
			}
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				log.debug("Closing the listener connection: {}", ex.getMessage());
			}
		}
	}

}
