package dev.sharedcontext.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * Input that passed the shape checks but breaks a rule (for example a parent message in
 * another session).
 */
public class InvalidInputException extends ApiException {

	private final List<FieldError> errors;

	public InvalidInputException(String message) {
		this("INVALID_INPUT", message, List.of());
	}

	public InvalidInputException(String code, String message, List<FieldError> errors) {
		super(HttpStatus.BAD_REQUEST, code, message);
		this.errors = List.copyOf(errors);
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	/** One rejected field: its name as the client sent it and why. */
	public record FieldError(String field, String message) {
	}

}
