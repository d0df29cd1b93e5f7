package dev.sharedcontext.message;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import dev.sharedcontext.visibility.Visibility;
import dev.sharedcontext.web.validation.JsonObjectLimits;
import dev.sharedcontext.web.validation.TrimmedLength;

/**
 * Input of {@code add_message} / {@code POST /api/v1/sessions/{id}/messages}.
 *
 * @param content 1–100,000 characters after trimming
 * @param visibility {@code public} when absent
 * @param messageType 1–50 of {@code [A-Za-z0-9_.:-]}; {@code agent_response} when absent
 * @param metadata optional JSON object, at most 16 KiB serialized and 10 levels deep
 * @param parentMessageId a message of the same session this one replies to
 */
public record PostMessageRequest(
		@Schema(description = "The message text") @NotNull @TrimmedLength(min = 1, max = 100_000) String content,
		@Schema(description = "Who may read it (default public)") Visibility visibility,
		@Schema(description = "e.g. agent_response (default), status, question") @Pattern(
				regexp = "[A-Za-z0-9_.:-]{1,50}") String messageType,
		@JsonObjectLimits(maxBytes = 16 * 1024, maxDepth = 10) Map<String, Object> metadata,
		@Schema(description = "Id of the message this replies to") @Positive Long parentMessageId) {

	public static final String DEFAULT_MESSAGE_TYPE = "agent_response";

	public Visibility visibilityOrDefault() {
		return (this.visibility != null) ? this.visibility : Visibility.PUBLIC;
	}

	public String messageTypeOrDefault() {
		return (this.messageType != null) ? this.messageType : DEFAULT_MESSAGE_TYPE;
	}

}
