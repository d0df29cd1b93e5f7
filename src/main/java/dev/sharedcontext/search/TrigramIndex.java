package dev.sharedcontext.search;

/**
 * Brings the index of typo-tolerant candidates up to the newest committed message before
 * a lookup. On SQLite that is {@link TrigramIndexer}, which fills the FTS5 trigram index
 * outside the posting transactions; on PostgreSQL the trigram GIN indexes are maintained
 * by the writing transaction itself, so there is nothing to catch up on
 * ({@link #MAINTAINED_BY_DATABASE}). {@link SearchConfiguration} picks one at start.
 */
interface TrigramIndex {

	/** For an engine whose index is always current. */
	TrigramIndex MAINTAINED_BY_DATABASE = () -> {
	};

	/** Returns once every message committed so far is in the index. */
	void catchUp();

}
