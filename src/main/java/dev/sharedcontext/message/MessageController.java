package dev.sharedcontext.message;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentPrincipal;

@RestController
class MessageController {

	private final MessageService messages;

	MessageController(MessageService messages) {
		this.messages = messages;
	}

	@PostMapping("/api/v1/sessions/{sessionId}/messages")
	@ResponseStatus(HttpStatus.CREATED)
	Message post(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable String sessionId,
			@Valid @RequestBody PostMessageRequest request) {
		return this.messages.add(caller, sessionId, request);
	}

	@GetMapping("/api/v1/sessions/{sessionId}/messages")
	MessagePage list(@AuthenticationPrincipal AgentPrincipal caller,
			@Valid @ModelAttribute GetMessagesRequest request) {
		return this.messages.list(caller, request.sessionId(), request.query());
	}

	@PatchMapping("/api/v1/admin/messages/{messageId}")
	Message setVisibility(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable long messageId,
			@Valid @RequestBody VisibilityChange change) {
		return this.messages.setVisibility(caller, messageId, change.visibility(), new AuditDetails());
	}

}
