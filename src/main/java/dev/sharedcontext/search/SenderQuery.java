package dev.sharedcontext.search;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import dev.sharedcontext.auth.AgentIds;
import dev.sharedcontext.session.SessionIds;

/**
 * Input of {@code search_by_sender} / {@code GET
 * /api/v1/sessions/{id}/messages/by-sender/{sender}}.
 *
 * @param sessionId the session
 * @param sender the sender's agent id
 * @param limit 1–100; 20 when absent (the Python server's default, docs/search.md)
 */
public record SenderQuery(
		@Schema(description = SessionIds.DESCRIPTION) @NotNull @Pattern(regexp = SessionIds.PATTERN) String sessionId,
		@Schema(description = "The sender's agent_id") @NotNull @Pattern(regexp = AgentIds.AGENT_ID) String sender,
		@Schema(description = "Most messages (default 20)") @Min(1) @Max(100) Integer limit) {

	/** The default of the endpoint since the Python server (docs/search.md). */
	public static final int DEFAULT_LIMIT = 20;

	public SenderQuery {
		limit = (limit != null) ? limit : DEFAULT_LIMIT;
	}

}
