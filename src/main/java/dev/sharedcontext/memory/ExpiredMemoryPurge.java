package dev.sharedcontext.memory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes expired memory entries every {@link MemoryProperties#purgeInterval()}. Expired
 * entries are already invisible to every query; this only gives their space back.
 */
@Component
class ExpiredMemoryPurge implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(ExpiredMemoryPurge.class);

	private final MemoryService memory;

	private final MemoryProperties properties;

	ExpiredMemoryPurge(MemoryService memory, MemoryProperties properties) {
		this.memory = memory;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::purge, this.properties.purgeInterval(), this.properties.purgeInterval()));
	}

	void purge() {
		try {
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
