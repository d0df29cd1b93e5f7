package dev.sharedcontext.memory;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One entry of an agent's own memory. Only ever returned to the agent that wrote it.
 *
 * @param key the key, unique per agent and scope
 * @param value the stored JSON, passed through as stored
 * @param sessionId the session scope, {@code null} for the global scope
 * @param metadata the writer's JSON object, or {@code null}
 * @param createdAt when the key was first written (or rewritten after it had expired)
 * @param updatedAt when the value was last written
 * @param expiresAt when the entry stops being visible, {@code null} for never
 */
public record MemoryEntry(String key, @JsonRawValue String value, String sessionId, @JsonRawValue String metadata,
		Instant createdAt, Instant updatedAt, Instant expiresAt) {

}
