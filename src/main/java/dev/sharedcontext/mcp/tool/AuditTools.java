package dev.sharedcontext.mcp.tool;

import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.audit.AuditPage;
import dev.sharedcontext.audit.AuditQuery;
import dev.sharedcontext.audit.AuditService;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.session.SessionIds;
import dev.sharedcontext.web.Timestamps;

/** {@code get_audit_log} (admin). */
@Component
class AuditTools extends McpTool {

	/** Arguments of get_audit_log; times as ISO-8601 text. */
	record Args(
			@Schema(description = "e.g. auth_failure, token_issued, permission_denied, admin_action") @Size(
					max = 50) String eventType,
			@Schema(description = "Only events about this agent") @Size(max = 100) String agentId,
			@Schema(description = SessionIds.DESCRIPTION) @Size(max = 100) String sessionId,
			@Schema(description = "At or after, ISO-8601", format = "date-time") @Size(max = 40) String since,
			@Schema(description = "Before, ISO-8601", format = "date-time") @Size(max = 40) String until,
			@Schema(description = "Page size (default 100)") @Min(1) @Max(AuditQuery.MAX_LIMIT) Integer limit,
			@Schema(description = "next_cursor of the previous page") @Size(max = 100) String cursor) {
	}

	private final AuditService audit;

	AuditTools(AuditService audit) {
		super(new ToolDefinition("get_audit_log", "Audit log", Set.of(Permission.ADMIN), ToolDefinition.Hints.READ,
				Args.class, AuditPage.class,
				"Admin only: the audit log, newest first (authentication, token issue/refresh/revoke, permission denials, admin actions). Page with next_cursor."));
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
