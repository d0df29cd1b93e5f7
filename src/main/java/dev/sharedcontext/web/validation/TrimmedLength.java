package dev.sharedcontext.web.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The text, after trimming surrounding whitespace, has between {@link #min()} and
 * {@link #max()} characters (code points are not counted separately: a character is a
 * Java {@code char}, as in the Python original). {@code null} is left to
 * {@code @NotNull}.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Constraint(validatedBy = TrimmedLengthValidator.class)
public @interface TrimmedLength {

	int min() default 1;

	int max();

	String message() default "must be {min} to {max} characters after trimming";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
