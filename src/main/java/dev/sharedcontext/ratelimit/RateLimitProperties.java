package dev.sharedcontext.ratelimit;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Token-bucket limits per minute (SPEC §9); 0 switches a limit off. Bound from
 * {@code RATE_LIMIT_AUTH_PER_MINUTE}, {@code RATE_LIMIT_MESSAGES_PER_MINUTE},
 * {@code RATE_LIMIT_SEARCH_PER_MINUTE}, {@code RATE_LIMIT_MEMORY_PER_MINUTE}.
 *
 * @param authenticationPerMinute token minting and refresh, per client IP address
 * @param messagesPerMinute message posts, per agent
 * @param searchesPerMinute searches, per agent
 * @param memoryPerMinute memory operations, per agent
 */
@Validated
@ConfigurationProperties("shared-context.rate-limit")
public record RateLimitProperties(@Min(0) int authenticationPerMinute, @Min(0) int messagesPerMinute,
		@Min(0) int searchesPerMinute, @Min(0) int memoryPerMinute) {

	int perMinute(RateLimit limit) {
		return switch (limit) {
			case AUTHENTICATION -> this.authenticationPerMinute;
			case MESSAGES -> this.messagesPerMinute;
			case SEARCH -> this.searchesPerMinute;
			case MEMORY -> this.memoryPerMinute;
		};
	}

}
