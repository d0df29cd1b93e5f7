package dev.sharedcontext.message;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.sharedcontext.visibility.Visibility;

/**
 * Which visible messages of a session to return, in id order.
 *
 * @param limit 1–1,000
 * @param offset rows to skip, ≥ 0
 * @param afterId only messages with a larger id (cheap polling); {@code null} for all
 * @param visibility only this tier; {@code null} for every tier the caller may read
 */
public record MessageQuery(@Min(1) @Max(MAX_LIMIT) int limit, @Min(0) int offset, @Min(0) Long afterId,
		Visibility visibility) {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 1000;

}
