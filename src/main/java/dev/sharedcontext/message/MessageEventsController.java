package dev.sharedcontext.message;

import java.util.List;

import jakarta.validation.constraints.Min;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.web.InvalidInputException;

/**
 * {@code GET /api/v1/sessions/{id}/events}: the session's messages the caller may read,
 * as Server-Sent Events ({@code event: message}, {@code id:} the message id,
 * {@code data:} the message JSON), first those after the resume point, then live ones.
 * The resume point is {@code Last-Event-ID} when present (a reconnecting client), else
 * {@code after_id}, else 0 (the whole visible history).
 */
@RestController
class MessageEventsController {

	private final MessageService messages;

	private final MessageStreams streams;

	MessageEventsController(MessageService messages, MessageStreams streams) {
		this.messages = messages;
		this.streams = streams;
	}

	@GetMapping("/api/v1/sessions/{sessionId}/events")
	ResponseEntity<SseEmitter> events(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable String sessionId,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestParam(name = "after_id", required = false) @Min(0) Long afterId) {
		long resumeAfter = resumePoint(lastEventId, afterId);
		this.messages.requireReadable(caller, sessionId);
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.cacheControl(CacheControl.noStore())
			.header("X-Accel-Buffering", "no")
			.body(this.streams.open(caller, sessionId, resumeAfter));
	}

	private static long resumePoint(String lastEventId, Long afterId) {
		if (lastEventId != null && !lastEventId.isBlank()) {
			try {
				long id = Long.parseLong(lastEventId.trim());
				if (id >= 0) {
					return id;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new InvalidInputException("INVALID_INPUT", "Last-Event-ID must be a message id",
					List.of(new InvalidInputException.FieldError("Last-Event-ID", "must be a non-negative integer")));
		}
		return (afterId != null) ? afterId : 0;
	}

}
