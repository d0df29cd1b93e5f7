package dev.sharedcontext.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Spring Boot's {@code BasicErrorController}, whose bodies (a timestamp, a
 * status of 999 for a direct request, HTML for a browser) follow no contract. Every error
 * that reaches the application without a body (a {@code sendError} from a filter or the
 * container) is rendered here as a problem, or as a JSON-RPC error on {@code /mcp},
 * whatever the request's {@code Accept}. Asked for directly, {@code /error} is a resource
 * that does not exist.
 */
@Controller
class ProblemErrorController implements ErrorController {

	private final JsonMapper json;

	ProblemErrorController(JsonMapper json) {
		this.json = json;
	}

	@RequestMapping("/error")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatusCode status;
		String path;
		String detail;
		if (statusAttribute instanceof Integer value && value >= 400) {
			status = HttpStatusCode.valueOf(value);
			path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
			detail = (value == HttpStatus.NOT_FOUND.value() && path != null)
					? Problems.noEndpoint(request.getMethod(), path) : Problems.describe(status);
		}
		else {
			status = HttpStatus.NOT_FOUND;
			path = request.getRequestURI();
			detail = Problems.noEndpoint(request.getMethod(), path);
		}
		ErrorResponses.Body body = ErrorResponses.of(this.json, path, status, Problems.codeFor(status), detail,
				ErrorResponses.rpcCode(status));
		response.setStatus(status.value());
		response.setContentType(body.contentType());
		response.getOutputStream().write(body.text().getBytes(StandardCharsets.UTF_8));
	}

}
