package dev.sharedcontext.mcp.tool;

import java.util.Arrays;
import java.util.List;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
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
		schema.put("additionalProperties", false);
		return schema;
	}

	/**
	 * The schema of a tool's {@code structuredContent}: the result record plus the
	 * {@code success: true} that every successful result starts with.
	 */
	public ObjectNode output(Class<?> record) {
		SchemaGeneratorConfigBuilder builder = config(this.json, true).with(Option.NULLABLE_FIELDS_BY_DEFAULT);
		// nested records are described by their own tools' and resources' documentation;
		// spelling them out in every outputSchema would triple what tools/list costs an
		// agent
		builder.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
			if (type.getErasedType().isRecord() && type.getErasedType() != record) {
				return new CustomDefinition(this.json.createObjectNode().put("type", "object"),
						CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.YES);
			}
			return null;
		});
		ObjectNode schema = new SchemaGenerator(builder.build()).generateSchema(record);
		ObjectNode properties = (ObjectNode) schema.get("properties");
		ObjectNode withSuccess = schema.objectNode();
		withSuccess.putObject("success").put("type", "boolean");
		if (properties != null) {
			withSuccess.setAll(properties);
		}
		schema.set("properties", withSuccess);
		ArrayNode required = schema.has("required") ? (ArrayNode) schema.get("required") : schema.putArray("required");
		required.insert(0, "success");
		return schema;
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
