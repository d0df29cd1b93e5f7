package dev.sharedcontext.web;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failure of the REST API as {@code application/problem+json} with a stable
 * {@code code}. Nothing internal reaches the client: unexpected exceptions become a 500
 * with the request id, and the stack trace goes to the log under that id.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> handleApiException(ApiException ex) {
		ProblemDetail problem = Problems.of(ex.status(), ex.code(), ex.getMessage());
		if (!ex.suggestions().isEmpty()) {
			problem.setProperty("suggestions", ex.suggestions());
		}
		if (ex instanceof InvalidInputException invalid && !invalid.errors().isEmpty()) {
			problem.setProperty("errors", invalid.errors());
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
		if (ex instanceof RetryableException retryable) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryable.retryAfterSeconds()));
			problem.setProperty("retry_after", retryable.retryAfterSeconds());
		}
		return response.body(problem);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
		return handleApiException(
				new InvalidInputException("INVALID_INPUT", "Parameter '" + ex.getName() + "' has the wrong type",
						List.of(new InvalidInputException.FieldError(ex.getName(), "wrong type"))));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
		log.error("Unhandled error in request {}", RequestContext.requestId(), ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
					"The server could not complete the request; quote the request_id when reporting it"));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest().body(handleApiException(Violations.of(ex.getBindingResult())).getBody());
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest()
			.body(handleApiException(Violations.of(ex.getParameterValidationResults())).getBody());
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (cause(ex, RequestTooLargeException.class) != null) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", RequestBodyFilter.TOO_LARGE));
		}
		MalformedBodyException malformed = cause(ex, MalformedBodyException.class);
		if (malformed != null) {
			return ResponseEntity.badRequest()
				.body(Problems.of(HttpStatus.BAD_REQUEST, "INVALID_INPUT", malformed.getMessage()));
		}
		String detail = UnreadableBodies.describe(ex);
		return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "INVALID_INPUT", detail));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemDetail problem = (body instanceof ProblemDetail detail) ? detail
				: Problems.of(statusCode, Problems.codeFor(statusCode), describe(ex, statusCode, request));
		if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
			problem.setProperty("code", Problems.codeFor(statusCode));
			if (RequestContext.requestId() != null) {
				problem.setProperty("request_id", RequestContext.requestId());
			}
		}
		return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
	}

	/**
	 * The detail of one of Spring MVC's own failures, which reach
	 * {@link #handleExceptionInternal} without a body: a sentence that says what to do
	 * differently, never the exception's name. Spring's own detail is used for the other
	 * client errors (it names the parameter, not the value); server errors get the
	 * generic sentence.
	 */
	private String describe(Exception ex, HttpStatusCode status, WebRequest request) {
		HttpServletRequest servlet = (request instanceof ServletWebRequest web) ? web.getRequest() : null;
		if ((ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) && servlet != null) {
			return Problems.noEndpoint(servlet.getMethod(), servlet.getRequestURI());
		}
		if (ex instanceof HttpRequestMethodNotSupportedException unsupported) {
			Set<HttpMethod> allowed = unsupported.getSupportedHttpMethods();
			return Problems.methodNotSupported(unsupported.getMethod(),
					(allowed != null) ? allowed.stream().map(HttpMethod::name).toList() : List.of());
		}
		if (ex instanceof HttpMediaTypeNotSupportedException) {
			String contentType = (servlet != null) ? servlet.getContentType() : null;
			return Problems.contentTypeNotSupported(contentType);
		}
		if (ex instanceof ErrorResponse response && status.is4xxClientError()
				&& !(ex instanceof HttpMediaTypeNotAcceptableException)) {
			String detail = response.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale()).getDetail();
			if (detail != null && !detail.isBlank()) {
				return detail;
			}
		}
		return Problems.describe(status);
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
