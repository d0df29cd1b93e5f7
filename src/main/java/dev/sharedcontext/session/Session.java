package dev.sharedcontext.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A shared message board.
 *
 * @param id {@code session_} + 16 lowercase hex
 * @param purpose what the session is for
 * @param createdBy agent id of the creator
 * @param metadata the creator's JSON object, passed through as stored
 * @param isActive whether the session is open
 * @param createdAt creation time
 * @param updatedAt time of the last activity the caller may see: the session's own change
 * (creation) or the newest message the caller may read, whichever is later
 * @param messageCount messages in the session the caller may see
 */
public record Session(String id, String purpose, String createdBy, @JsonRawValue String metadata, boolean isActive,
		Instant createdAt, Instant updatedAt, long messageCount) {

}
