package dev.sharedcontext.mcp.protocol;

import java.util.List;

/**
 * The result of {@code resources/templates/list} (one page).
 *
 * @param resourceTemplates the templates
 */
@McpJson
public record ListResourceTemplatesResult(List<ResourceTemplate> resourceTemplates) {

}
