package dev.sharedcontext.session;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.web.bind.annotation.BindParam;

/**
 * Input of {@code list_sessions} / {@code GET /api/v1/sessions}; absent values get their
 * defaults here, so both surfaces share them.
 *
 * @param limit page size, 1–1,000; 50 when absent (SPEC §5)
 * @param offset sessions to skip; 0 when absent
 * @param activeOnly only open sessions; {@code false} when absent
 */
public record ListSessionsRequest(@Schema(description = "Page size (default 50)") @Min(1) @Max(1000) Integer limit,
		@Schema(description = "Sessions to skip (default 0)") @Min(0) Integer offset,
		@Schema(description = "Only active sessions (default false)") @BindParam("active_only") Boolean activeOnly) {

	public static final int DEFAULT_LIMIT = 50;

	public ListSessionsRequest {
		limit = (limit != null) ? limit : DEFAULT_LIMIT;
		offset = (offset != null) ? offset : 0;
		activeOnly = (activeOnly != null) ? activeOnly : Boolean.FALSE;
	}

}
