package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;

/**
 * The params of {@code prompts/get}.
 *
 * @param name the prompt ({@code ""} when missing, which no prompt is called)
 * @param arguments as sent (a missing node when absent); each prompt checks its own, so
 * that a missing required one is reported by name
 */
@McpJson
public record GetPromptParams(String name, JsonNode arguments) {

	/** Reads the params; never fails (an unknown prompt is reported by the caller). */
	public static GetPromptParams from(JsonNode params) {
		return new GetPromptParams(params.path("name").asString(""), params.path("arguments"));
	}

}
