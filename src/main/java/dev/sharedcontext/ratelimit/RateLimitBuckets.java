package dev.sharedcontext.ratelimit;

/**
 * Where {@link RateLimiter}'s token buckets live. Chosen once per process from the
 * database engine ({@link RateLimitConfiguration}): in memory when one process owns the
 * database (SQLite), in the database when replicas share it (PostgreSQL), so that one
 * agent's budget is one budget however many replicas serve it.
 */
interface RateLimitBuckets {

	/**
	 * Takes one token from the bucket of {@code limit} and {@code caller} (agent id or
	 * client address), which holds {@code perMinute} tokens and refills them continuously
	 * over a minute (so a burst up to the limit passes and a steady rate above it does
	 * not).
	 * @return 0 when a token was taken, otherwise how many nanoseconds until one is
	 * available
	 */
	long take(RateLimit limit, String caller, int perMinute);

	/**
	 * Gives back what idle callers left behind: called every minute by every process.
	 */
	void forgetIdle();

}
