package dev.sharedcontext.memory;

import java.util.List;

/**
 * Live entries of the caller's memory in one scope, by key.
 *
 * @param sessionId the scope listed, {@code null} for the global scope
 * @param entries the entries, ordered by key
 * @param count entries in this page
 * @param limit page size asked for
 * @param hasMore whether more entries match
 */
public record MemoryPage(String sessionId, List<MemoryEntry> entries, int count, int limit, boolean hasMore) {

}
