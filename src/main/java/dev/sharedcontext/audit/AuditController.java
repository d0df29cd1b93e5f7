package dev.sharedcontext.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentIds;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.web.Timestamps;

@RestController
class AuditController {

	private final AuditService audit;

	AuditController(AuditService audit) {
		this.audit = audit;
	}

	@GetMapping("/api/v1/admin/audit")
	AuditPage query(@AuthenticationPrincipal AgentPrincipal admin,
			@RequestParam(name = "event_type", required = false) @Pattern(regexp = "[a-z_]{1,50}") String eventType,
			@RequestParam(name = "agent_id", required = false) @Pattern(regexp = AgentIds.AGENT_ID) String agentId,
			@RequestParam(name = "session_id", required = false) @Size(max = 100) String sessionId,
			@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@RequestParam(defaultValue = "100") @Min(1) @Max(AuditQuery.MAX_LIMIT) int limit,
			@RequestParam(required = false) @Size(max = 100) String cursor) {
		return this.audit.query(admin, new AuditQuery(eventType, agentId, sessionId, Timestamps.parse(since, "since"),
				Timestamps.parse(until, "until"), limit, cursor), new AuditDetails());
	}

}
