package dev.sharedcontext.audit;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.sharedcontext.auth.AgentIds;

/**
 * Which audit events to return ({@code get_audit_log}, {@code GET /api/v1/admin/audit}),
 * newest first. Every filter is optional; {@code null} means "any".
 *
 * @param eventType e.g. {@code auth_failure}
 * @param agentId the agent the event is about
 * @param sessionId the session the event is about
 * @param since events at or after this time
 * @param until events before this time
 * @param limit 1–1,000 events per page; 100 when absent
 * @param cursor the {@code next_cursor} of the previous page, to continue after it
 */
public record AuditQuery(@Pattern(regexp = "[a-z_]{1,50}") String eventType,
		@Pattern(regexp = AgentIds.AGENT_ID) String agentId, @Size(max = 100) String sessionId, Instant since,
		Instant until, @Min(1) @Max(MAX_LIMIT) Integer limit, @Size(max = 100) String cursor) {

	public static final int DEFAULT_LIMIT = 100;

	public static final int MAX_LIMIT = 1000;

	public AuditQuery {
		limit = (limit != null) ? limit : DEFAULT_LIMIT;
	}

}
