package dev.sharedcontext.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How many failed authentications an address gets per minute before it is throttled, and
 * how many of them are audited one row each. Bound from {@code AUTH_FAILURES_PER_MINUTE},
 * {@code AUTH_FAILURES_AUDITED_PER_MINUTE} and {@code AUTH_FAILURES_TRACKED_ADDRESSES}.
 *
 * @param perMinute failures per address per minute after which its requests are refused
 * with 429 until the minute is over; 0 switches the throttle off
 * @param auditedPerMinute failures per address per minute written as their own audit row;
 * the rest of the minute's failures (and throttled requests) become one summary row
 * @param trackedAddresses how many addresses are remembered at once; when more fail, the
 * least recently failing address is forgotten (its pending counts are written first)
 */
@Validated
@ConfigurationProperties("shared-context.auth-failures")
public record AuthenticationFailureProperties(@Min(0) int perMinute, @Min(1) int auditedPerMinute,
		@Min(1) @Max(10_000_000) int trackedAddresses) {

}
