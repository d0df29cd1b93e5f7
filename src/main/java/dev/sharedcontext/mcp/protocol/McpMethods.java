package dev.sharedcontext.mcp.protocol;

import java.util.Map;

/**
 * A group of MCP methods contributed to the dispatcher as a bean (lifecycle, tools,
 * resources, prompts). The dispatcher collects every group's table and names none of
 * their classes, so the feature packages depend on this package and never on the
 * endpoint's.
 */
public interface McpMethods {

	/** Method name to handler; a name may appear in only one group. */
	Map<String, McpMethod> methods();

}
