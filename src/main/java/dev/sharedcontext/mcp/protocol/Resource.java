package dev.sharedcontext.mcp.protocol;

/**
 * One resource of {@code resources/list}.
 *
 * @param uri its URI
 * @param name programmatic name
 * @param title display name
 * @param description what it holds
 * @param mimeType of its contents
 */
@McpJson
public record Resource(String uri, String name, String title, String description, String mimeType) {

}
