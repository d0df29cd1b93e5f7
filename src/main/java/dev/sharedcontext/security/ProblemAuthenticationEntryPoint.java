package dev.sharedcontext.security;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.CredentialsRejectedException;
import dev.sharedcontext.audit.AuditEvent;
import dev.sharedcontext.audit.AuditLog;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.web.Problems;

/**
 * Answers a request without valid credentials: 401 with a problem body, and an
 * {@code auth_failure} audit event with the reason and path. Neither carries the
 * credential that was presented. The failure is counted against the client's address
 * ({@link AuthenticationFailures}); beyond the first of a minute it is summarised rather
 * than written as its own row, and an address over its budget is answered 429 instead.
 * Every failure is counted by reason ({@code scs.auth.failures}), each 429 also as a
 * refusal of the {@code auth_failures} limit ({@code scs.ratelimit.refusals}).
 */
@Component
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	/** The {@code limit} tag of a request refused for its address's failures. */
	static final String THROTTLE = "auth_failures";

	private final JsonMapper json;

	private final AuditLog auditLog;

	private final AuthenticationFailures failures;

	private final ServerMeters meters;

	ProblemAuthenticationEntryPoint(JsonMapper json, AuditLog auditLog, AuthenticationFailures failures,
			ServerMeters meters) {
		this.json = json;
		this.auditLog = auditLog;
		this.failures = failures;
		this.meters = meters;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		String code = "AUTHENTICATION_REQUIRED";
		String reason = "missing_credentials";
		String detail = "Authentication required: send 'Authorization: Bearer <token>' (and X-API-Key on /mcp)";
		if (exception instanceof CredentialsRejectedException rejected) {
			code = rejected.code();
			reason = rejected.reason();
			detail = rejected.getMessage();
		}
		this.meters.authenticationFailed(reason);
		if (this.failures.failed(request.getRemoteAddr(), reason)) {
			this.auditLog.record(AuditEvent.of("auth_failure")
				.action(request.getMethod() + " " + request.getRequestURI())
				.resource("http")
				.result("failure")
				.details(Map.of("reason", reason)));
		}
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.UNAUTHORIZED, code, detail));
	}

	/**
	 * Refuses a request from an address that used up its failed-authentication budget:
	 * 429 with {@code Retry-After}, as for any other rate limit. Counted into the
	 * address's summary audit row, not written on its own.
	 */
	void refuseThrottled(HttpServletRequest request, HttpServletResponse response, CredentialsRejectedException failure,
			long retryAfterSeconds) throws IOException {
		this.meters.authenticationFailed(failure.reason());
		this.meters.rateLimited(THROTTLE);
		this.failures.throttled(request.getRemoteAddr());
		ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
				"Too many failed authentications from this address; retry after " + retryAfterSeconds + " s");
		problem.setProperty("retry_after", retryAfterSeconds);
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
