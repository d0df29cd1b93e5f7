package dev.sharedcontext.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes audit events older than {@link AuditProperties#retentionDays()}: a few minutes
 * after start-up and then every 24 hours (a fixed daily hour would never come for a
 * server restarted more often than daily). Deletes in batches so the single writer
 * connection is never held for long, and records the purge itself.
 */
@Component
class AuditRetention {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	static final int BATCH_SIZE = 5_000;

	private final AuditRepository repository;

	private final AuditLog auditLog;

	private final AuditProperties properties;

	private final Clock clock;

	AuditRetention(AuditRepository repository, AuditLog auditLog, AuditProperties properties, Clock clock) {
		this.repository = repository;
		this.auditLog = auditLog;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT24H")
	void purgeDaily() {
		purge(this.clock.instant());
	}

	/**
	 * Deletes the events recorded before {@code now} minus the retention; returns how
	 * many.
	 */
	long purge(Instant now) {
		if (this.properties.retentionDays() == 0) {
			return 0;
		}
		Instant cutoff = now.minus(Duration.ofDays(this.properties.retentionDays()));
		long deleted = 0;
		int batch;
		do {
			batch = this.repository.deleteOlderThan(cutoff, BATCH_SIZE);
			deleted += batch;
		}
		while (batch == BATCH_SIZE);
		if (deleted > 0) {
			log.info("Deleted {} audit events older than {} days", deleted, this.properties.retentionDays());
			this.auditLog.record(AuditEvent.of("audit_retention")
				.agent("system")
				.resource("audit_log")
				.action("purge")
				.details(Map.of("deleted", deleted, "retention_days", this.properties.retentionDays(), "cutoff",
						cutoff.toString())));
		}
		return deleted;
	}

}
