package dev.sharedcontext.mcp.protocol;

/**
 * Who is at the other end: {@code serverInfo} in our {@code initialize} result,
 * {@code clientInfo} in the client's params.
 *
 * @param name programmatic name
 * @param title display name (optional)
 * @param version the implementation's version
 */
@McpJson
public record Implementation(String name, String title, String version) {

}
