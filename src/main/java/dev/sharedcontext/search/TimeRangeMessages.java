package dev.sharedcontext.search;

import java.time.Instant;
import java.util.List;

import dev.sharedcontext.message.Message;

/**
 * The visible messages of a session posted in a time range ({@code search_by_timerange}),
 * oldest first.
 *
 * @param sessionId the session
 * @param startTime start of the range, inclusive
 * @param endTime end of the range, inclusive
 * @param messages at most {@code limit}
 * @param count number of messages returned
 */
public record TimeRangeMessages(String sessionId, Instant startTime, Instant endTime, List<Message> messages,
		int count) {

}
