package dev.sharedcontext.audit;

import java.util.List;

import org.springframework.stereotype.Service;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.web.InvalidInputException;

/**
 * Reading the audit log, for admins only ({@code get_audit_log},
 * {@code GET /api/v1/admin/audit}). Reading it is itself an audited admin action.
 */
@Service
public class AuditService {

	private final AuditRepository repository;

	AuditService(AuditRepository repository) {
		this.repository = repository;
	}

	/**
	 * A page of the events matching the query, newest first.
	 * @throws dev.sharedcontext.auth.PermissionDeniedException without {@code admin}
	 * @throws InvalidInputException for a foreign cursor or {@code since} after
	 * {@code until}
	 */
	@Audited(event = "admin_action", action = "get_audit_log", resource = "audit_log")
	public AuditPage query(AgentPrincipal caller, AuditQuery query, AuditDetails audit) {
		caller.require(Permission.ADMIN, "get_audit_log");
		if (query.since() != null && query.until() != null && query.since().isAfter(query.until())) {
			throw new InvalidInputException("INVALID_INPUT", "since must not be after until",
					List.of(new InvalidInputException.FieldError("since", "must not be after until")));
		}
		Long beforeId = AuditCursor.parse(query.cursor());
		List<AuditEvent> found = this.repository.find(query, beforeId, query.limit() + 1);
		boolean more = found.size() > query.limit();
		List<AuditEvent> page = more ? found.subList(0, query.limit()) : found;
		audit.put("returned", page.size());
		return new AuditPage(List.copyOf(page), more ? AuditCursor.after(page.get(page.size() - 1).id()) : null);
	}

}
