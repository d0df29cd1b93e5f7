package dev.sharedcontext.web;

/** A failure that goes away by itself; REST answers it with {@code Retry-After}. */
public interface RetryableException {

	long retryAfterSeconds();

}
