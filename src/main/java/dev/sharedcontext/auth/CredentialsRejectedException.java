package dev.sharedcontext.auth;

import org.springframework.security.core.AuthenticationException;

/**
 * Why the filter chain refused a request's credentials: a stable {@code code} for the
 * client and a precise {@code reason} for the audit log. Neither contains the credential.
 */
public class CredentialsRejectedException extends AuthenticationException {

	private final String code;

	private final String reason;

	public CredentialsRejectedException(String code, String reason, String message) {
		super(message);
		this.code = code;
		this.reason = reason;
	}

	public String code() {
		return this.code;
	}

	public String reason() {
		return this.reason;
	}

}
