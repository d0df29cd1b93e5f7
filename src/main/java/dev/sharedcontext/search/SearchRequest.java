package dev.sharedcontext.search;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.web.bind.annotation.BindParam;

import dev.sharedcontext.web.validation.TrimmedLength;

/**
 * Input of {@code search_context} and the search endpoints.
 *
 * @param sessionId the session to search, or {@code null} for every session
 * (cross-session search)
 * @param query the user's text, 1–1,000 characters after trimming; never interpreted as
 * FTS syntax (see {@link FtsQuery})
 * @param fuzzyThreshold 0–100: results whose match score is below it are dropped; 60 when
 * absent
 * @param limit 1–100 results; 10 when absent
 * @param searchMetadata whether the messages' metadata is searched too; {@code true} when
 * absent
 * @param searchScope which tier to search; {@link SearchScope#ALL} when absent
 */
public record SearchRequest(
		@Schema(description = "Session to search; omit for every session") @BindParam("session_id") String sessionId,
		@Schema(description = "Plain text; word* for prefixes, \"quotes\" for phrases") @BindParam("q") @NotNull @TrimmedLength(
				min = 1, max = MAX_QUERY_LENGTH) String query,
		@Schema(description = "Minimum score (default 60)") @BindParam("fuzzy_threshold") @Min(0) @Max(100) Double fuzzyThreshold,
		@Schema(description = "Most results (default 10)") @Min(1) @Max(MAX_LIMIT) Integer limit,
		@Schema(description = "Also search metadata (default true)") @BindParam("search_metadata") Boolean searchMetadata,
		@Schema(description = "Only this tier (default all)") @BindParam("search_scope") SearchScope searchScope) {

	public static final int MAX_QUERY_LENGTH = 1000;

	public static final int MAX_LIMIT = 100;

	public static final double DEFAULT_FUZZY_THRESHOLD = 60.0;

	public static final int DEFAULT_LIMIT = 10;

	public SearchRequest {
		fuzzyThreshold = (fuzzyThreshold != null) ? fuzzyThreshold : DEFAULT_FUZZY_THRESHOLD;
		limit = (limit != null) ? limit : DEFAULT_LIMIT;
		searchMetadata = (searchMetadata != null) ? searchMetadata : Boolean.TRUE;
		searchScope = (searchScope != null) ? searchScope : SearchScope.ALL;
	}

	/** The same search in the session a path names. */
	public SearchRequest inSession(String sessionId) {
		return new SearchRequest(sessionId, this.query, this.fuzzyThreshold, this.limit, this.searchMetadata,
				this.searchScope);
	}

}
