package dev.sharedcontext.memory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import dev.sharedcontext.background.JobClaims;

/**
 * Deletes expired memory entries every {@link MemoryProperties#purgeInterval()}, on one
 * server process per interval however many share the database ({@link JobClaims}).
 * Expired entries are already invisible to every query; this only gives their space back.
 */
@Component
class ExpiredMemoryPurge implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(ExpiredMemoryPurge.class);

	/** The {@code job_runs} row of this job. */
	static final String JOB = "memory_purge";

	private final MemoryService memory;

	private final MemoryProperties properties;

	private final JobClaims claims;

	ExpiredMemoryPurge(MemoryService memory, MemoryProperties properties, JobClaims claims) {
		this.memory = memory;
		this.properties = properties;
		this.claims = claims;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::purge, this.properties.purgeInterval(), this.properties.purgeInterval()));
	}

	void purge() {
		try {
			if (!this.claims.claim(JOB, this.properties.purgeInterval())) {
				return;
			}
			int deleted = this.memory.purgeExpired();
			if (deleted > 0) {
				log.debug("Purged {} expired memory entries", deleted);
			}
		}
		catch (RuntimeException ex) {
			// The next run retries; a failed purge never affects what agents see.
			log.warn("Purging expired memory entries failed", ex);
		}
	}

}
