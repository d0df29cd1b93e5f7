package dev.sharedcontext.message;

import dev.sharedcontext.visibility.Visibility;
import dev.sharedcontext.visibility.VisibilityPolicy;

/**
 * That a message was committed, and what {@link VisibilityPolicy#canRead} needs to decide
 * who may hear of it: no content. What {@link ForeignCommits} reports, and what a
 * notifier checks for a local {@link MessageAdded} too, so one rule serves both.
 *
 * @param id the message id
 * @param sessionId its session
 * @param sender the poster's agent id
 * @param senderType the poster's agent type at post time
 * @param visibility its tier
 */
public record CommittedMessage(long id, String sessionId, String sender, String senderType, Visibility visibility) {

	public static CommittedMessage of(Message message) {
		return new CommittedMessage(message.id(), message.sessionId(), message.sender(), message.senderType(),
				message.visibility());
	}

}
