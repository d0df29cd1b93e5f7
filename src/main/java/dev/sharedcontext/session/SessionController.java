package dev.sharedcontext.session;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
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
			@Valid @ModelAttribute ListSessionsRequest request) {
		return this.sessions.list(caller, request.limit(), request.offset(), request.activeOnly());
	}

	@GetMapping("/{sessionId}")
	Session get(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable String sessionId) {
		return this.sessions.get(caller, sessionId);
	}

}
