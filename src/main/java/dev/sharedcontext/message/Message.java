package dev.sharedcontext.message;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

import dev.sharedcontext.visibility.Visibility;

/**
 * A message on a session's board.
 *
 * @param id increasing integer, the ordering key
 * @param sessionId the session
 * @param sender agent id of the poster
 * @param senderType the poster's agent type at post time (decides {@code agent_only}
 * readers)
 * @param content the text, trimmed
 * @param visibility who may read it
 * @param messageType free-form kind, {@code agent_response} by default
 * @param metadata the poster's JSON object, passed through as stored
 * @param timestamp when it was posted
 * @param parentMessageId the message it replies to, in the same session
 */
public record Message(long id, String sessionId, String sender, String senderType, String content,
		Visibility visibility, String messageType, @JsonRawValue String metadata, Instant timestamp,
		Long parentMessageId) {

}
