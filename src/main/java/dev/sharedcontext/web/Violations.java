package dev.sharedcontext.web;

import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;

import org.springframework.beans.TypeMismatchException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;

import dev.sharedcontext.web.validation.JsonObjectLimits;
import dev.sharedcontext.web.validation.TrimmedLength;

/**
 * The one translation of Bean Validation failures into our error codes, for REST (a
 * {@link BindingResult}) and MCP (the violations of a tool's arguments) alike: a text or
 * JSON object over its size limit is {@code CONTENT_TOO_LARGE} (a blank text is not "too
 * large"), anything else {@code INVALID_INPUT}. Fields are named as the client sent them
 * (snake_case).
 */
public final class Violations {

	/** Constraints whose failure means "too big". */
	private static final Set<Class<? extends Annotation>> SIZE_CONSTRAINTS = Set.of(TrimmedLength.class,
			JsonObjectLimits.class);

	private static final String WRONG_TYPE = "has the wrong type";

	private Violations() {
	}

	/** The violations of a record checked by a {@code Validator}. */
	public static InvalidInputException of(Collection<? extends ConstraintViolation<?>> violations) {
		List<InvalidInputException.FieldError> errors = violations.stream()
			.map((v) -> new InvalidInputException.FieldError(JsonNames.snakeCase(v.getPropertyPath().toString()),
					v.getMessage()))
			.toList();
		boolean tooLarge = violations.stream().anyMatch(Violations::tooLarge);
		return invalid(tooLarge, errors);
	}

	/**
	 * The errors of a bound request: constraint violations, and values that could not be
	 * converted to the field's type.
	 */
	public static InvalidInputException of(BindingResult result) {
		List<InvalidInputException.FieldError> errors = result.getFieldErrors()
			.stream()
			.map((error) -> (converterRefusal(error) != null) ? converterRefusal(error)
					: new InvalidInputException.FieldError(JsonNames.snakeCase(error.getField()),
							error.isBindingFailure() ? WRONG_TYPE : message(error)))
			.toList();
		boolean tooLarge = result.getFieldErrors()
			.stream()
			.anyMatch((error) -> !error.isBindingFailure() && error.contains(ConstraintViolation.class)
					&& tooLarge(error.unwrap(ConstraintViolation.class)));
		return invalid(tooLarge, errors);
	}

	/**
	 * The violations of a controller method's parameters (path variables, query
	 * parameters).
	 */
	public static InvalidInputException of(List<ParameterValidationResult> results) {
		List<InvalidInputException.FieldError> errors = results.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new InvalidInputException.FieldError(result.getMethodParameter().getParameterName(),
						(error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid")))
			.toList();
		// a query parameter over its length limit has always been INVALID_INPUT
		// (SearchTests)
		return invalid(false, errors);
	}

	private static boolean tooLarge(ConstraintViolation<?> violation) {
		Class<? extends Annotation> constraint = violation.getConstraintDescriptor().getAnnotation().annotationType();
		return SIZE_CONSTRAINTS.contains(constraint)
				&& !(violation.getInvalidValue() instanceof String text && text.isBlank());
	}

	private static InvalidInputException invalid(boolean tooLarge, List<InvalidInputException.FieldError> errors) {
		List<InvalidInputException.FieldError> sorted = errors.stream()
			.sorted(Comparator.comparing(InvalidInputException.FieldError::field))
			.toList();
		String detail = sorted.isEmpty() ? "Invalid input"
				: String.join("; ", sorted.stream().map((e) -> e.field() + " " + e.message()).toList());
		return new InvalidInputException(tooLarge ? "CONTENT_TOO_LARGE" : "INVALID_INPUT", detail, sorted);
	}

	private static String message(FieldError error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	/**
	 * The error a converter gave for a query parameter it could not read (e.g. an unknown
	 * tier): it names the parameter as the client wrote it and says what is allowed, so
	 * it is kept rather than replaced by "has the wrong type".
	 */
	private static InvalidInputException.FieldError converterRefusal(FieldError error) {
		if (!error.isBindingFailure() || !error.contains(TypeMismatchException.class)) {
			return null;
		}
		for (Throwable cause = error.unwrap(TypeMismatchException.class); cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidInputException invalid && !invalid.errors().isEmpty()) {
				return invalid.errors().get(0);
			}
		}
		return null;
	}

}
