package dev.sharedcontext.mcp.tool;

import tools.jackson.databind.node.ObjectNode;

/**
 * One MCP tool: its name, description and input schema, fixed at construction, and
 * {@link #call}. Implementations parse their arguments into the same request records REST
 * uses, call the same service, and return a JSON-serializable result (it becomes
 * {@code structuredContent} and the text content). Failures are thrown as
 * {@link dev.sharedcontext.web.ApiException}s and become {@code isError} results.
 */
public abstract class McpTool {

	private final String name;

	private final boolean readOnly;

	private final String description;

	private final ObjectNode inputSchema;

	/**
	 * @param name the tool name (the Python server's, for drop-in compatibility)
	 * @param readOnly whether the tool only reads (the {@code readOnlyHint} annotation)
	 * @param description what the tool does, when to use it and its limits, written for
	 * an LLM reader
	 * @param inputSchema JSON Schema of the arguments, with the same limits as the REST
	 * API
	 */
	protected McpTool(String name, boolean readOnly, String description, ObjectNode inputSchema) {
		this.name = name;
		this.readOnly = readOnly;
		this.description = description;
		this.inputSchema = inputSchema;
	}

	public final String name() {
		return this.name;
	}

	public final boolean readOnly() {
		return this.readOnly;
	}

	public final String description() {
		return this.description;
	}

	/** A copy of the schema, so that no caller can change the tool's own. */
	public final ObjectNode inputSchema() {
		return this.inputSchema.deepCopy();
	}

	public abstract Object call(ToolCall call);

}
