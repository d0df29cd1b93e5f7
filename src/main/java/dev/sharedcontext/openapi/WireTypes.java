package dev.sharedcontext.openapi;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springdoc.core.customizers.ParameterCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import tools.jackson.databind.JsonNode;

import org.springframework.core.MethodParameter;

import dev.sharedcontext.web.validation.TrimmedLength;

/**
 * Types as the wire has them, where swagger-core's reading of the Java type differs:
 * <ul>
 * <li>a {@link JsonRawValue} string is JSON passed through as stored, not a string: any
 * JSON value, except {@code metadata}, which the API only ever accepts as an object;</li>
 * <li>a {@code Map<String, Object>} holds any JSON values, not objects;</li>
 * <li>a scalar reference type ({@code String}, boxed numbers, {@link Instant}) is written
 * as {@code null} when absent (the server writes absent values), unless
 * {@link NotNull};</li>
 * <li>{@link TrimmedLength} is the length limit of the text, shown as
 * {@code minLength}/{@code maxLength} (the server trims first).</li>
 * </ul>
 */
final class WireTypes implements PropertyCustomizer, ParameterCustomizer {

	private static final String MARK = "x-wire-type";

	/** What {@link #finish(Schema)} still has to do to a property. */
	private enum Mark {

		/** Any JSON value. */
		ANY,
		/** A JSON object or null. */
		OBJECT,
		/** Greater than zero, or null. */
		POSITIVE,
		/** Its type, or null. */
		NULLABLE

	}

	/** The name under which the API carries a caller's free-form JSON object. */
	static final String METADATA = "metadata";

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public Schema customize(Schema property, AnnotatedType type) {
		if (property == null || type == null) {
			return property;
		}
		Annotation[] annotations = (type.getCtxAnnotations() != null) ? type.getCtxAnnotations() : new Annotation[0];
		JavaType javaType = javaType(type);
		if (find(annotations, JsonRawValue.class) != null) {
			property.addExtension(MARK, (METADATA.equals(type.getPropertyName()) ? Mark.OBJECT : Mark.ANY).name());
			return property;
		}
		if (javaType != null && javaType.isMapLikeType() && javaType.getContentType().getRawClass() == Object.class) {
			property.setAdditionalProperties(Boolean.TRUE);
		}
		TrimmedLength length = find(annotations, TrimmedLength.class);
		if (length != null) {
			property.setMinLength(length.min());
			property.setMaxLength(length.max());
		}
		if (javaType != null && JsonNode.class.isAssignableFrom(javaType.getRawClass())) {
			property.addExtension(MARK, Mark.ANY.name());
		}
		else if (find(annotations, Positive.class) != null) {
			property.addExtension(MARK, Mark.POSITIVE.name());
		}
		else if (javaType != null && isNullableScalar(javaType.getRawClass())
				&& find(annotations, NotNull.class) == null) {
			property.addExtension(MARK, Mark.NULLABLE.name());
		}
		return property;
	}

	/** Any JSON value: a stored memory value, or raw JSON passed through. */
	static Schema<Object> anyJson() {
		return ApiDocument.typed("object", "array", "string", "number", "boolean", "null");
	}

	/**
	 * Applies the marks {@link #customize(Schema, AnnotatedType)} left on the properties
	 * of a component schema. springdoc rebuilds a property's {@code type} after the
	 * property customizers run, so the types are set once the document is complete.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static void finish(Schema<?> schema) {
		if (schema.getItems() != null) {
			// an element of a list is never null: the mark came from its Java type
			if (schema.getItems().getExtensions() != null) {
				schema.getItems().getExtensions().remove(MARK);
			}
			finish(schema.getItems());
		}
		Map<String, Schema> properties = (Map) schema.getProperties();
		if (properties == null) {
			return;
		}
		properties.replaceAll((name, property) -> {
			Object mark = (property.getExtensions() != null) ? property.getExtensions().remove(MARK) : null;
			finish(property);
			if (property.getExtensions() != null && property.getExtensions().isEmpty()) {
				property.setExtensions(null);
			}
			if (Mark.ANY.name().equals(mark)) {
				Schema<Object> any = anyJson().description(property.getDescription());
				if (schema.getRequired() != null && schema.getRequired().contains(name)) {
					any.getTypes().remove("null");
				}
				return any;
			}
			if (Mark.OBJECT.name().equals(mark)) {
				return ApiDocument.typed("object", "null")
					.additionalProperties(Boolean.TRUE)
					.description(property.getDescription());
			}
			if (Mark.POSITIVE.name().equals(mark)) {
				property.setMinimum(null);
				property.setExclusiveMinimumValue(BigDecimal.ZERO);
			}
			if (Mark.NULLABLE.name().equals(mark) || Mark.POSITIVE.name().equals(mark)) {
				Set<String> types = new LinkedHashSet<>(
						(property.getTypes() != null) ? property.getTypes() : Set.of(property.getType()));
				types.add("null");
				property.setTypes(types);
			}
			return property;
		});
	}

	/**
	 * A record component's schema used as a query or path parameter: a parameter is
	 * absent rather than {@code null}, so only the marks that say something about its
	 * value apply.
	 */
	static Schema<?> parameterSchema(Schema<?> property) {
		Object mark = (property.getExtensions() != null) ? property.getExtensions().remove(MARK) : null;
		if (property.getExtensions() != null && property.getExtensions().isEmpty()) {
			property.setExtensions(null);
		}
		if (Mark.POSITIVE.name().equals(mark)) {
			property.setMinimum(null);
			property.setExclusiveMinimumValue(BigDecimal.ZERO);
		}
		if (property.getTypes() != null && property.getTypes().size() > 1) {
			property.getTypes().remove("null");
		}
		return property;
	}

	@Override
	public Parameter customize(Parameter parameter, MethodParameter methodParameter) {
		if (parameter == null || parameter.getSchema() == null) {
			return parameter;
		}
		TrimmedLength length = methodParameter.getParameterAnnotation(TrimmedLength.class);
		if (length != null) {
			parameter.getSchema().setMinLength(length.min());
			parameter.getSchema().setMaxLength(length.max());
		}
		return parameter;
	}

	private static boolean isNullableScalar(Class<?> type) {
		return type == String.class || type == Instant.class || type == Long.class || type == Integer.class
				|| type == Double.class || type == Boolean.class;
	}

	private static JavaType javaType(AnnotatedType type) {
		if (type.getType() == null) {
			return null;
		}
		return (type.getType() instanceof JavaType javaType) ? javaType
				: Json31.mapper().getTypeFactory().constructType(type.getType());
	}

	private static <A extends Annotation> A find(Annotation[] annotations, Class<A> type) {
		for (Annotation annotation : annotations) {
			if (type.isInstance(annotation)) {
				return type.cast(annotation);
			}
		}
		return null;
	}

}
