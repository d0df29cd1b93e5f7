package dev.sharedcontext.memory;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.JsonNode;

import dev.sharedcontext.session.SessionIds;
import dev.sharedcontext.web.validation.JsonObjectLimits;

/**
 * Input of {@code set_memory}; {@code PUT /api/v1/memory/{key}} builds it from the path
 * and the body.
 *
 * @param key 1–255 of {@code [A-Za-z0-9_.:/-]}
 * @param value any JSON value except {@code null}, at most
 * {@code shared-context.memory.max-value-bytes} serialized (checked by the service, since
 * the limit is configurable)
 * @param sessionId the session scope; global when absent
 * @param expiresIn seconds until the entry expires, 1–31,536,000; never when absent
 * @param metadata optional JSON object, at most 16 KiB serialized and 10 levels deep
 * @param overwrite whether an existing live entry may be replaced; {@code true} when
 * absent
 */
public record SetMemoryRequest(
		@Schema(description = "The key") @NotNull @Pattern(regexp = MemoryKeys.PATTERN) String key,
		@Schema(description = "Any JSON value") @NotNull JsonNode value,
		@Schema(description = "Session to scope the entry to; omit for global") @Pattern(
				regexp = SessionIds.PATTERN) String sessionId,
		@Schema(description = "Seconds until it expires; never when omitted") @Min(MIN_EXPIRES_IN) @Max(MAX_EXPIRES_IN) Long expiresIn,
		@JsonObjectLimits(maxBytes = 16 * 1024, maxDepth = 10) Map<String, Object> metadata,
		@Schema(description = "Replace an existing entry (default true)") Boolean overwrite) {

	public static final long MIN_EXPIRES_IN = 1;

	/** One year. */
	public static final long MAX_EXPIRES_IN = 31_536_000;

	public boolean overwriteOrDefault() {
		return this.overwrite == null || this.overwrite;
	}

}
