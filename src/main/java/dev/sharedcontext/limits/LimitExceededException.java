package dev.sharedcontext.limits;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.sharedcontext.web.ApiException;
import dev.sharedcontext.web.RetryableException;

/**
 * Too many concurrent waits or streams, for one agent or for the whole server. Answered
 * with 429 and {@code Retry-After} on REST and as an {@code isError} tool result with
 * {@code retry_after} on MCP.
 */
public class LimitExceededException extends ApiException implements RetryableException {

	private static final long RETRY_AFTER_SECONDS = 5;

	private final Leases.Kind kind;

	LimitExceededException(Leases.Kind kind, String message) {
		super(HttpStatus.TOO_MANY_REQUESTS, kind.code(), message);
		this.kind = kind;
	}

	@Override
	public long retryAfterSeconds() {
		return RETRY_AFTER_SECONDS;
	}

	@Override
	public List<String> suggestions() {
		return (this.kind == Leases.Kind.WAIT)
				? List.of("Finish or cancel a pending wait_for_messages before starting another",
						"Retry after " + RETRY_AFTER_SECONDS + " s")
				: List.of("Close a stream you no longer read before opening another",
						"Retry after " + RETRY_AFTER_SECONDS + " s");
	}

}
