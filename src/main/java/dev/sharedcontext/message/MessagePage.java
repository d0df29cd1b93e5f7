package dev.sharedcontext.message;

import java.util.List;

/**
 * One page of the messages a caller may read.
 *
 * @param sessionId the session
 * @param messages the page, by id
 * @param totalCount every message matching the query that the caller may read
 * @param limit page size asked for
 * @param offset rows skipped
 * @param hasMore whether a next page exists
 */
public record MessagePage(String sessionId, List<Message> messages, long totalCount, int limit, int offset,
		boolean hasMore) {

}
