package dev.sharedcontext.web;

import java.net.URI;
import java.util.Collection;
import java.util.List;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 problem bodies every error response uses: a title from the status,
 * a human {@code detail}, a stable machine {@code code} and the {@code request_id} the
 * log also has. The {@code detail} is always a sentence for a person (never an exception
 * or class name): the sentences for failures that have no more specific message are here,
 * so the exception handler, {@code /error} and the container's error valve say the same
 * thing.
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

	/** The detail of a 404 for a path nothing is mapped to. */
	public static String noEndpoint(String method, String path) {
		return "No endpoint " + method + " " + path + ".";
	}

	/**
	 * The detail of a 405.
	 * @param allowed the methods the path does support, as in the {@code Allow} header
	 */
	public static String methodNotSupported(String method, Collection<String> allowed) {
		String sentence = "Method " + method + " is not supported here";
		return allowed.isEmpty() ? sentence + "."
				: sentence + "; use " + either(allowed.stream().sorted().toList()) + ".";
	}

	/**
	 * The detail of a 415.
	 * @param contentType the request's {@code Content-Type}, or {@code null} when it sent
	 * none
	 */
	public static String contentTypeNotSupported(String contentType) {
		return (contentType != null) ? "Content-Type " + contentType + " is not supported; send application/json."
				: "The request body has no Content-Type; send application/json.";
	}

	/** A sentence for a failure with this status when nothing more specific is known. */
	public static String describe(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> "The request could not be accepted.";
			case 401 -> "Authentication required.";
			case 403 -> "Not allowed with these credentials.";
			case 404 -> "No such resource.";
			case 405 -> "This method is not supported here.";
			case 406 ->
				"The response would be JSON, which the request's Accept header rules out; accept application/json.";
			case 408 -> "The request took too long to arrive.";
			case 409 -> "The request conflicts with the current state.";
			case 413 -> "The request is too large.";
			case 415 -> "The request's Content-Type is not supported; send application/json.";
			case 429 -> "Too many requests; retry later.";
			case 503 -> "The server is temporarily unavailable; retry later.";
			default -> status.is5xxServerError()
					? "The server could not complete the request; quote the request_id when reporting it."
					: "The request failed with status " + status.value() + ".";
		};
	}

	private static String either(List<String> options) {
		if (options.size() == 1) {
			return options.get(0);
		}
		return String.join(", ", options.subList(0, options.size() - 1)) + " or " + options.get(options.size() - 1);
	}

}
