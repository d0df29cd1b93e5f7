package dev.sharedcontext.mcp.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * The result of {@code tools/call}. A tool's own failure is a result with
 * {@code isError: true}, not a JSON-RPC error, so that the model sees it.
 *
 * @param content the result as text (the structured content serialized, for clients that
 * read only text)
 * @param structuredContent the result as JSON
 * @param isError whether the tool failed
 */
@McpJson
public record CallToolResult(List<TextContent> content, JsonNode structuredContent,
		@JsonProperty("isError") boolean isError) {

}
