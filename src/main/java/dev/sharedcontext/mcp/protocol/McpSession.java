package dev.sharedcontext.mcp.protocol;

import java.time.Instant;

/**
 * One MCP session (not to be confused with a shared-context session): what
 * {@code initialize} negotiated.
 *
 * @param id the {@code Mcp-Session-Id}
 * @param protocolVersion the negotiated revision
 * @param logLevel the minimum level of log notifications the client asked for
 * @param lastSeenAt last request time (updated lazily)
 */
public record McpSession(String id, String protocolVersion, String logLevel, Instant lastSeenAt) {

}
