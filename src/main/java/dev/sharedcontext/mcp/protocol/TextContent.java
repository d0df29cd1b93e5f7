package dev.sharedcontext.mcp.protocol;

/**
 * Text content of a tool result or a prompt message.
 *
 * @param type always {@code "text"}
 * @param text the text
 */
@McpJson
public record TextContent(String type, String text) {

	public static TextContent of(String text) {
		return new TextContent("text", text);
	}

}
