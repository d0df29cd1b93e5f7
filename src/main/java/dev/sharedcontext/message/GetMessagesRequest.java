package dev.sharedcontext.message;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.web.bind.annotation.BindParam;

import dev.sharedcontext.session.SessionIds;
import dev.sharedcontext.visibility.Visibility;

/**
 * Input of {@code get_messages} / {@code GET /api/v1/sessions/{id}/messages}: the one
 * place its limits and defaults live. REST names two parameters differently from the
 * tool's arguments (the Python server's names): {@code visibility} for
 * {@code visibility_filter}, bound through {@link BindParam}.
 *
 * @param sessionId the session
 * @param limit page size, 1–1,000; 50 when absent
 * @param offset messages to skip; 0 when absent
 * @param visibilityFilter only this tier, or every tier the caller may read
 * @param afterId only messages with a larger id
 */
public record GetMessagesRequest(
		@Schema(description = SessionIds.DESCRIPTION) @NotNull @Pattern(regexp = SessionIds.PATTERN) String sessionId,
		@Schema(description = "Page size (default 50)") @Min(1) @Max(MessageQuery.MAX_LIMIT) Integer limit,
		@Schema(description = "Messages to skip (default 0)") @Min(0) Integer offset,
		@Schema(description = "Only this tier") @BindParam("visibility") Visibility visibilityFilter,
		@Schema(description = "Only messages with a larger id") @BindParam("after_id") @Min(0) Long afterId) {

	public GetMessagesRequest {
		limit = (limit != null) ? limit : MessageQuery.DEFAULT_LIMIT;
		offset = (offset != null) ? offset : 0;
	}

	public MessageQuery query() {
		return new MessageQuery(this.limit, this.offset, this.afterId, this.visibilityFilter);
	}

}
