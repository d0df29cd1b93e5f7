package dev.sharedcontext.mcp.protocol;

/**
 * The result of {@code initialize}.
 *
 * @param protocolVersion the negotiated revision
 * @param capabilities what the server offers
 * @param serverInfo the server's name, title and version
 * @param instructions how an agent should use the server, for its system prompt
 */
@McpJson
public record InitializeResult(String protocolVersion, ServerCapabilities capabilities, Implementation serverInfo,
		String instructions) {

	/**
	 * The server's capabilities; a capability object that is present but empty
	 * ({@code logging}, {@code completions}) means "supported, no options".
	 */
	@McpJson
	public record ServerCapabilities(ListChanged tools, Resources resources, ListChanged prompts, EmptyResult logging,
			EmptyResult completions) {

	}

	/** A capability whose only option is whether its list can change. */
	@McpJson
	public record ListChanged(boolean listChanged) {

	}

	/** The resources capability. */
	@McpJson
	public record Resources(boolean subscribe, boolean listChanged) {

	}

}
