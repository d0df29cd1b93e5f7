package dev.sharedcontext.mcp.tool;

/**
 * One MCP tool: its {@link ToolDefinition}, fixed at construction, and {@link #call}.
 * Implementations read their arguments into the definition's input record (the one REST
 * binds too), call the same service, and return an instance of the definition's output
 * record (it becomes {@code structuredContent} and the text content). Failures are thrown
 * as {@link dev.sharedcontext.web.ApiException}s and become {@code isError} results.
 */
public abstract class McpTool {

	private final ToolDefinition definition;

	protected McpTool(ToolDefinition definition) {
		this.definition = definition;
	}

	public final ToolDefinition definition() {
		return this.definition;
	}

	public final String name() {
		return this.definition.name();
	}

	public abstract Object call(ToolCall call);

}
