package dev.sharedcontext.database;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers rows read by key for a short, fixed time, so that a row read on every request
 * (a token, an MCP session) is read from the database at most once per {@code lifetime}
 * per key. A change made through this process evicts the key at once; a change made by
 * another replica is seen within {@code lifetime}. Absent rows are not remembered, so
 * something created elsewhere is found on the next request. Lifetimes run on the
 * monotonic clock ({@link System#nanoTime()}), not on the application's {@code Clock}:
 * they bound staleness in real time, while expiry decisions stay with the caller, against
 * the row's own times.
 *
 * @param <K> key
 * @param <V> row
 */
public final class RowCache<K, V> {

	private final long lifetimeNanos;

	private final int maxEntries;

	private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

	public RowCache(Duration lifetime, int maxEntries) {
		this.lifetimeNanos = lifetime.toNanos();
		this.maxEntries = maxEntries;
	}

	private record Entry<V>(V value, long loadedAt) {
	}

	/**
	 * The remembered row if it is young enough, otherwise {@code loader}'s answer
	 * (remembered when present).
	 */
	public Optional<V> get(K key, Function<K, Optional<V>> loader) {
		long now = System.nanoTime();
		Entry<V> entry = this.entries.get(key);
		if (entry != null && now - entry.loadedAt() < this.lifetimeNanos) {
			return Optional.of(entry.value());
		}
		Optional<V> loaded = loader.apply(key);
		if (loaded.isPresent()) {
			if (this.entries.size() >= this.maxEntries) {
				this.entries.values().removeIf((e) -> now - e.loadedAt() >= this.lifetimeNanos);
				if (this.entries.size() >= this.maxEntries) {
					this.entries.clear();
				}
			}
			this.entries.put(key, new Entry<>(loaded.get(), now));
		}
		else if (entry != null) {
			this.entries.remove(key, entry);
		}
		return loaded;
	}

	public void evict(K key) {
		this.entries.remove(key);
	}

	/** Evicts every entry whose row matches, e.g. all cache keys of one token id. */
	public void evictIf(java.util.function.Predicate<V> matches) {
		this.entries.values().removeIf((e) -> matches.test(e.value()));
	}

	public void clear() {
		this.entries.clear();
	}

}
