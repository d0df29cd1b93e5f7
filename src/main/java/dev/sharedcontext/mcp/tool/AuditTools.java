package dev.sharedcontext.mcp.tool;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.audit.AuditQuery;
import dev.sharedcontext.audit.AuditService;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.web.Timestamps;

/** {@code get_audit_log} (admin). */
@Component
class AuditTools extends McpTool {

	/** Arguments of get_audit_log; times as ISO-8601 text. */
	record Args(@Size(max = 50) String eventType, @Size(max = 100) String agentId, @Size(max = 100) String sessionId,
			@Size(max = 40) String since, @Size(max = 40) String until, @Min(1) @Max(1000) Integer limit,
			@Size(max = 100) String cursor) {
	}

	private final AuditService audit;

	AuditTools(AuditService audit) {
		super("get_audit_log", true, """
				Admin only: read the audit log, newest first — authentication successes and failures (with the \
				reason), token issue/refresh/revoke, permission denials and admin actions. Filter by event_type, \
				agent_id, session_id and a time range (since inclusive, until exclusive, ISO-8601); page with limit \
				(1-1000, default 100) and the next_cursor of the previous page.""",
				InputSchema.object()
					.optional("event_type", InputSchema.enumeration("Only this kind of event",
							List.of("auth_success", "auth_failure", "token_issued", "token_refreshed", "token_revoked",
									"permission_denied", "admin_action", "session_created", "audit_retention")))
					.optional("agent_id", InputSchema.string("Only events about this agent", 1, 100))
					.optional("session_id", SessionTools.SESSION_ID.deepCopy())
					.optional("since",
							InputSchema.string("Events at or after this time, ISO-8601").put("format", "date-time"))
					.optional("until",
							InputSchema.string("Events before this time, ISO-8601").put("format", "date-time"))
					.optional("limit", InputSchema.integer("Page size (default 100)", 1, 1000))
					.optional("cursor", InputSchema.string("next_cursor of the previous page", 1, 100))
					.withAuthToken()
					.build());
		this.audit = audit;
	}

	@Override
	public Object call(ToolCall call) {
		AgentPrincipal caller = call.principal();
		Args args = call.arguments(Args.class);
		AuditQuery query = call.validate(new AuditQuery(args.eventType(), args.agentId(), args.sessionId(),
				Timestamps.parse(args.since(), "since"), Timestamps.parse(args.until(), "until"), args.limit(),
				args.cursor()));
		return this.audit.query(caller, query, new AuditDetails());
	}

}
