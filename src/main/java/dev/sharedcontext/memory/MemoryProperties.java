package dev.sharedcontext.memory;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the agent memory store (SPEC §6). Bound from
 * {@code MEMORY_MAX_ENTRIES_PER_AGENT}, {@code MEMORY_MAX_VALUE_BYTES} and
 * {@code MEMORY_PURGE_INTERVAL} (seconds).
 *
 * @param maxEntriesPerAgent live entries one agent may hold across all its scopes
 * @param maxValueBytes largest value, as UTF-8 bytes of its compact JSON serialization (a
 * request body is at most 1 MiB, so larger limits could never be reached)
 * @param purgeInterval pause between two background purges of expired entries
 */
@Validated
@ConfigurationProperties("shared-context.memory")
public record MemoryProperties(@Min(1) @Max(10_000_000) int maxEntriesPerAgent,
		@Min(1) @Max(1024 * 1024) int maxValueBytes,
		@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration purgeInterval) {

}
