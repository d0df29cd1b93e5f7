package dev.sharedcontext.search;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.web.bind.annotation.BindParam;

import dev.sharedcontext.session.SessionIds;
import dev.sharedcontext.web.Timestamps;

/**
 * Input of {@code search_by_timerange} / {@code GET
 * /api/v1/sessions/{id}/messages/by-time}.
 *
 * @param sessionId the session
 * @param startTime start of the range, ISO-8601, inclusive
 * @param endTime end of the range, ISO-8601, inclusive
 * @param limit 1–100; 50 when absent
 */
public record TimeRangeQuery(
		@Schema(description = SessionIds.DESCRIPTION) @NotNull @Pattern(regexp = SessionIds.PATTERN) String sessionId,
		@Schema(description = "Start, ISO-8601, inclusive",
				format = "date-time") @BindParam("start_time") @NotNull String startTime,
		@Schema(description = "End, ISO-8601, inclusive",
				format = "date-time") @BindParam("end_time") @NotNull String endTime,
		@Schema(description = "Most messages (default 50)") @Min(1) @Max(100) Integer limit) {

	public static final int DEFAULT_LIMIT = 50;

	public TimeRangeQuery {
		limit = (limit != null) ? limit : DEFAULT_LIMIT;
	}

	/**
	 * @throws dev.sharedcontext.web.InvalidInputException when not ISO-8601
	 */
	public Instant start() {
		return Timestamps.parse(this.startTime, "start_time");
	}

	/**
	 * @throws dev.sharedcontext.web.InvalidInputException when not ISO-8601
	 */
	public Instant end() {
		return Timestamps.parse(this.endTime, "end_time");
	}

}
