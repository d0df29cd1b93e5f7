package dev.sharedcontext.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 problem bodies every error response uses: a title from the status,
 * a human {@code detail}, a stable machine {@code code} and the {@code request_id} the
 * log also has.
 */
public final class Problems {

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("https://shared-context.dev/problems/" + code.toLowerCase().replace('_', '-')));
		problem.setProperty("code", code);
		String requestId = RequestContext.requestId();
		if (requestId != null) {
			problem.setProperty("request_id", requestId);
		}
		return problem;
	}

	/** A stable code for a status when nothing more specific is known. */
	public static String codeFor(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> "INVALID_INPUT";
			case 401 -> "AUTHENTICATION_REQUIRED";
			case 403 -> "PERMISSION_DENIED";
			case 404 -> "NOT_FOUND";
			case 405 -> "METHOD_NOT_ALLOWED";
			case 406 -> "NOT_ACCEPTABLE";
			case 409 -> "CONFLICT";
			case 413 -> "PAYLOAD_TOO_LARGE";
			case 415 -> "UNSUPPORTED_MEDIA_TYPE";
			case 429 -> "RATE_LIMITED";
			case 503 -> "SERVICE_UNAVAILABLE";
			default -> status.is5xxServerError() ? "INTERNAL_ERROR" : "REQUEST_FAILED";
		};
	}

}
