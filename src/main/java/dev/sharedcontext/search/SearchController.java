package dev.sharedcontext.search;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.web.validation.TrimmedLength;

/** The search endpoints of docs/search.md; each is one call of {@link SearchService}. */
@RestController
class SearchController {

	private final SearchService search;

	SearchController(SearchService search) {
		this.search = search;
	}

	@GetMapping("/api/v1/sessions/{sessionId}/search")
	SearchResults searchSession(@AuthenticationPrincipal AgentPrincipal caller, @PathVariable String sessionId,
			@RequestParam @NotNull @TrimmedLength(min = 1, max = SearchRequest.MAX_QUERY_LENGTH) String q,
			@RequestParam(name = "fuzzy_threshold", required = false) @Min(0) @Max(100) Double fuzzyThreshold,
			@RequestParam(required = false) @Min(1) @Max(SearchRequest.MAX_LIMIT) Integer limit,
			@RequestParam(name = "search_metadata", required = false) Boolean searchMetadata,
			@RequestParam(name = "search_scope", required = false) String searchScope) {
		return searchAll(caller, q, sessionId, fuzzyThreshold, limit, searchMetadata, searchScope);
	}

	@GetMapping("/api/v1/search")
	SearchResults searchAll(@AuthenticationPrincipal AgentPrincipal caller,
			@RequestParam @NotNull @TrimmedLength(min = 1, max = SearchRequest.MAX_QUERY_LENGTH) String q,
			@RequestParam(name = "session_id", required = false) String sessionId,
			@RequestParam(name = "fuzzy_threshold", required = false) @Min(0) @Max(100) Double fuzzyThreshold,
			@RequestParam(required = false) @Min(1) @Max(SearchRequest.MAX_LIMIT) Integer limit,
			@RequestParam(name = "search_metadata", required = false) Boolean searchMetadata,
			@RequestParam(name = "search_scope", required = false) String searchScope) {
		return this.search.search(caller, new SearchRequest(sessionId, q, fuzzyThreshold, limit, searchMetadata,
				SearchScope.parse(searchScope, "search_scope")));
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
