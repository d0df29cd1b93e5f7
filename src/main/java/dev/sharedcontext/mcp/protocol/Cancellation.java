package dev.sharedcontext.mcp.protocol;

import java.util.concurrent.CompletableFuture;

/**
 * The signal that nobody waits for a request's answer any more (the client closed its
 * connection, or the request timed out). A method that holds something while it waits
 * ({@code wait_for_messages} holds a waiter and a lease) releases it on this signal
 * instead of at its own deadline. Signalled at most once; an action registered after the
 * signal runs at once.
 */
public final class Cancellation {

	private final CompletableFuture<Void> signal = new CompletableFuture<>();

	/** Runs {@code action} when the request is cancelled (at once if it already is). */
	public void onCancel(Runnable action) {
		this.signal.thenRun(action);
	}

	/** Signals that the answer is no longer wanted; later calls do nothing. */
	public void cancel() {
		this.signal.complete(null);
	}

	public boolean isCancelled() {
		return this.signal.isDone();
	}

}
