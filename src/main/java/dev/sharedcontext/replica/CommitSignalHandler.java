package dev.sharedcontext.replica;

/**
 * Something on this replica that acts on what another replica committed. Implemented by
 * the components that wait for posts or cache rows; called on the listener's thread, so
 * an implementation hands slow work off.
 */
public interface CommitSignalHandler {

	/** Messages up to this id were committed by another replica. */
	default void messagesCommitted(long upToId) {
	}

	/** Another replica changed this token's row: forget what is cached of it. */
	default void tokenChanged(String tokenId) {
	}

	/** Another replica stored an event for the stream of this MCP session. */
	default void mcpEventStored(String mcpSessionId) {
	}

	/**
	 * Signals may have been lost (the listener has just connected or reconnected): catch
	 * up from the database as if every kind of signal had arrived.
	 */
	default void signalsMissed() {
	}

}
