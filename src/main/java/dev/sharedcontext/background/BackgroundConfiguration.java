package dev.sharedcontext.background;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Every thread the server runs besides the web server's: one named bean per kind of
 * background work, so that a thread dump names its owner and every pool starts and stops
 * with the application context in the same way.
 * <p>
 * The shutdown story, in lifecycle order (a higher phase stops first):
 * <ol>
 * <li>{@code ContextClosedEvent}: open event streams (dashboard, {@code GET /mcp} and
 * {@code subscriptions/listen}, the last with their final result) are ended and their
 * heartbeat schedules cancelled; the {@code @Scheduled} jobs stop being triggered.</li>
 * <li>{@code DEFAULT_PHASE}: {@code MessageWaits} answers every pending wait.</li>
 * <li>{@code DEFAULT_PHASE - 1024}: the web server drains in-flight requests (graceful
 * shutdown), posts included: the writer thread still runs.</li>
 * <li>{@code DEFAULT_PHASE - 1536}: {@code MessageWriter} writes what is queued and stops
 * its thread.</li>
 * <li>{@code DEFAULT_PHASE - 2048}: the web server stops.</li>
 * <li>{@link #PHASE}: these pools stop taking work and wait for the tasks they are
 * running; on destruction each is shut down and awaited for a bounded time, so no thread
 * of ours outlives the context.</li>
 * </ol>
 * All threads are daemons, as before, so a stuck task can never keep the JVM alive.
 */
@Configuration(proxyBeanMethods = false)
public class BackgroundConfiguration {

	/** After the web server has stopped (its graceful drain included). */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/** The single thread that writes posted messages in batches (group commit). */
	public static final String MESSAGE_WRITER = "messageWriterExecutor";

	/** Re-read the sessions of waiting {@code wait_for_messages} callers. */
	public static final String MESSAGE_WAIT_CHECKERS = "messageWaitCheckers";

	/** Time out {@code wait_for_messages} callers. */
	public static final String MESSAGE_WAIT_DEADLINES = "messageWaitDeadlines";

	/** Send messages to the dashboard's live streams. */
	public static final String LIVE_STREAM_SENDERS = "liveStreamSenders";

	/** Keep-alive comments on the dashboard's live streams. */
	public static final String LIVE_STREAM_HEARTBEATS = "liveStreamHeartbeats";

	/**
	 * Send {@code notifications/resources/updated} to MCP subscribers and listen streams.
	 */
	public static final String MCP_NOTIFIER = "mcpNotifier";

	/**
	 * Keep-alive comments on {@code /mcp} streams (GET and {@code subscriptions/listen}).
	 */
	public static final String MCP_KEEP_ALIVES = "mcpKeepAlives";

	/**
	 * The one thread that listens for the other replicas' commits (PostgreSQL
	 * {@code LISTEN}); never started on SQLite.
	 */
	public static final String DATABASE_LISTENER = "databaseListener";

	private static final int AWAIT_SECONDS = 5;

	/**
	 * The {@code @Scheduled} jobs (sweeps, purges, the trigram indexer), sized by
	 * {@code spring.task.scheduling.*} as Boot's own scheduler was.
	 */
	@Bean
	ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder) {
		ThreadPoolTaskScheduler scheduler = builder.build();
		scheduler.setPhase(PHASE);
		scheduler.setDaemon(true);
		scheduler.setAwaitTerminationSeconds(AWAIT_SECONDS);
		return scheduler;
	}

	/**
	 * One thread, no queue: {@code MessageWriter} runs its drain loop here from start to
	 * stop. It takes tasks after the context starts closing (the loop must outlive the
	 * web server's drain) and is stopped by {@code MessageWriter} itself.
	 */
	@Bean(MESSAGE_WRITER)
	ThreadPoolTaskExecutor messageWriterExecutor() {
		ThreadPoolTaskExecutor executor = executor("message-writer-", 1, 0);
		executor.setAcceptTasksAfterContextClose(true);
		executor.setAwaitTerminationSeconds(10);
		return executor;
	}

	@Bean(MESSAGE_WAIT_CHECKERS)
	ThreadPoolTaskExecutor messageWaitCheckers() {
		return executor("message-wait-", 2, Integer.MAX_VALUE);
	}

	/**
	 * Takes tasks until destroyed: a wait that starts while the web server drains still
	 * needs its deadline.
	 */
	@Bean(MESSAGE_WAIT_DEADLINES)
	ThreadPoolTaskScheduler messageWaitDeadlines() {
		ThreadPoolTaskScheduler scheduler = scheduler("message-wait-deadline-");
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setAcceptTasksAfterContextClose(true);
		return scheduler;
	}

	@Bean(LIVE_STREAM_SENDERS)
	ThreadPoolTaskExecutor liveStreamSenders() {
		return executor("live-stream-", 4, Integer.MAX_VALUE);
	}

	@Bean(LIVE_STREAM_HEARTBEATS)
	ThreadPoolTaskScheduler liveStreamHeartbeats() {
		return scheduler("live-heartbeat-");
	}

	/**
	 * Notifications queued before shutdown are still sent (to streams that are still
	 * open), as before.
	 */
	@Bean(MCP_NOTIFIER)
	ThreadPoolTaskExecutor mcpNotifier() {
		ThreadPoolTaskExecutor executor = executor("mcp-notifier-", 1, Integer.MAX_VALUE);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		return executor;
	}

	/**
	 * One thread, no queue: the listener's loop runs here from start to stop, and the
	 * listener ends it itself before this pool stops.
	 */
	@Bean(DATABASE_LISTENER)
	ThreadPoolTaskExecutor databaseListener() {
		return executor("db-listener-", 1, 0);
	}

	@Bean(MCP_KEEP_ALIVES)
	ThreadPoolTaskScheduler mcpKeepAlives() {
		return scheduler("mcp-keep-alive-");
	}

	private static ThreadPoolTaskExecutor executor(String prefix, int threads, int queueCapacity) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix(prefix);
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setQueueCapacity(queueCapacity);
		executor.setDaemon(true);
		executor.setPhase(PHASE);
		executor.setAwaitTerminationSeconds(AWAIT_SECONDS);
		return executor;
	}

	private static ThreadPoolTaskScheduler scheduler(String prefix) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix(prefix);
		scheduler.setPoolSize(1);
		scheduler.setDaemon(true);
		scheduler.setPhase(PHASE);
		scheduler.setAwaitTerminationSeconds(AWAIT_SECONDS);
		return scheduler;
	}

}
