package dev.sharedcontext.ratelimit;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.web.RequestContext;

/** Applies {@link RateLimited} outside the audit and transaction advice. */
@Aspect
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 50)
class RateLimitAspect {

	private final RateLimiter limiter;

	RateLimitAspect(RateLimiter limiter) {
		this.limiter = limiter;
	}

	@Around("@annotation(rateLimited)")
	Object limit(ProceedingJoinPoint call, RateLimited rateLimited) throws Throwable {
		this.limiter.acquire(rateLimited.value(), key(call, rateLimited.value()));
		return call.proceed();
	}

	private static String key(ProceedingJoinPoint call, RateLimit limit) {
		if (limit == RateLimit.AUTHENTICATION) {
			return RequestContext.remoteAddress();
		}
		for (Object arg : call.getArgs()) {
			if (arg instanceof AgentPrincipal principal) {
				return principal.agentId();
			}
		}
		return null;
	}

}
