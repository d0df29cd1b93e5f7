package dev.sharedcontext.replica;

/**
 * Tells the other replicas on the same database that something they may have cached or be
 * waiting for has changed. Called inside the writing transaction: on PostgreSQL the
 * signal is a {@code NOTIFY}, which the database delivers only when that transaction
 * commits (and never when it rolls back), so a replica that hears it can already read the
 * change. Signals carry ids only, never content.
 * <p>
 * On SQLite every replica is a process on the same file, and there is nothing to send:
 * {@link #NONE}. Other processes there hear of new messages through the one-second
 * {@code ForeignCommits} probe and of revoked tokens through the one-second token cache.
 */
public interface CommitSignals {

	/** Sends nothing (SQLite). */
	CommitSignals NONE = new CommitSignals() {
	};

	/**
	 * A message with this id is being committed. Several calls in one transaction are
	 * folded into one signal with the largest id.
	 */
	default void messageCommitted(long id) {
	}

	/** The row of this token (revoked, refreshed) is changing. */
	default void tokenChanged(String tokenId) {
	}

	/** An event was stored for the stream of this MCP session (2025 {@code GET /mcp}). */
	default void mcpEventStored(String mcpSessionId) {
	}

}
