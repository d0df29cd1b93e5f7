package dev.sharedcontext.mcp.protocol;

import java.util.List;

/**
 * The result of {@code prompts/list} (one page).
 *
 * @param prompts the prompts
 */
@McpJson
public record ListPromptsResult(List<Prompt> prompts) {

}
