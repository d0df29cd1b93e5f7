package dev.sharedcontext.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Counts each call of the annotated service method against a {@link RateLimit}: per agent
 * (the {@link dev.sharedcontext.auth.AgentPrincipal} argument) or, for
 * {@link RateLimit#AUTHENTICATION}, per client address. Checked before the method's
 * transaction starts, so a refusal (and its audit row) never depends on it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimited {

	RateLimit value();

}
