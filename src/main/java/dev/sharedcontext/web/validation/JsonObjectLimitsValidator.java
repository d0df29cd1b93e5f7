package dev.sharedcontext.web.validation;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import tools.jackson.databind.json.JsonMapper;

class JsonObjectLimitsValidator implements ConstraintValidator<JsonObjectLimits, Object> {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private int maxBytes;

	private int maxDepth;

	@Override
	public void initialize(JsonObjectLimits annotation) {
		this.maxBytes = annotation.maxBytes();
		this.maxDepth = annotation.maxDepth();
	}

	@Override
	public boolean isValid(Object value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		if (depth(value) > this.maxDepth) {
			return false;
		}
		return MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length <= this.maxBytes;
	}

	/**
	 * Containers nested in {@code value}: a scalar is 0 deep, {@code {}} is 1,
	 * {@code {"a":[1]}} is 2.
	 */
	static int depth(Object value) {
		if (value instanceof Map<?, ?> map) {
			int deepest = 0;
			for (Object child : map.values()) {
				deepest = Math.max(deepest, depth(child));
			}
			return deepest + 1;
		}
		if (value instanceof Collection<?> list) {
			int deepest = 0;
			for (Object child : list) {
				deepest = Math.max(deepest, depth(child));
			}
			return deepest + 1;
		}
		return 0;
	}

}
