package dev.sharedcontext.background;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs housekeeping once per interval however many server processes share the database
 * (memory TTL purge, audit retention, MCP session purge, rate-limit bucket expiry). Every
 * process keeps its own {@code @Scheduled} tick; at each tick it asks
 * {@link #claim(String, Duration)}, and only the caller whose conditional
 * {@code UPDATE job_runs … WHERE last_run_at <= now - interval} moves the job's row
 * forward runs the job. The database serializes the updates of one row (PostgreSQL
 * re-checks the condition against the winner's committed row under READ COMMITTED; SQLite
 * has one writer at a time), so of any number of simultaneous callers exactly one wins
 * per interval, on both engines and with no lock held while the job runs.
 * <p>
 * Time comes from the application's {@link Clock}: a process whose clock runs ahead can
 * claim a little early, which only shifts the schedule. A process that dies in the middle
 * of a job leaves the work to the next interval; every job is idempotent (it deletes what
 * has expired), so that is safe. Ticks may come more often than the interval: the row
 * decides, which also keeps a daily job daily for a server restarted more often than
 * that.
 */
@Component
public class JobClaims {

	private final JdbcClient jdbc;

	private final Clock clock;

	/** Jobs whose row this process has already made sure exists. */
	private final Set<String> seeded = ConcurrentHashMap.newKeySet();

	public JobClaims(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Claims {@code job} for the interval ending now.
	 * @return {@code true} for exactly one caller per interval (across every process on
	 * this database): that caller runs the job now
	 */
	public boolean claim(String job, Duration interval) {
		return claim(job, interval, this.clock.instant());
	}

	/**
	 * Claims {@code job} as of {@code now}: succeeds when nobody has claimed it within
	 * {@code interval} before {@code now}, and then records {@code now} as its last run.
	 */
	public boolean claim(String job, Duration interval, Instant now) {
		seed(job);
		return this.jdbc.sql("UPDATE job_runs SET last_run_at = :now WHERE name = :job AND last_run_at <= :due")
			.param("now", now.toEpochMilli())
			.param("job", job)
			.param("due", now.minus(interval).toEpochMilli())
			.update() == 1;
	}

	/**
	 * Creates the job's row on first use (last run: never); works on both engines and is
	 * a no-op when another process got there first.
	 */
	private void seed(String job) {
		if (this.seeded.contains(job)) {
			return;
		}
		this.jdbc.sql("INSERT INTO job_runs (name, last_run_at) VALUES (:job, 0) ON CONFLICT (name) DO NOTHING")
			.param("job", job)
			.update();
		this.seeded.add(job);
	}

}
