package dev.sharedcontext.mcp.protocol;

/**
 * One template of {@code resources/templates/list}.
 *
 * @param uriTemplate an RFC 6570 URI template
 * @param name programmatic name
 * @param title display name
 * @param description what its resources hold
 * @param mimeType of their contents
 */
@McpJson
public record ResourceTemplate(String uriTemplate, String name, String title, String description, String mimeType) {

}
