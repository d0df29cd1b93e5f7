package dev.sharedcontext.session;

import java.util.List;

/**
 * One page of sessions, newest activity first: the activity the caller may see
 * ({@link Session#updatedAt()}).
 *
 * @param sessions the page
 * @param totalCount sessions matching the filter
 * @param limit page size asked for
 * @param offset rows skipped
 * @param hasMore whether a next page exists
 */
public record SessionPage(List<Session> sessions, long totalCount, int limit, int offset, boolean hasMore) {

}
