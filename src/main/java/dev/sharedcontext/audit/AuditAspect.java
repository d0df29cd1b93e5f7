package dev.sharedcontext.audit;

import java.util.Map;

import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.AfterThrowing;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.PermissionDeniedException;
import dev.sharedcontext.web.ApiException;

/**
 * Records an audit event around every {@link Audited} service method, and a
 * {@code permission_denied} event whenever any service refuses a caller. Ordered outside
 * the transaction advice, so an event describes the committed (or rolled back) outcome.
 */
@Aspect
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class AuditAspect {

	private final AuditLog auditLog;

	AuditAspect(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@Around("@annotation(audited)")
	Object audit(ProceedingJoinPoint call, Audited audited) throws Throwable {
		AuditScope scope = AuditScope.open();
		AgentPrincipal caller = argument(call, AgentPrincipal.class);
		String sessionId = argumentNamed(call, "sessionId");
		try {
			Object result = call.proceed();
			this.auditLog.record(event(audited.event(), audited, caller, sessionId, scope).result("success"));
			return result;
		}
		catch (PermissionDeniedException ex) {
			if (ex.audited()) {
				throw ex;
			}
			ex.markAudited();
			scope.details.put("required", ex.required().value());
			this.auditLog.record(event("permission_denied", audited, caller, sessionId, scope).result("denied"));
			throw ex;
		}
		catch (ApiException ex) {
			scope.details.put("error", ex.code());
			this.auditLog.record(event(audited.event(), audited, caller, sessionId, scope).result("failure"));
			throw ex;
		}
		finally {
			scope.close();
		}
	}

	/**
	 * Denials in services whose methods are not {@link Audited} (reads and posts) are
	 * recorded here.
	 */
	@AfterThrowing(pointcut = "within(dev.sharedcontext..*) && @within(org.springframework.stereotype.Service)",
			throwing = "ex")
	void denied(JoinPoint call, PermissionDeniedException ex) {
		boolean auditedByAround = ((MethodSignature) call.getSignature()).getMethod()
			.isAnnotationPresent(Audited.class);
		if (ex.audited() || auditedByAround) {
			return;
		}
		ex.markAudited();
		AgentPrincipal caller = argument(call, AgentPrincipal.class);
		String sessionId = argumentNamed(call, "sessionId");
		this.auditLog.record(AuditEvent.of("permission_denied")
			.agent((caller != null) ? caller.agentId() : null)
			.session(sessionId)
			.action(ex.operation())
			.result("denied")
			.details(Map.of("required", ex.required().value())));
	}

	private static AuditEvent.Builder event(String type, Audited audited, AgentPrincipal caller, String sessionId,
			AuditScope scope) {
		String agent = (scope.agentId != null) ? scope.agentId : (caller != null) ? caller.agentId() : null;
		String session = (scope.sessionId != null) ? scope.sessionId : sessionId;
		if (scope.resourceId != null) {
			scope.details.put("resource_id", scope.resourceId);
		}
		return AuditEvent.of(type)
			.agent(agent)
			.session(session)
			.resource(audited.resource().isEmpty() ? null : audited.resource())
			.action(audited.action())
			.details(scope.details);
	}

	private static <T> T argument(JoinPoint call, Class<T> type) {
		for (Object arg : call.getArgs()) {
			if (type.isInstance(arg)) {
				return type.cast(arg);
			}
		}
		return null;
	}

	private static String argumentNamed(JoinPoint call, String name) {
		String[] names = ((MethodSignature) call.getSignature()).getParameterNames();
		Object[] args = call.getArgs();
		for (int i = 0; names != null && i < names.length; i++) {
			if (name.equals(names[i]) && args[i] instanceof String value) {
				return value;
			}
		}
		return null;
	}

}
