package dev.sharedcontext.mcp.protocol;

import java.util.List;

/**
 * The result of {@code resources/read}.
 *
 * @param contents the resource's contents
 */
@McpJson
public record ReadResourceResult(List<TextResourceContents> contents) {

	/**
	 * Text contents of a resource.
	 *
	 * @param uri the resource
	 * @param mimeType of {@code text}
	 * @param text the contents
	 */
	@McpJson
	public record TextResourceContents(String uri, String mimeType, String text) {

	}

}
