package dev.sharedcontext.mcp.tool;

import tools.jackson.databind.node.ObjectNode;

/**
 * One MCP tool. Implementations parse their arguments into the same request records REST uses, call the same
 * service, and return a JSON-serializable result (becomes {@code structuredContent} and the text content).
 * Failures are thrown as {@link dev.sharedcontext.web.ApiException}s and become {@code isError} results.
 */
public interface McpTool {

	String name();

	/** What the tool does, when to use it and its limits, written for an LLM reader. */
	String description();

	/** JSON Schema of the arguments, with the same limits as the REST API. */
	ObjectNode inputSchema();

	/** Whether the tool only reads (the {@code readOnlyHint} annotation). */
	default boolean readOnly() {
		return false;
	}

	Object call(ToolCall call);

}
