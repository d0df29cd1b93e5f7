package dev.sharedcontext.mcp.protocol;

import dev.sharedcontext.auth.AgentPrincipal;

/**
 * What a method handler knows about the request it serves.
 *
 * @param session the MCP session ({@code null} only while handling {@code initialize})
 * @param headerPrincipal the agent of the request's {@code Authorization: Bearer} token,
 * or {@code null}
 * @param protocolVersion the revision in force for this request
 */
public record McpContext(McpSession session, AgentPrincipal headerPrincipal, String protocolVersion) {

}
