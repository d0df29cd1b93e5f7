package dev.sharedcontext.ratelimit;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.sharedcontext.web.ApiException;
import dev.sharedcontext.web.RetryableException;

/**
 * Too many requests of one kind; {@link #retryAfterSeconds()} says when a token will be
 * available again.
 */
public class RateLimitedException extends ApiException implements RetryableException {

	private final long retryAfterSeconds;

	RateLimitedException(RateLimit limit, long retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
				"Too many " + limit.value() + " requests; retry after " + retryAfterSeconds + " s");
		this.retryAfterSeconds = retryAfterSeconds;
	}

	@Override
	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	@Override
	public List<String> suggestions() {
		return List.of("Wait " + this.retryAfterSeconds + " s before retrying",
				"Use wait_for_messages instead of polling get_messages in a loop");
	}

}
