package dev.sharedcontext.web.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

class TrimmedLengthValidator implements ConstraintValidator<TrimmedLength, String> {

	private int min;

	private int max;

	@Override
	public void initialize(TrimmedLength annotation) {
		this.min = annotation.min();
		this.max = annotation.max();
	}

	@Override
	public boolean isValid(String value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		int length = value.strip().length();
		return length >= this.min && length <= this.max;
	}

}
