package dev.sharedcontext.search;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.sharedcontext.auth.AgentPrincipal;

/** The search endpoints of docs/search.md; each is one call of {@link SearchService}. */
@RestController
class SearchController {

	private final SearchService search;

	SearchController(SearchService search) {
		this.search = search;
	}

	/**
	 * The session's search: the same record as {@code /api/v1/search}; the path names the
	 * session, whatever the query string says.
	 */
	@GetMapping("/api/v1/sessions/{session_id}/search")
	SearchResults searchSession(@AuthenticationPrincipal AgentPrincipal caller,
			@Parameter(hidden = true) @PathVariable("session_id") String sessionId,
			@Valid @ModelAttribute SearchRequest request) {
		return this.search.search(caller, request.inSession(sessionId));
	}

	@GetMapping("/api/v1/search")
	SearchResults searchAll(@AuthenticationPrincipal AgentPrincipal caller,
			@Valid @ModelAttribute SearchRequest request) {
		return this.search.search(caller, request);
	}

	@GetMapping("/api/v1/sessions/{sessionId}/messages/by-sender/{sender}")
	SenderMessages bySender(@AuthenticationPrincipal AgentPrincipal caller, @Valid @ModelAttribute SenderQuery query) {
		return this.search.bySender(caller, query.sessionId(), query.sender(), query.limit());
	}

	@GetMapping("/api/v1/sessions/{sessionId}/messages/by-time")
	TimeRangeMessages byTime(@AuthenticationPrincipal AgentPrincipal caller,
			@Valid @ModelAttribute TimeRangeQuery query) {
		return this.search.byTimeRange(caller, query.sessionId(), query.start(), query.end(), query.limit());
	}

}
