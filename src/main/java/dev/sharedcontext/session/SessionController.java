package dev.sharedcontext.session;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentPrincipal;

@RestController
@RequestMapping("/api/v1/sessions")
class SessionController {

	private final SessionService sessions;

	SessionController(SessionService sessions) {
		this.sessions = sessions;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Session create(@AuthenticationPrincipal AgentPrincipal caller, @Valid @RequestBody CreateSessionRequest request) {
		return this.sessions.create(caller, request, new AuditDetails());
	}

	@GetMapping
	SessionPage list(@AuthenticationPrincipal AgentPrincipal caller,
			@RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit,
			@RequestParam(defaultValue = "0") @Min(0) int offset,
			@RequestParam(name = "active_only", defaultValue = "false") boolean activeOnly) {
		return this.sessions.list(caller, limit, offset, activeOnly);
	}

	@GetMapping("/{sessionId}")
	Session get(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable String sessionId) {
		return this.sessions.get(caller, sessionId);
	}

}
