package dev.sharedcontext.audit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Service;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.PermissionDeniedException;
import dev.sharedcontext.web.ApiException;

/**
 * Records an audit event around every {@link Audited} service method, and a
 * {@code permission_denied} event whenever any service refuses a caller. Ordered outside
 * the transaction advice, so an event describes the committed (or rolled back) outcome.
 * Everything an event holds comes from the call's arguments, found by type
 * ({@link AgentPrincipal}, {@link AuditDetails}) or by annotation ({@link AuditSession}).
 * A recorded denial is rethrown as a {@link RecordedPermissionDenial}, which the services
 * further out let pass unrecorded.
 * <p>
 * These are plain Spring AOP advisors (infrastructure role, like the transaction
 * advisor), not an AspectJ aspect: matching AspectJ pointcut expressions against every
 * method of every bean was a large share of the server's start-up, and a pointcut written
 * in Java matches the same methods for a fraction of it. The {@link AuditLog} is looked
 * up on the first call, so asking for the advisors while the context starts does not
 * build the database beans early.
 */
@Configuration(proxyBeanMethods = false)
class AuditAdvice {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private static final AuditDetails NONE = new AuditDetails();

	/** Audits every {@link Audited} method: success, failure with its code, or denial. */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor auditedCalls(ObjectProvider<AuditLog> auditLog) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				AnnotationMatchingPointcut.forMethodAnnotation(Audited.class),
				(MethodInterceptor) (call) -> audited(auditLog.getObject(), call));
		advisor.setOrder(ORDER);
		return advisor;
	}

	/**
	 * Records denials in services whose methods are not {@link Audited} (reads and
	 * posts).
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor refusedCalls(ObjectProvider<AuditLog> auditLog) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new UnauditedServiceMethods(),
				(MethodInterceptor) (call) -> denied(auditLog.getObject(), call));
		advisor.setOrder(ORDER);
		return advisor;
	}

	private static Object audited(AuditLog auditLog, MethodInvocation call) throws Throwable {
		Method method = targetMethod(call);
		Audited audited = AnnotatedElementUtils.findMergedAnnotation(method, Audited.class);
		if (audited == null) {
			return call.proceed();
		}
		AgentPrincipal caller = argument(call, AgentPrincipal.class);
		String sessionId = sessionArgument(method, call.getArguments());
		AuditDetails details = argument(call, AuditDetails.class);
		try {
			Object result = call.proceed();
			auditLog.record(event(audited.event(), audited, caller, sessionId, details, Map.of()).result("success"));
			return result;
		}
		catch (RecordedPermissionDenial ex) {
			throw ex;
		}
		catch (PermissionDeniedException ex) {
			auditLog.record(event("permission_denied", audited, caller, sessionId, details,
					Map.of("required", ex.required().value()))
				.result("denied"));
			throw new RecordedPermissionDenial(ex);
		}
		catch (ApiException ex) {
			auditLog.record(event(audited.event(), audited, caller, sessionId, details, Map.of("error", ex.code()))
				.result("failure"));
			throw ex;
		}
	}

	private static Object denied(AuditLog auditLog, MethodInvocation call) throws Throwable {
		try {
			return call.proceed();
		}
		catch (RecordedPermissionDenial ex) {
			throw ex;
		}
		catch (PermissionDeniedException ex) {
			AgentPrincipal caller = argument(call, AgentPrincipal.class);
			auditLog.record(AuditEvent.of("permission_denied")
				.agent((caller != null) ? caller.agentId() : null)
				.session(sessionArgument(targetMethod(call), call.getArguments()))
				.action(ex.operation())
				.result("denied")
				.details(Map.of("required", ex.required().value())));
			throw new RecordedPermissionDenial(ex);
		}
	}

	private static AuditEvent.Builder event(String type, Audited audited, AgentPrincipal caller, String sessionId,
			AuditDetails details, Map<String, Object> outcome) {
		AuditDetails filled = (details != null) ? details : NONE;
		String agent = (filled.agentId() != null) ? filled.agentId() : (caller != null) ? caller.agentId() : null;
		String session = (filled.sessionId() != null) ? filled.sessionId() : sessionId;
		return AuditEvent.of(type)
			.agent(agent)
			.session(session)
			.resource(audited.resource().isEmpty() ? null : audited.resource())
			.action(audited.action())
			.details(filled.details(outcome));
	}

	/** The method as declared on the bean's class, where its annotations are. */
	private static Method targetMethod(MethodInvocation call) {
		Object target = call.getThis();
		return (target != null) ? AopUtils.getMostSpecificMethod(call.getMethod(), AopUtils.getTargetClass(target))
				: call.getMethod();
	}

	private static <T> T argument(MethodInvocation call, Class<T> type) {
		for (Object arg : call.getArguments()) {
			if (type.isInstance(arg)) {
				return type.cast(arg);
			}
		}
		return null;
	}

	private static String sessionArgument(Method method, Object[] args) {
		Annotation[][] annotations = method.getParameterAnnotations();
		for (int i = 0; i < annotations.length && i < args.length; i++) {
			for (Annotation annotation : annotations[i]) {
				if (annotation instanceof AuditSession && args[i] instanceof String value) {
					return value;
				}
			}
		}
		return null;
	}

	/**
	 * Methods declared by this application's {@link Service} classes that are not
	 * {@link Audited} (what {@code within(dev.sharedcontext..*) && @within(Service) &&
	 * !@annotation(Audited)} matched as an AspectJ expression).
	 */
	static final class UnauditedServiceMethods extends StaticMethodMatcherPointcut {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			Class<?> declaring = method.getDeclaringClass();
			return declaring.getName().startsWith("dev.sharedcontext.")
					&& AnnotatedElementUtils.hasAnnotation(declaring, Service.class) && !AnnotatedElementUtils
						.hasAnnotation(AopUtils.getMostSpecificMethod(method, targetClass), Audited.class);
		}

	}

}
