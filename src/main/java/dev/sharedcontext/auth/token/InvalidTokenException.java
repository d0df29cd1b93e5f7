package dev.sharedcontext.auth.token;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;

import dev.sharedcontext.web.ApiException;

/**
 * A bearer token that does not authenticate anyone. The {@link Reason} goes to the audit
 * log; the client learns only whether the token expired (so it can refresh) or is
 * invalid.
 */
public class InvalidTokenException extends ApiException {

	/** Why a token was refused, as recorded in the audit log. */
	public enum Reason {

		MALFORMED, TOO_LONG, BAD_SIGNATURE, UNSUPPORTED_ALGORITHM, WRONG_AUDIENCE, WRONG_ISSUER, MISSING_CLAIM,
		ISSUED_IN_FUTURE, EXPIRED, REVOKED, UNKNOWN_TOKEN;

		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final Reason reason;

	public InvalidTokenException(Reason reason) {
		super(HttpStatus.UNAUTHORIZED, (reason == Reason.EXPIRED) ? "TOKEN_EXPIRED" : "INVALID_TOKEN",
				(reason == Reason.EXPIRED) ? "The token has expired" : "The token is invalid or has been revoked");
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	@Override
	public List<String> suggestions() {
		return (this.reason == Reason.EXPIRED) ? List
			.of("Call refresh_token (POST /api/v1/auth/refresh) within 5 minutes of expiry, or authenticate again")
				: List.of("Authenticate again with authenticate_agent (POST /api/v1/auth/token)");
	}

}
