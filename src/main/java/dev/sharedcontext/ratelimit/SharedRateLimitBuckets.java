package dev.sharedcontext.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sharedcontext.background.JobClaims;

/**
 * Bucket4j buckets in PostgreSQL's {@code rate_limit_buckets} table, for replicas that
 * share one database: every replica reads and writes the same row per limit and caller,
 * so an agent's budget is one budget however its requests are spread. Each call is one
 * short transaction on the application's pool ({@code INSERT … ON CONFLICT DO NOTHING}
 * the first time, then {@code SELECT … FOR UPDATE} and {@code UPDATE}); the row lock
 * serializes the callers of one bucket only.
 * <p>
 * <b>Row id.</b> {@code LIMIT:perMinute:caller}, e.g. {@code MESSAGES:60:agent-7}. A
 * stored bucket keeps the configuration it was created with, so the configured per-minute
 * value is part of the id: after a restart with a changed value the replica uses a new,
 * full bucket with the new capacity, and the old row expires like any idle one.
 * (Bucket4j's implicit configuration replacement compares increasing version numbers,
 * which a value that may go down cannot provide.)
 * <p>
 * <b>Expiry.</b> Bucket4j writes {@code expires_at} = when the bucket will be full again
 * plus {@link #KEEP_AFTER_REFILL}; a full bucket is identical to a new one, so removing
 * it loses nothing. {@link #forgetIdle()} removes expired rows, on one replica per
 * {@link #EXPIRY_INTERVAL} ({@link JobClaims}). A row therefore outlives its caller's
 * last request by at most about three minutes (one to refill, one kept, one until the
 * next expiry run).
 * <p>
 * <b>Time.</b> Refill is computed from the clock of the replica that makes the call
 * ({@code System.currentTimeMillis()}); replicas whose clocks disagree by seconds give or
 * take that many seconds of refill, so run NTP.
 * <p>
 * <b>Database errors fail open</b>: the request goes on as if a token had been taken, and
 * the failure is logged at most once a minute. A rate limit is a fairness guard, not an
 * access check (authentication and permissions have already run), and every limited
 * operation needs the same database right after: if it is down or saturated the operation
 * itself fails with its own, truthful error. Failing closed would answer 429 with a
 * made-up Retry-After and blame the agent for an outage; a 500 from the limiter would
 * hide the real error. The statements carry the database timeout, so a stuck row lock
 * ends in a timeout and then in this path, never in a hung request.
 */
final class SharedRateLimitBuckets implements RateLimitBuckets {

	private static final Logger log = LoggerFactory.getLogger(SharedRateLimitBuckets.class);

	/** The {@code job_runs} row of the expiry job. */
	static final String EXPIRY_JOB = "rate_limit_bucket_expiry";

	/** How often, across all replicas, expired buckets are removed. */
	static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

	/** How long a bucket row is kept after it has refilled completely. */
	static final Duration KEEP_AFTER_REFILL = Duration.ofMinutes(1);

	static final String TABLE = "rate_limit_buckets";

	private static final int EXPIRY_BATCH = 1_000;

	private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

	private final JobClaims claims;

	/**
	 * {@code System.nanoTime()} of the last logged failure, or {@code Long.MIN_VALUE}.
	 */
	private final AtomicLong loggedAt = new AtomicLong(Long.MIN_VALUE);

	SharedRateLimitBuckets(DataSource dataSource, Duration timeout, JobClaims claims) {
		this(dataSource, timeout, claims, TimeMeter.SYSTEM_MILLISECONDS);
	}

	/** With the given time source for refill (tests move it instead of waiting). */
	SharedRateLimitBuckets(DataSource dataSource, Duration timeout, JobClaims claims, TimeMeter time) {
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table(TABLE)
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL))
			.requestTimeout(timeout)
			.clientClock(time)
			.build();
		this.claims = claims;
	}

	@Override
	public long take(RateLimit limit, String caller, int perMinute) {
		try {
			ConsumptionProbe probe = this.buckets.builder()
				.build(rowId(limit, caller, perMinute), () -> configuration(perMinute))
				.tryConsumeAndReturnRemaining(1);
			return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
		}
		catch (RuntimeException ex) {
			logThrottled("Rate limiting through the database failed; the request was let through", ex);
			return 0;
		}
	}

	@Override
	public void forgetIdle() {
		try {
			if (!this.claims.claim(EXPIRY_JOB, EXPIRY_INTERVAL)) {
				return;
			}
			int removed;
			do {
				removed = this.buckets.removeExpired(EXPIRY_BATCH);
			}
			while (removed == EXPIRY_BATCH);
		}
		catch (RuntimeException ex) {
			// the next run retries; a stale full bucket is identical to a new one
			logThrottled("Removing expired rate-limit buckets failed", ex);
		}
	}

	/** The row of {@code caller}'s bucket under {@code limit} at {@code perMinute}. */
	static String rowId(RateLimit limit, String caller, int perMinute) {
		return limit.name() + ':' + perMinute + ':' + caller;
	}

	private static BucketConfiguration configuration(int perMinute) {
		return BucketConfiguration.builder().addLimit(RateLimitConfiguration.perMinute(perMinute)).build();
	}

	private void logThrottled(String message, RuntimeException ex) {
		long now = System.nanoTime();
		long last = this.loggedAt.get();
		if ((last == Long.MIN_VALUE || now - last >= LOG_EVERY_NANOS) && this.loggedAt.compareAndSet(last, now)) {
			log.warn(message, ex);
		}
	}

}
