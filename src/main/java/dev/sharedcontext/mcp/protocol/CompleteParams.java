package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;

/**
 * The params of {@code completion/complete} that the server reads (the reference is not:
 * the only completable argument, {@code session_id}, means the same in the session
 * template and in the prompts).
 *
 * @param argument the argument being completed
 */
@McpJson
public record CompleteParams(Argument argument) {

	/** Reads the params leniently: what is missing or unreadable is empty. */
	public static CompleteParams from(JsonNode params) {
		JsonNode argument = params.path("argument");
		return new CompleteParams(
				new Argument(argument.path("name").asString(""), argument.path("value").asString("")));
	}

	/**
	 * @param name the argument's name
	 * @param value what the user has typed so far
	 */
	@McpJson
	public record Argument(String name, String value) {

	}

}
