package dev.sharedcontext.mcp.protocol;

import java.util.List;

import dev.sharedcontext.mcp.protocol.InitializeResult.ServerCapabilities;

/**
 * The result of {@code server/discover} (MCP 2026-07-28): what a stateless client needs
 * before its first call. The server's identity is not a member: like on every 2026 result
 * it travels in {@code _meta}, added with {@code resultType} and the caching hints by the
 * dispatcher.
 *
 * @param supportedVersions every revision served, newest first (both eras)
 * @param capabilities what the server offers to stateless clients
 * @param instructions how an agent should use the server, for its system prompt
 */
@McpJson
public record DiscoverResult(List<String> supportedVersions, ServerCapabilities capabilities, String instructions) {

}
