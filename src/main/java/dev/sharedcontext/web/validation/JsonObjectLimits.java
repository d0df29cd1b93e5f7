package dev.sharedcontext.web.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A JSON value (maps, lists and scalars as Jackson reads them) serializes to at most
 * {@link #maxBytes()} UTF-8 bytes and nests at most {@link #maxDepth()} containers deep.
 * {@code null} is valid.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Constraint(validatedBy = JsonObjectLimitsValidator.class)
public @interface JsonObjectLimits {

	int maxBytes();

	int maxDepth() default 10;

	String message() default "must serialize to at most {maxBytes} bytes and nest at most {maxDepth} levels";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
