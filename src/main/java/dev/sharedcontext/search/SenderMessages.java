package dev.sharedcontext.search;

import java.util.List;

import dev.sharedcontext.message.Message;

/**
 * The visible messages of one sender in a session ({@code search_by_sender}), oldest
 * first.
 *
 * @param sessionId the session
 * @param sender the sender's agent id
 * @param messages at most {@code limit}
 * @param count number of messages returned
 */
public record SenderMessages(String sessionId, String sender, List<Message> messages, int count) {

}
