package dev.sharedcontext.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.sharedcontext.background.JobClaims;

/**
 * Keeps the audit log bounded: deletes events older than
 * {@link AuditProperties#retentionDays()} once every 24 hours, and the oldest events
 * beyond {@link AuditProperties#maxRows()} every 10 minutes, each on one server process
 * per interval however many share the database ({@link JobClaims}). The daily job is
 * tried a few minutes after start-up and then hourly, and runs when its last run
 * (recorded in the database) is 24 hours old: a fixed daily hour, or a 24-hour timer,
 * would never come for a server restarted more often than daily. Only ever deletes a
 * prefix of the table by id, so what remains is one unbroken hash chain; deletes in
 * batches so the single writer connection is never held for long; and records each purge
 * with the hash of the last event it deleted, so {@code audit verify} can tell a purged
 * head of the chain from a tampered one.
 */
@Component
class AuditRetention {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	static final int BATCH_SIZE = 5_000;

	/** The {@code job_runs} row of the daily purge by age. */
	static final String PURGE_JOB = "audit_retention";

	static final Duration PURGE_INTERVAL = Duration.ofHours(24);

	/** The {@code job_runs} row of the row budget. */
	static final String ROW_BUDGET_JOB = "audit_row_budget";

	static final Duration ROW_BUDGET_INTERVAL = Duration.ofMinutes(10);

	private final AuditRepository repository;

	private final AuditLog auditLog;

	private final AuditProperties properties;

	private final Clock clock;

	private final JobClaims claims;

	AuditRetention(AuditRepository repository, AuditLog auditLog, AuditProperties properties, Clock clock,
			JobClaims claims) {
		this.repository = repository;
		this.auditLog = auditLog;
		this.properties = properties;
		this.clock = clock;
		this.claims = claims;
	}

	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
	void purgeDaily() {
		Instant now = this.clock.instant();
		if (this.claims.claim(PURGE_JOB, PURGE_INTERVAL, now)) {
			purge(now);
		}
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
	void enforceRowBudgetRegularly() {
		if (this.claims.claim(ROW_BUDGET_JOB, ROW_BUDGET_INTERVAL)) {
			enforceRowBudget();
		}
	}

	/**
	 * Deletes the events recorded before {@code now} minus the retention (up to the first
	 * event recorded after it); returns how many.
	 */
	long purge(Instant now) {
		if (this.properties.retentionDays() == 0) {
			return 0;
		}
		Instant cutoff = now.minus(Duration.ofDays(this.properties.retentionDays()));
		Long firstKept = this.repository.firstIdAtOrAfter(cutoff);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("retention_days", this.properties.retentionDays());
		details.put("cutoff", cutoff.toString());
		long deleted = deleteBefore((firstKept != null) ? firstKept : this.repository.endId(), "purge", details);
		if (deleted > 0) {
			log.info("Deleted {} audit events older than {} days", deleted, this.properties.retentionDays());
		}
		return deleted;
	}

	/**
	 * Deletes the oldest events so that, with the record of this deletion, at most
	 * {@link AuditProperties#maxRows()} remain; returns how many.
	 */
	long enforceRowBudget() {
		if (this.properties.maxRows() == 0) {
			return 0;
		}
		Long firstKept = this.repository.firstIdToKeep(this.properties.maxRows() - 1);
		if (firstKept == null) {
			return 0;
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("max_rows", this.properties.maxRows());
		long deleted = deleteBefore(firstKept, "row_budget", details);
		if (deleted > 0) {
			log.warn("Deleted the {} oldest audit events to stay within AUDIT_MAX_ROWS={}", deleted,
					this.properties.maxRows());
		}
		return deleted;
	}

	private long deleteBefore(long firstKept, String action, Map<String, Object> details) {
		String lastDeletedHash = this.repository.hashBefore(firstKept);
		long deleted = 0;
		int batch;
		do {
			batch = this.repository.deleteBefore(firstKept, BATCH_SIZE);
			deleted += batch;
		}
		while (batch == BATCH_SIZE);
		if (deleted > 0) {
			details.put("deleted", deleted);
			if (lastDeletedHash != null) {
				details.put("last_deleted_hash", lastDeletedHash);
			}
			this.auditLog.record(AuditEvent.of("audit_retention")
				.agent("system")
				.resource("audit_log")
				.action(action)
				.details(details));
		}
		return deleted;
	}

}
