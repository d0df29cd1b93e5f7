package dev.sharedcontext.message;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.visibility.Visibility;

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
	MessagePage list(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable String sessionId,
			@RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit,
			@RequestParam(defaultValue = "0") @Min(0) int offset,
			@RequestParam(name = "after_id", required = false) @Min(0) Long afterId,
			@RequestParam(required = false) String visibility) {
		return this.messages.list(caller, sessionId,
				new MessageQuery(limit, offset, afterId, Visibility.parse(visibility, "visibility")));
	}

	@PatchMapping("/api/v1/admin/messages/{messageId}")
	Message setVisibility(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable long messageId,
			@Valid @RequestBody VisibilityChange change) {
		return this.messages.setVisibility(caller, messageId, change.visibility(), new AuditDetails());
	}

}
