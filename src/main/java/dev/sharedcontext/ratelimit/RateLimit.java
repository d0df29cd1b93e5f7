package dev.sharedcontext.ratelimit;

import java.util.Locale;

/** The rate-limited operations of SPEC §9 and what each is counted by. */
public enum RateLimit {

	/** Minting and refreshing tokens, per client IP address. */
	AUTHENTICATION,
	/** Posting messages, per agent. */
	MESSAGES,
	/** Searching, per agent. */
	SEARCH,
	/** Reading and writing memory, per agent. */
	MEMORY;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
