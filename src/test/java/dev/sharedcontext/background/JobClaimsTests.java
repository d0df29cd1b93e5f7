package dev.sharedcontext.background;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.support.MutableClock;
import dev.sharedcontext.support.Postgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processes on one database (two {@link JobClaims} over two independent connection
 * sources, as two replicas, or two server processes on one SQLite file, would have) run a
 * job once per interval: on both engines, whether they ask one after the other or at the
 * same instant.
 */
class JobClaimsTests {

	private static final Duration INTERVAL = Duration.ofMinutes(10);

	private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

	@TempDir
	static Path temp;

	@ParameterizedTest
	@EnumSource(DatabaseVendor.class)
	void claimWhenTwoProcessesAskWithinOneIntervalThenOnlyTheFirstWinsUntilTheIntervalHasPassed(DatabaseVendor vendor) {
		String url = migratedDatabase(vendor);
		JobClaims a = claims(vendor, url, T);
		JobClaims b = claims(vendor, url, T);

		assertThat(a.claim("purge", INTERVAL, T)).as("never run before").isTrue();
		assertThat(b.claim("purge", INTERVAL, T)).as("same instant, other process").isFalse();
		assertThat(b.claim("purge", INTERVAL, T.plus(INTERVAL).minusMillis(1))).isFalse();
		assertThat(a.claim("purge", INTERVAL, T.plusSeconds(1))).as("the winner itself, too soon").isFalse();
		assertThat(b.claim("other", INTERVAL, T)).as("jobs are claimed separately").isTrue();

		assertThat(b.claim("purge", INTERVAL, T.plus(INTERVAL))).as("the interval has passed").isTrue();
		assertThat(a.claim("purge", INTERVAL, T.plus(INTERVAL))).isFalse();
		assertThat(a.claim("purge", INTERVAL, T.plus(INTERVAL.multipliedBy(2)))).isTrue();
	}

	@ParameterizedTest
	@EnumSource(DatabaseVendor.class)
	void claimWhenManyCallersOfTwoProcessesAskAtOnceThenExactlyOneWinsEachInterval(DatabaseVendor vendor)
			throws Exception {
		String url = migratedDatabase(vendor);
		List<JobClaims> processes = List.of(claims(vendor, url, T), claims(vendor, url, T));
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			for (int interval = 0; interval < 5; interval++) {
				Instant now = T.plus(INTERVAL.multipliedBy(interval));
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Boolean>> results = new ArrayList<>();
				for (int caller = 0; caller < 8; caller++) {
					JobClaims process = processes.get(caller % 2);
					Callable<Boolean> claim = () -> {
						start.await();
						return process.claim("race", INTERVAL, now);
					};
					results.add(threads.submit(claim));
				}
				start.countDown();
				int winners = 0;
				for (Future<Boolean> result : results) {
					winners += result.get() ? 1 : 0;
				}
				assertThat(winners).as("winners in interval %d", interval).isEqualTo(1);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@ParameterizedTest
	@EnumSource(DatabaseVendor.class)
	void claimWithoutATimeUsesTheApplicationClock(DatabaseVendor vendor) {
		String url = migratedDatabase(vendor);
		MutableClock clock = new MutableClock(T);
		JobClaims a = new JobClaims(JdbcClient.create(dataSource(vendor, url)), clock);
		JobClaims b = new JobClaims(JdbcClient.create(dataSource(vendor, url)), clock);

		assertThat(a.claim("sweep", INTERVAL)).isTrue();
		clock.advance(INTERVAL.minusSeconds(1));
		assertThat(b.claim("sweep", INTERVAL)).isFalse();
		clock.advance(Duration.ofSeconds(1));
		assertThat(b.claim("sweep", INTERVAL)).isTrue();
		assertThat(a.claim("sweep", INTERVAL)).isFalse();
	}

	private static JobClaims claims(DatabaseVendor vendor, String url, Instant now) {
		return new JobClaims(JdbcClient.create(dataSource(vendor, url)), new MutableClock(now));
	}

	private static String migratedDatabase(DatabaseVendor vendor) {
		String url = switch (vendor) {
			case SQLITE -> "jdbc:sqlite:" + temp.resolve(System.nanoTime() + ".db");
			case POSTGRESQL -> Postgres.newDatabase();
		};
		Flyway.configure()
			.dataSource(dataSource(vendor, url))
			.locations("classpath:db/migration/" + vendor.name().toLowerCase())
			.load()
			.migrate();
		return url;
	}

	/** A new, independent source of connections, as a second process would have. */
	private static DataSource dataSource(DatabaseVendor vendor, String url) {
		return switch (vendor) {
			case SQLITE -> {
				SQLiteConfig config = new SQLiteConfig();
				config.setJournalMode(SQLiteConfig.JournalMode.WAL);
				config.setBusyTimeout(10_000);
				SQLiteDataSource sqlite = new SQLiteDataSource(config);
				sqlite.setUrl(url);
				yield sqlite;
			}
			case POSTGRESQL -> {
				PGSimpleDataSource postgres = new PGSimpleDataSource();
				postgres.setUrl(url);
				yield postgres;
			}
		};
	}

}
