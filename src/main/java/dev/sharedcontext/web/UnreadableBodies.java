package dev.sharedcontext.web;

import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Explains why a request body could not be read without echoing it back: names the
 * unknown or mistyped field, never its value or the parser's internals.
 */
final class UnreadableBodies {

	private UnreadableBodies() {
	}

	static String describe(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return "Unknown field '" + unknown.getPropertyName() + "'";
		}
		if (cause instanceof StreamReadException) {
			return "Request body is not valid JSON";
		}
		if (cause instanceof JacksonException jackson) {
			String path = jackson.getPath()
				.stream()
				.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.reduce((a, b) -> a + "." + b)
				.orElse(null);
			return (path != null) ? "Field '" + path + "' has the wrong type or value"
					: "Request body has the wrong shape";
		}
		return "Request body is missing or unreadable";
	}

}
