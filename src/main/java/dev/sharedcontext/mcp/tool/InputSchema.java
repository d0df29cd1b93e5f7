package dev.sharedcontext.mcp.tool;

import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Small builders for the JSON Schemas of tool arguments. */
public final class InputSchema {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final ObjectNode schema = NODES.objectNode();

	private final ObjectNode properties;

	private final ArrayNode required;

	private InputSchema() {
		this.schema.put("type", "object");
		this.properties = this.schema.putObject("properties");
		this.required = NODES.arrayNode();
	}

	public static InputSchema object() {
		return new InputSchema();
	}

	public InputSchema required(String name, ObjectNode property) {
		this.properties.set(name, property);
		this.required.add(name);
		return this;
	}

	public InputSchema optional(String name, ObjectNode property) {
		this.properties.set(name, property);
		return this;
	}

	/** Adds the {@code auth_token} argument of tools that act as an agent. */
	public InputSchema withAuthToken() {
		return optional(ToolCall.AUTH_TOKEN, string("Token from authenticate_agent. Optional when the MCP connection "
				+ "already sends 'Authorization: Bearer <token>'.")
			.put("maxLength", 4096));
	}

	public ObjectNode build() {
		if (!this.required.isEmpty()) {
			this.schema.set("required", this.required);
		}
		this.schema.put("additionalProperties", false);
		return this.schema;
	}

	public static ObjectNode string(String description) {
		return NODES.objectNode().put("type", "string").put("description", description);
	}

	public static ObjectNode string(String description, int minLength, int maxLength) {
		return string(description).put("minLength", minLength).put("maxLength", maxLength);
	}

	public static ObjectNode integer(String description, long minimum, long maximum) {
		return NODES.objectNode()
			.put("type", "integer")
			.put("description", description)
			.put("minimum", minimum)
			.put("maximum", maximum);
	}

	public static ObjectNode number(String description, double minimum, double maximum) {
		return NODES.objectNode()
			.put("type", "number")
			.put("description", description)
			.put("minimum", minimum)
			.put("maximum", maximum);
	}

	public static ObjectNode bool(String description) {
		return NODES.objectNode().put("type", "boolean").put("description", description);
	}

	public static ObjectNode enumeration(String description, List<String> values) {
		ObjectNode node = string(description);
		ArrayNode array = node.putArray("enum");
		values.forEach(array::add);
		return node;
	}

	public static ObjectNode jsonObject(String description) {
		return NODES.objectNode().put("type", "object").put("description", description);
	}

	public static ObjectNode anyJson(String description) {
		return NODES.objectNode().put("description", description);
	}

	public static ObjectNode stringArray(String description, List<String> values) {
		ObjectNode node = NODES.objectNode().put("type", "array").put("description", description);
		ArrayNode items = node.putObject("items").put("type", "string").putArray("enum");
		values.forEach(items::add);
		node.put("uniqueItems", true);
		return node;
	}

}
