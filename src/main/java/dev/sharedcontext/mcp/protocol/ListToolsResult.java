package dev.sharedcontext.mcp.protocol;

import java.util.List;

/**
 * The result of {@code tools/list} (one page: every tool fits).
 *
 * @param tools the tools
 */
@McpJson
public record ListToolsResult(List<ToolDescriptor> tools) {

}
