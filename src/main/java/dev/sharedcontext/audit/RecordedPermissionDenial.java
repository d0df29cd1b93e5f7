package dev.sharedcontext.audit;

import dev.sharedcontext.auth.PermissionDeniedException;

/**
 * A {@link PermissionDeniedException} that is already in the audit log.
 * {@link AuditAspect} throws it in place of the denial it recorded, so a service that
 * called the refusing service does not record the same denial again; callers and error
 * rendering see an ordinary {@code PERMISSION_DENIED}.
 */
final class RecordedPermissionDenial extends PermissionDeniedException {

	RecordedPermissionDenial(PermissionDeniedException denial) {
		super(denial.operation(), denial.required());
	}

}
