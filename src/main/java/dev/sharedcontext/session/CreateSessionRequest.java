package dev.sharedcontext.session;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

import dev.sharedcontext.web.validation.JsonObjectLimits;
import dev.sharedcontext.web.validation.TrimmedLength;

/**
 * Input of {@code create_session} / {@code POST /api/v1/sessions}.
 *
 * @param purpose 1–1,000 characters after trimming
 * @param metadata optional JSON object, at most 16 KiB serialized and 10 levels deep
 */
public record CreateSessionRequest(
		@Schema(description = "What the session is for, shown to every agent") @NotNull @TrimmedLength(min = 1,
				max = 1000) String purpose,
		@JsonObjectLimits(maxBytes = 16 * 1024, maxDepth = 10) Map<String, Object> metadata) {

}
