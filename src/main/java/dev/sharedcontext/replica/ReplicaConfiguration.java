package dev.sharedcontext.replica;

import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.sharedcontext.background.BackgroundConfiguration;
import dev.sharedcontext.database.DatabaseProperties;
import dev.sharedcontext.database.DatabaseVendor;

/**
 * How this replica tells the others what it committed, chosen once from the engine: on
 * PostgreSQL {@code NOTIFY} inside the writing transaction and one {@code LISTEN}
 * connection per replica; on SQLite nothing (the replicas are processes on one file, and
 * the one-second probes cover them).
 */
@Configuration(proxyBeanMethods = false)
class ReplicaConfiguration {

	/** This process's name in signals, so that it ignores its own. */
	private static final String ORIGIN = UUID.randomUUID().toString().substring(0, 13);

	@Bean
	CommitSignals commitSignals(DatabaseVendor vendor, JdbcClient jdbc) {
		return switch (vendor) {
			case POSTGRESQL -> new PostgresCommitSignals(jdbc, ORIGIN);
			case SQLITE -> CommitSignals.NONE;
		};
	}

	@Bean
	SmartLifecycle commitListener(DatabaseVendor vendor, DatabaseProperties properties,
			ObjectProvider<CommitSignalHandler> handlers,
			@Qualifier(BackgroundConfiguration.DATABASE_LISTENER) ThreadPoolTaskExecutor executor) {
		return switch (vendor) {
			case POSTGRESQL -> new PostgresCommitListener(properties.location(), ORIGIN,
					() -> handlers.orderedStream().toList(), executor);
			case SQLITE -> new NoListener();
		};
	}

	/** SQLite: nothing to listen to. */
	private static final class NoListener implements SmartLifecycle {

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
