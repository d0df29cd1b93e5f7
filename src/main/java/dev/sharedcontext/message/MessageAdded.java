package dev.sharedcontext.message;

/**
 * Published after a message is committed. Listeners (notifications, live streams) must
 * check {@link dev.sharedcontext.visibility.VisibilityPolicy#canRead} for each recipient
 * before passing it on.
 *
 * @param message the stored message
 */
public record MessageAdded(Message message) {

}
