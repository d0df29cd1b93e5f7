package dev.sharedcontext.message;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Wakes callers blocked in {@link MessageService#waitForMessages} when a message of their
 * session commits. Only a wake-up signal: the woken caller re-reads through the
 * visibility filter, so an invisible message wakes it but is never returned.
 */
@Component
class MessageWaits {

	private final Map<String, Set<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();

	/** A future completed by the next commit of a message in {@code sessionId}. */
	CompletableFuture<Void> next(String sessionId) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		this.waiters.computeIfAbsent(sessionId, (id) -> ConcurrentHashMap.newKeySet()).add(future);
		return future;
	}

	void forget(String sessionId, CompletableFuture<Void> future) {
		this.waiters.computeIfPresent(sessionId, (id, set) -> {
			set.remove(future);
			return set.isEmpty() ? null : set;
		});
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onMessageAdded(MessageAdded event) {
		Set<CompletableFuture<Void>> set = this.waiters.remove(event.message().sessionId());
		if (set != null) {
			set.forEach((future) -> future.complete(null));
		}
	}

}
