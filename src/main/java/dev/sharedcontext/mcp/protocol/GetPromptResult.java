package dev.sharedcontext.mcp.protocol;

import java.util.List;

/**
 * The result of {@code prompts/get}.
 *
 * @param description the prompt's description
 * @param messages the prompt's messages
 */
@McpJson
public record GetPromptResult(String description, List<Message> messages) {

	/**
	 * @param role {@code user} or {@code assistant}
	 * @param content the message's text
	 */
	@McpJson
	public record Message(String role, TextContent content) {

	}

}
