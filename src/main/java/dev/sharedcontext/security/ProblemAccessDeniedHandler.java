package dev.sharedcontext.security;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditEvent;
import dev.sharedcontext.audit.AuditLog;
import dev.sharedcontext.web.Problems;

/**
 * Answers an authenticated request the filter chain refuses: 403 with a problem body,
 * audited.
 */
@Component
class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final JsonMapper json;

	private final AuditLog auditLog;

	ProblemAccessDeniedHandler(JsonMapper json, AuditLog auditLog) {
		this.json = json;
		this.auditLog = auditLog;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		this.auditLog.record(AuditEvent.of("permission_denied")
			.action(request.getMethod() + " " + request.getRequestURI())
			.resource("http")
			.result("denied")
			.details(Map.of("reason", "filter_chain")));
		response.setStatus(HttpStatus.FORBIDDEN.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(),
				Problems.of(HttpStatus.FORBIDDEN, "PERMISSION_DENIED", "Not allowed with these credentials"));
	}

}
