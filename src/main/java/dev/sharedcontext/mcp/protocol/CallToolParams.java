package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The params of {@code tools/call}.
 *
 * @param name the tool
 * @param arguments as sent ({@code null} when absent); see {@link #argumentsObject()},
 * checked only once the tool is known so that an unknown tool is reported as such
 */
@McpJson
public record CallToolParams(String name, JsonNode arguments) {

	public CallToolParams {
		if (name == null) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params.name must name a tool");
		}
	}

	/**
	 * @throws JsonRpc.Fault {@code -32602} unless {@code name} is a string
	 */
	public static CallToolParams from(JsonNode params) {
		JsonNode name = params.get("name");
		return new CallToolParams((name != null && name.isString()) ? name.asString() : null, params.get("arguments"));
	}

	/**
	 * A copy of the arguments (the tool may change it); an empty object when absent or
	 * {@code null}.
	 * @throws JsonRpc.Fault {@code -32602} when they are not an object
	 */
	public ObjectNode argumentsObject() {
		if (this.arguments == null || this.arguments.isNull()) {
			return JsonNodeFactory.instance.objectNode();
		}
		if (this.arguments instanceof ObjectNode object) {
			return object.deepCopy();
		}
		throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "params.arguments must be an object");
	}

}
