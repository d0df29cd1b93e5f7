package dev.sharedcontext.mcp.protocol;

/**
 * Hints about a tool's behaviour for clients (untrusted by them, advisory). A hint left
 * {@code null} is not sent, and the client assumes the spec's default.
 *
 * @param title display name (optional)
 * @param readOnlyHint the tool changes nothing
 * @param destructiveHint a change may delete or overwrite (meaningful when not read-only)
 * @param idempotentHint calling it again with the same arguments changes nothing more
 * @param openWorldHint it reaches beyond this server
 */
@McpJson
public record ToolAnnotations(String title, Boolean readOnlyHint, Boolean destructiveHint, Boolean idempotentHint,
		Boolean openWorldHint) {

}
