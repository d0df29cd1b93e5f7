package dev.sharedcontext.search;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a search, with the query as it was understood.
 *
 * @param sessionId the session searched, {@code null} for a search over every session
 * @param query the user's text
 * @param fuzzyThreshold the minimum score applied
 * @param limit the maximum number of results asked for
 * @param searchMetadata whether metadata was searched
 * @param searchScope the tier searched
 * @param results best first
 * @param count number of results
 * @param searchTimeMs time spent in the search, in milliseconds
 */
public record SearchResults(@Nullable String sessionId, String query, double fuzzyThreshold, int limit,
		boolean searchMetadata, SearchScope searchScope, List<SearchHit> results, int count, long searchTimeMs) {

}
