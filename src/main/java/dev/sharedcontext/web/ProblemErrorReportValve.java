package dev.sharedcontext.web;

import java.io.IOException;
import java.io.Writer;
import java.util.Collections;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.slf4j.MDC;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Takes the place of Tomcat's HTML error page for failures the container answers on its
 * own, before any filter runs: an undecodable or non-normalisable path ({@code %2F},
 * {@code %00}, a lone {@code %}), an unparseable request line or header, headers over the
 * 8 KB limit. They get the same problem (or JSON-RPC error on {@code /mcp}) as any other
 * error, a request id, and an audit row ({@code request_rejected}); nothing from the
 * request but its method and path is recorded, never a header value.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

	/** Tomcat's message for oversized headers, in the locale it will use. */
	private static final String HEADER_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
		.getString("iib.requestheadertoolarge.error");

	private final JsonMapper json;

	private final RejectedRequests rejected;

	ProblemErrorReportValve(JsonMapper json, RejectedRequests rejected) {
		this.json = json;
		this.rejected = rejected;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// as Tomcat's own valve: leave successes, bodies already written and errors
		// already reported alone
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		boolean reachedApplication = request.getAttribute(RequestIdFilter.ATTRIBUTE) != null;
		String requestId = reachedApplication ? (String) request.getAttribute(RequestIdFilter.ATTRIBUTE)
				: UUID.randomUUID().toString();
		// unset when the request line itself could not be read
		String uri = request.getCoyoteRequest().requestURI().toString();
		String path = (uri != null) ? uri : "";
		// Tomcat says the same of a request line that overflows the buffer; only when the
		// path was read is it the headers (an overlong URL stays a plain 400)
		boolean headersTooLarge = throwable != null && HEADER_TOO_LARGE.equals(throwable.getMessage())
				&& !path.isEmpty();
		HttpStatusCode responseStatus = headersTooLarge ? HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
				: HttpStatusCode.valueOf(status);
		String code = headersTooLarge ? "HEADERS_TOO_LARGE" : Problems.codeFor(responseStatus);
		String detail = headersTooLarge ? "Request headers exceed the server's limit."
				: (status == 400) ? "Malformed request: the request line, path or a header could not be accepted."
						: Problems.describe(responseStatus);
		MDC.put(RequestContext.REQUEST_ID, requestId);
		MDC.put(RequestContext.REMOTE_ADDRESS, this.rejected.clientAddress(request.getRemoteAddr(),
				Collections.list(request.getHeaders(TrustedProxyFilter.FORWARDED_FOR))));
		try {
			if (!reachedApplication) {
				this.rejected.audit(request.getCoyoteRequest().method().toString(), path,
						headersTooLarge ? "headers_too_large" : "malformed_request", responseStatus.value());
			}
			ErrorResponses.Body body = ErrorResponses.of(this.json, path, responseStatus, code, detail,
					ErrorResponses.rpcCode(responseStatus));
			response.setStatus(responseStatus.value());
			response.setHeader(RequestIdFilter.HEADER, requestId);
			response.setContentType(body.contentType());
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body.text());
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response cannot take a body: nothing to tell
		}
		finally {
			MDC.remove(RequestContext.REQUEST_ID);
			MDC.remove(RequestContext.REMOTE_ADDRESS);
		}
	}

}
