package dev.sharedcontext.mcp.protocol;

import java.util.List;

/**
 * The result of {@code resources/list} (one page).
 *
 * @param resources the resources
 */
@McpJson
public record ListResourcesResult(List<Resource> resources) {

}
