package dev.sharedcontext.audit;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.ProceedingJoinPoint;
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
 * Everything an event holds comes from the call's arguments, found by type
 * ({@link AgentPrincipal}, {@link AuditDetails}) or by annotation ({@link AuditSession}).
 * A recorded denial is rethrown as a {@link RecordedPermissionDenial}, which the services
 * further out let pass unrecorded.
 */
@Aspect
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class AuditAspect {

	private static final AuditDetails NONE = new AuditDetails();

	private final AuditLog auditLog;

	AuditAspect(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@Around("@annotation(audited)")
	Object audit(ProceedingJoinPoint call, Audited audited) throws Throwable {
		AgentPrincipal caller = argument(call, AgentPrincipal.class);
		String sessionId = sessionArgument(call);
		AuditDetails details = argument(call, AuditDetails.class);
		try {
			Object result = call.proceed();
			this.auditLog
				.record(event(audited.event(), audited, caller, sessionId, details, Map.of()).result("success"));
			return result;
		}
		catch (RecordedPermissionDenial ex) {
			throw ex;
		}
		catch (PermissionDeniedException ex) {
			this.auditLog.record(event("permission_denied", audited, caller, sessionId, details,
					Map.of("required", ex.required().value()))
				.result("denied"));
			throw new RecordedPermissionDenial(ex);
		}
		catch (ApiException ex) {
			this.auditLog.record(event(audited.event(), audited, caller, sessionId, details, Map.of("error", ex.code()))
				.result("failure"));
			throw ex;
		}
	}

	/**
	 * Denials in services whose methods are not {@link Audited} (reads and posts) are
	 * recorded here.
	 */
	@Around("within(dev.sharedcontext..*) && @within(org.springframework.stereotype.Service)"
			+ " && !@annotation(dev.sharedcontext.audit.Audited)")
	Object denied(ProceedingJoinPoint call) throws Throwable {
		try {
			return call.proceed();
		}
		catch (RecordedPermissionDenial ex) {
			throw ex;
		}
		catch (PermissionDeniedException ex) {
			AgentPrincipal caller = argument(call, AgentPrincipal.class);
			this.auditLog.record(AuditEvent.of("permission_denied")
				.agent((caller != null) ? caller.agentId() : null)
				.session(sessionArgument(call))
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

	private static <T> T argument(JoinPoint call, Class<T> type) {
		for (Object arg : call.getArgs()) {
			if (type.isInstance(arg)) {
				return type.cast(arg);
			}
		}
		return null;
	}

	private static String sessionArgument(JoinPoint call) {
		Annotation[][] annotations = ((MethodSignature) call.getSignature()).getMethod().getParameterAnnotations();
		Object[] args = call.getArgs();
		for (int i = 0; i < annotations.length; i++) {
			for (Annotation annotation : annotations[i]) {
				if (annotation instanceof AuditSession && args[i] instanceof String value) {
					return value;
				}
			}
		}
		return null;
	}

}
