package dev.sharedcontext.mcp.protocol;

import java.util.List;

/**
 * One prompt of {@code prompts/list}.
 *
 * @param name the name a {@code prompts/get} uses
 * @param title display name
 * @param description what it is for
 * @param arguments what it takes
 */
@McpJson
public record Prompt(String name, String title, String description, List<Argument> arguments) {

	/**
	 * @param name the argument's name
	 * @param description what to pass
	 * @param required whether the prompt needs it
	 */
	@McpJson
	public record Argument(String name, String description, boolean required) {

	}

}
