package dev.sharedcontext.mcp.tool;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.CustomPropertyDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.sharedcontext.web.JsonNames;
import dev.sharedcontext.web.validation.JsonObjectLimits;
import dev.sharedcontext.web.validation.TrimmedLength;

/**
 * Generates the JSON Schemas (draft 2020-12) of tool arguments and results from the
 * records that carry them, so a limit is written once, as a Bean Validation constraint on
 * the record, and the schema cannot drift from it. Names are snake_case as on the wire;
 * enums list their JSON values; descriptions come from {@link Schema#description()} on
 * the record components, the same source as the OpenAPI document. The dialect is the MCP
 * default, so no {@code $schema} keyword is spent on it.
 */
public final class ToolSchemas {

	/**
	 * Properties whose name, type and constraints say all an agent needs; their
	 * descriptions are left out of the tool schemas (not of the OpenAPI document).
	 */
	private static final Set<String> SELF_EXPLANATORY = Set.of("session_id", "key", "content", "limit", "offset",
			"message_limit", "message_id", "visibility", "visibility_filter", "search_scope", "search_metadata",
			"overwrite", "active_only", "timeout_seconds", "current_token", "fuzzy_threshold", "start_time", "end_time",
			"parent_message_id", "prefix");

	/** "(default 50)" in a description. */
	private static final java.util.regex.Pattern DEFAULT = java.util.regex.Pattern.compile("\\(default ([^),]+)\\)");

	private final SchemaGenerator inputs;

	private final JsonMapper json;

	public ToolSchemas(JsonMapper json) {
		this.json = json;
		this.inputs = new SchemaGenerator(config(json, false).build());
	}

	/**
	 * The schema of a tool's arguments: every component of the records a property,
	 * required when {@code @NotNull}, no other properties allowed.
	 */
	public ObjectNode input(List<Class<?>> records) {
		ObjectNode schema = null;
		for (Class<?> record : records) {
			ObjectNode part = this.inputs.generateSchema(record);
			if (!part.has("properties")) {
				part.putObject("properties");
			}
			if (schema == null) {
				schema = part;
				continue;
			}
			((ObjectNode) schema.get("properties")).setAll((ObjectNode) part.get("properties"));
			if (part.has("required")) {
				ArrayNode required = schema.has("required") ? (ArrayNode) schema.get("required")
						: schema.putArray("required");
				required.addAll((ArrayNode) part.get("required"));
			}
		}
		compact(schema);
		schema.put("additionalProperties", false);
		return schema;
	}

	/**
	 * The schema of a tool's {@code structuredContent}: the result record's top-level
	 * properties with their types only, plus the {@code success: true} that every
	 * successful result starts with. Nested records are {@code {"type":"object"}}, lists
	 * {@code {"type":"array"}}: the structure is what a client validates, and the nested
	 * shapes are the resources' and the REST API's to document. A property is nullable
	 * only when its component says {@link Nullable}.
	 */
	public ObjectNode output(Class<?> record) {
		SchemaGeneratorConfigBuilder builder = config(this.json, true);
		// only the top level is published: nested records need not be generated
		builder.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
			if (type.getErasedType().isRecord() && type.getErasedType() != record) {
				return new CustomDefinition(this.json.createObjectNode().put("type", "object"),
						CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
			}
			return null;
		});
		ObjectNode generated = new SchemaGenerator(builder.build()).generateSchema(record);
		ObjectNode schema = generated.objectNode().put("type", "object");
		ObjectNode properties = schema.putObject("properties");
		properties.putObject("success").put("type", "boolean");
		if (generated.has("properties")) {
			for (RecordComponent component : record.getRecordComponents()) {
				String name = JsonNames.snakeCase(component.getName());
				JsonNode type = generated.get("properties").path(name).get("type");
				ObjectNode property = properties.putObject(name);
				if (type == null) {
					continue;
				}
				if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
					property.putArray("type").add(type.asString()).add("null");
				}
				else {
					property.set("type", type);
				}
			}
		}
		schema.putArray("required").add("success");
		return schema;
	}

	/**
	 * Leaves out what {@code tools/list} need not spend tokens on: {@code type} next to
	 * an {@code enum} (the values say it), the description an array repeats on its items,
	 * and descriptions of the properties whose name and constraints already say
	 * everything; a "(default x)" becomes the {@code default} keyword. The OpenAPI
	 * document keeps the full descriptions.
	 */
	private static void compact(ObjectNode schema) {
		ObjectNode properties = (ObjectNode) schema.get("properties");
		for (String name : List.copyOf(properties.propertyNames())) {
			ObjectNode property = (ObjectNode) properties.get(name);
			if (property.has("enum")) {
				property.remove("type");
			}
			if (property.get("items") instanceof ObjectNode items) {
				items.remove("description");
				if (items.has("enum")) {
					items.remove("type");
				}
			}
			String description = property.path("description").asString(null);
			if (description == null) {
				continue;
			}
			Matcher fallback = DEFAULT.matcher(description);
			if (fallback.find()) {
				property.set("default", defaultValue(property, fallback.group(1)));
				description = (description.substring(0, fallback.start()) + description.substring(fallback.end()))
					.strip();
			}
			if (description.isEmpty() || SELF_EXPLANATORY.contains(name)) {
				property.remove("description");
			}
			else {
				property.put("description", description);
			}
		}
	}

	private static JsonNode defaultValue(ObjectNode property, String text) {
		String type = property.path("type").asString("");
		return switch (type) {
			case "integer" -> JsonNodeFactory.instance.numberNode(Long.parseLong(text));
			case "number" -> JsonNodeFactory.instance.numberNode(Double.parseDouble(text));
			case "boolean" -> JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text));
			default -> JsonNodeFactory.instance.stringNode(text);
		};
	}

	private static SchemaGeneratorConfigBuilder config(JsonMapper json, boolean output) {
		SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(json, SchemaVersion.DRAFT_2020_12,
				OptionPreset.PLAIN_JSON)
			.with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED))
			.with(Option.ADDITIONAL_FIXED_TYPES)
			.without(Option.SCHEMA_VERSION_INDICATOR);
		if (!output) {
			builder.with(Option.STANDARD_FORMATS);
		}
		// declaration order: a record lists its most important components first
		builder.forTypesInGeneral().withPropertySorter((a, b) -> 0);
		builder.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
			if (JsonNode.class.isAssignableFrom(type.getErasedType())) {
				return new CustomDefinition(json.createObjectNode(), CustomDefinition.DefinitionType.INLINE,
						CustomDefinition.AttributeInclusion.YES);
			}
			if (type.getErasedType().isEnum()) {
				ObjectNode node = json.createObjectNode().put("type", "string");
				if (output) {
					// a result's tier or scope is one the caller asked for or may read;
					// the
					// list of values is in the input schemas
					return new CustomDefinition(node, CustomDefinition.DefinitionType.INLINE,
							CustomDefinition.AttributeInclusion.YES);
				}
				ArrayNode values = node.putArray("enum");
				Arrays.stream(type.getErasedType().getEnumConstants())
					.forEach((constant) -> values.add(json.valueToTree(constant).asString()));
				return new CustomDefinition(node, CustomDefinition.DefinitionType.INLINE,
						CustomDefinition.AttributeInclusion.YES);
			}
			return null;
		});
		var fields = builder.forFields();
		fields.withPropertyNameOverrideResolver((field) -> JsonNames.snakeCase(field.getDeclaredName()));
		fields.withCustomDefinitionProvider((field, context) -> {
			if (field.getAnnotation(JsonRawValue.class) != null) {
				// stored JSON passed through as it is: any JSON value
				return new CustomPropertyDefinition(json.createObjectNode());
			}
			return null;
		});
		if (!output) {
			fields.withDescriptionResolver(ToolSchemas::description);
			fields.withStringFormatResolver((field) -> {
				Schema schema = field.getAnnotation(Schema.class);
				return (schema != null && !schema.format().isEmpty()) ? schema.format() : null;
			});
		}
		fields.withStringMinLengthResolver((field) -> {
			TrimmedLength length = field.getAnnotation(TrimmedLength.class);
			return (length != null) ? length.min() : null;
		});
		fields.withStringMaxLengthResolver((field) -> {
			TrimmedLength length = field.getAnnotation(TrimmedLength.class);
			return (length != null) ? length.max() : null;
		});
		fields.withStringPatternResolver((field) -> {
			Pattern pattern = field.getAnnotation(Pattern.class);
			return (pattern != null) ? anchored(pattern.regexp()) : null;
		});
		return builder;
	}

	/**
	 * Bean Validation matches a {@code @Pattern} against the whole value, JSON Schema
	 * searches in it: anchor it, once.
	 */
	static String anchored(String regexp) {
		if (regexp.startsWith("^") && regexp.endsWith("$")) {
			return regexp;
		}
		return regexp.contains("|") ? "^(?:" + regexp + ")$" : "^" + regexp + "$";
	}

	private static String description(FieldScope field) {
		Schema schema = field.getAnnotation(Schema.class);
		String text = (schema != null && !schema.description().isEmpty()) ? schema.description() : null;
		JsonObjectLimits limits = field.getAnnotation(JsonObjectLimits.class);
		if (limits != null) {
			String limit = "JSON object, at most " + (limits.maxBytes() / 1024) + " KiB, " + limits.maxDepth()
					+ " levels deep";
			return (text != null) ? text + " (" + limit + ")" : limit;
		}
		return text;
	}

}
