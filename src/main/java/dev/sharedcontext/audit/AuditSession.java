package dev.sharedcontext.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the service-method parameter that holds the session id an audit event is about
 * (an {@link Audited} call's event, or a {@code permission_denied} row). Found by the
 * annotation, not by the parameter's name, so renaming a parameter cannot silently drop
 * the session from the audit log.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AuditSession {

}
