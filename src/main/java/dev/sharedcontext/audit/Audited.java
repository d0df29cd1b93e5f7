package dev.sharedcontext.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records one audit event per call of the annotated service method, after it finishes:
 * {@code success} when it returns, {@code failure} with the error code when it throws
 * ({@code permission_denied} when the caller lacked a permission). The acting agent is
 * the {@link dev.sharedcontext.auth.AgentPrincipal} argument, the session the
 * {@link AuditSession} argument; the method adds what it learns during the call to its
 * {@link AuditDetails} argument.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Audited {

	/** The event type, e.g. {@code token_issued}. */
	String event();

	/** The operation, e.g. {@code revoke_token}. */
	String action();

	/** What kind of thing was acted on, e.g. {@code token}. */
	String resource() default "";

}
