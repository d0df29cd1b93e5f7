package dev.sharedcontext.mcp.protocol;

/**
 * The result {@code {}} of {@code ping}, {@code logging/setLevel},
 * {@code resources/subscribe} and {@code resources/unsubscribe}.
 */
@McpJson
public record EmptyResult() {

	public static final EmptyResult INSTANCE = new EmptyResult();

}
