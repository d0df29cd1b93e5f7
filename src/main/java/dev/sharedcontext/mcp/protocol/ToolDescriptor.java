package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.node.ObjectNode;

/**
 * One tool as {@code tools/list} describes it.
 *
 * @param name the name a {@code tools/call} uses
 * @param title display name (optional)
 * @param description what it does, for an LLM reader
 * @param inputSchema JSON Schema of the arguments
 * @param outputSchema JSON Schema of {@code structuredContent} (optional)
 * @param annotations behaviour hints (optional)
 */
@McpJson
public record ToolDescriptor(String name, String title, String description, ObjectNode inputSchema,
		ObjectNode outputSchema, ToolAnnotations annotations) {

}
