package dev.sharedcontext.mcp.protocol;

import java.util.List;

/**
 * The result of {@code completion/complete}.
 *
 * @param completion the suggestions
 */
@McpJson
public record CompleteResult(Completion completion) {

	/**
	 * @param values at most 100 suggestions
	 * @param total how many there are in all
	 * @param hasMore whether {@code values} is not all of them
	 */
	@McpJson
	public record Completion(List<String> values, int total, boolean hasMore) {

	}

}
