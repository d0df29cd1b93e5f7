package dev.sharedcontext.openapi;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import io.swagger.v3.core.util.AnnotationsUtils;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.GlobalOperationComponentsCustomizer;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * A request record bound with {@code @ModelAttribute} (the record an MCP tool reads too)
 * is, on the wire, one parameter per record component: a path variable where the mapping
 * has {@code {name}}, otherwise a query parameter named as the binder reads it
 * ({@link BindParam} or the component name). springdoc would show the whole record as one
 * query parameter; this replaces it by those parameters, each with the schema
 * swagger-core built for the component (its constraints, {@code @TrimmedLength} and
 * {@code @Schema(description)}), so the record stays the one source of the rules.
 */
final class RecordParameters implements GlobalOperationComponentsCustomizer {

	private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\{\\*?([^}:]+)");

	private final WireNames names;

	RecordParameters(WireNames names) {
		this.names = names;
	}

	@Override
	public Operation customize(Operation operation, HandlerMethod handler) {
		return operation;
	}

	@Override
	public Operation customize(Operation operation, Components components, HandlerMethod handler) {
		Set<String> variables = pathVariables(handler);
		for (MethodParameter parameter : handler.getMethodParameters()) {
			Class<?> type = parameter.getParameterType();
			if (!parameter.hasParameterAnnotation(ModelAttribute.class) || !type.isRecord()) {
				continue;
			}
			Schema<?> record = components.getSchemas().get(type.getSimpleName());
			if (record == null || operation.getParameters() == null) {
				throw new IllegalStateException("No schema for " + type.getName() + " bound by " + handler);
			}
			List<Parameter> expanded = new ArrayList<>();
			for (Parameter existing : operation.getParameters()) {
				if (isWholeRecord(existing, type)) {
					RecordComponent[] parts = type.getRecordComponents();
					java.lang.reflect.Parameter[] arguments = canonicalConstructor(type).getParameters();
					for (int i = 0; i < parts.length; i++) {
						expanded.add(parameter(record, parts[i], arguments[i], variables));
					}
				}
				else {
					expanded.add(existing);
				}
			}
			operation.setParameters(expanded);
		}
		return operation;
	}

	/**
	 * The parameter the binder fills from {@code component}; {@link BindParam} only
	 * reaches the canonical constructor's {@code argument}, where the binder reads it.
	 */
	private Parameter parameter(Schema<?> record, RecordComponent component, java.lang.reflect.Parameter argument,
			Set<String> variables) {
		BindParam bound = argument.getAnnotation(BindParam.class);
		String name = (bound != null) ? bound.value() : component.getName();
		String property = (this.names != null) ? this.names.translate(component.getName()) : component.getName();
		Schema<?> schema = (record.getProperties() != null) ? record.getProperties().get(property) : null;
		if (schema == null) {
			throw new IllegalStateException("No property " + property + " in the schema of " + component);
		}
		Schema<?> copy = WireTypes.parameterSchema(AnnotationsUtils.clone(schema, true));
		String description = copy.getDescription();
		copy.setDescription(null);
		boolean inPath = variables.contains(name);
		boolean required = inPath || (record.getRequired() != null && record.getRequired().contains(property));
		return new Parameter().name(name)
			.in(inPath ? "path" : "query")
			.required(required)
			.description(description)
			.schema(copy);
	}

	private static Constructor<?> canonicalConstructor(Class<?> type) {
		Class<?>[] types = Arrays.stream(type.getRecordComponents())
			.map(RecordComponent::getType)
			.toArray(Class<?>[]::new);
		try {
			return type.getDeclaredConstructor(types);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("A record without its canonical constructor: " + type, ex);
		}
	}

	private static boolean isWholeRecord(Parameter parameter, Class<?> type) {
		Schema<?> schema = parameter.getSchema();
		return "query".equals(parameter.getIn()) && schema != null && schema.get$ref() != null
				&& schema.get$ref().endsWith("/" + type.getSimpleName());
	}

	private static Set<String> pathVariables(HandlerMethod handler) {
		Set<String> variables = new LinkedHashSet<>();
		List<RequestMapping> mappings = new ArrayList<>();
		mappings.add(AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class));
		mappings.add(AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class));
		for (RequestMapping mapping : mappings) {
			if (mapping == null) {
				continue;
			}
			for (String path : mapping.path()) {
				Matcher matcher = VARIABLE.matcher(path);
				while (matcher.find()) {
					variables.add(matcher.group(1));
				}
			}
		}
		return variables;
	}

}
