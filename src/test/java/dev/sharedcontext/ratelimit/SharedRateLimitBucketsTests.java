package dev.sharedcontext.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.audit.AuditLog;
import dev.sharedcontext.background.JobClaims;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.support.MutableClock;
import dev.sharedcontext.support.Postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Rate limits on PostgreSQL are one budget across replicas: two limiters with their own
 * connection pools (as two server processes have) on one database, both on the same
 * (NTP-synchronised) time.
 */
class SharedRateLimitBucketsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final ManualTime time = new ManualTime();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

	private final List<HikariDataSource> pools = new ArrayList<>();

	private String url;

	private JdbcClient jdbc;

	@BeforeEach
	void migratedDatabase() {
		this.url = Postgres.newDatabase();
		Flyway.configure().dataSource(pool(this.url)).locations("classpath:db/migration/postgresql").load().migrate();
	}

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void twoReplicasAlternatingOnOneAgentShareOneBudgetOfFive() {
		RateLimiter a = limiter(5);
		RateLimiter b = limiter(5);
		int passed = 0;
		List<Long> retryAfters = new ArrayList<>();
		for (int call = 0; call < 10; call++) {
			try {
				((call % 2 == 0) ? a : b).acquire(RateLimit.MESSAGES, "agent-7");
				passed++;
			}
			catch (RateLimitedException ex) {
				retryAfters.add(ex.retryAfterSeconds());
			}
		}
		assertThat(passed).isEqualTo(5);
		assertThat(retryAfters).as("5 per minute: the next token in 12 s").hasSize(5).containsOnly(12L);

		this.time.advance(Duration.ofSeconds(12));
		b.acquire(RateLimit.MESSAGES, "agent-7");
		assertThatExceptionOfType(RateLimitedException.class).isThrownBy(() -> a.acquire(RateLimit.MESSAGES, "agent-7"))
			.satisfies((ex) -> assertThat(ex.retryAfterSeconds()).isEqualTo(12));
		a.acquire(RateLimit.MESSAGES, "agent-8");

		assertThat(jdbc().sql("SELECT id FROM rate_limit_buckets ORDER BY id").query(String.class).list())
			.containsExactly("MESSAGES:5:agent-7", "MESSAGES:5:agent-8");
	}

	@Test
	void aChangedPerMinuteValueTakesEffectAfterARestart() {
		RateLimitBuckets before = buckets();
		for (int i = 0; i < 5; i++) {
			assertThat(before.take(RateLimit.SEARCH, "agent", 5)).isZero();
		}
		assertThat(before.take(RateLimit.SEARCH, "agent", 5)).isPositive();

		RateLimitBuckets raised = buckets();
		for (int i = 0; i < 10; i++) {
			assertThat(raised.take(RateLimit.SEARCH, "agent", 10)).as("take %d at 10 per minute", i).isZero();
		}
		assertThat(raised.take(RateLimit.SEARCH, "agent", 10)).isEqualTo(Duration.ofSeconds(6).toNanos());

		RateLimitBuckets lowered = buckets();
		assertThat(lowered.take(RateLimit.SEARCH, "agent", 1)).isZero();
		assertThat(lowered.take(RateLimit.SEARCH, "agent", 1)).isEqualTo(Duration.ofMinutes(1).toNanos());
	}

	@Test
	void expiredBucketsAreRemovedByTheReplicaThatWinsTheExpiryJob() {
		SharedRateLimitBuckets a = buckets();
		SharedRateLimitBuckets b = buckets();
		long before = System.currentTimeMillis();
		a.take(RateLimit.MEMORY, "old", 5);
		a.take(RateLimit.MEMORY, "fresh", 5);
		long after = System.currentTimeMillis();
		long refillAndKeep = Duration.ofSeconds(12).plus(SharedRateLimitBuckets.KEEP_AFTER_REFILL).toMillis();
		assertThat(expiresAt("MEMORY:5:fresh")).as("full again in 12 s, then kept a minute")
			.isBetween(before + refillAndKeep, after + refillAndKeep);

		jdbc().sql("UPDATE rate_limit_buckets SET expires_at = 0 WHERE id = 'MEMORY:5:old'").update();
		a.forgetIdle();
		assertThat(ids()).containsExactly("MEMORY:5:fresh");

		jdbc().sql("UPDATE rate_limit_buckets SET expires_at = 0").update();
		b.forgetIdle();
		assertThat(ids()).as("within the same minute the other replica does not run the job")
			.containsExactly("MEMORY:5:fresh");
		this.clock.advance(SharedRateLimitBuckets.EXPIRY_INTERVAL);
		b.forgetIdle();
		assertThat(ids()).isEmpty();
	}

	@Test
	void whenTheDatabaseFailsTheRequestIsLetThrough() {
		RateLimitBuckets broken = new SharedRateLimitBuckets(pool(Postgres.newDatabase()), TIMEOUT,
				new JobClaims(jdbc(), this.clock), this.time);
		for (int i = 0; i < 3; i++) {
			assertThat(broken.take(RateLimit.AUTHENTICATION, "127.0.0.1", 1)).as("no rate_limit_buckets table")
				.isZero();
		}
		AuditLog auditLog = mock(AuditLog.class);
		RateLimiter limiter = new RateLimiter(new RateLimitProperties(1, 1, 1, 1), auditLog, broken,
				new ServerMeters(new SimpleMeterRegistry(), this.clock));
		limiter.acquire(RateLimit.AUTHENTICATION, "127.0.0.1");
		limiter.acquire(RateLimit.AUTHENTICATION, "127.0.0.1");
		verify(auditLog, never()).record(any());
	}

	private RateLimiter limiter(int perMinute) {
		return new RateLimiter(new RateLimitProperties(perMinute, perMinute, perMinute, perMinute),
				mock(AuditLog.class), buckets(), new ServerMeters(new SimpleMeterRegistry(), this.clock));
	}

	/** A replica's buckets: its own pool and its own job claims, the shared database. */
	private SharedRateLimitBuckets buckets() {
		HikariDataSource pool = pool(this.url);
		return new SharedRateLimitBuckets(pool, TIMEOUT, new JobClaims(JdbcClient.create(pool), this.clock), this.time);
	}

	private List<String> ids() {
		return jdbc().sql("SELECT id FROM rate_limit_buckets ORDER BY id").query(String.class).list();
	}

	private long expiresAt(String id) {
		return jdbc().sql("SELECT expires_at FROM rate_limit_buckets WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.single();
	}

	private JdbcClient jdbc() {
		if (this.jdbc == null) {
			this.jdbc = JdbcClient.create(pool(this.url));
		}
		return this.jdbc;
	}

	private HikariDataSource pool(String jdbcUrl) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl);
		config.setMaximumPoolSize(2);
		config.setMinimumIdle(0);
		HikariDataSource pool = new HikariDataSource(config);
		this.pools.add(pool);
		return pool;
	}

}
