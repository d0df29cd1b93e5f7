package dev.sharedcontext.ratelimit;

import java.lang.reflect.Method;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.web.RequestContext;

/**
 * Applies {@link RateLimited} outside the audit and transaction advice. A plain Spring
 * AOP advisor rather than an AspectJ aspect, for start-up (see
 * {@code audit.AuditAdvice}); the {@link RateLimiter} is looked up on the first call.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitAdvice {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor rateLimitedCalls(ObjectProvider<RateLimiter> limiter) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				AnnotationMatchingPointcut.forMethodAnnotation(RateLimited.class),
				(MethodInterceptor) (call) -> limit(limiter.getObject(), call));
		advisor.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
		return advisor;
	}

	private static Object limit(RateLimiter limiter, MethodInvocation call) throws Throwable {
		Object target = call.getThis();
		Method method = (target != null)
				? AopUtils.getMostSpecificMethod(call.getMethod(), AopUtils.getTargetClass(target)) : call.getMethod();
		RateLimited rateLimited = AnnotatedElementUtils.findMergedAnnotation(method, RateLimited.class);
		if (rateLimited != null) {
			limiter.acquire(rateLimited.value(), key(call.getArguments(), rateLimited.value()));
		}
		return call.proceed();
	}

	private static String key(Object[] args, RateLimit limit) {
		if (limit == RateLimit.AUTHENTICATION) {
			return RequestContext.remoteAddress();
		}
		for (Object arg : args) {
			if (arg instanceof AgentPrincipal principal) {
				return principal.agentId();
			}
		}
		return null;
	}

}
