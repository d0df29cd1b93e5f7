package dev.sharedcontext.mcp.protocol;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The params of {@code logging/setLevel}.
 *
 * @param level one of {@link #LEVELS}
 */
@McpJson
public record SetLevelParams(String level) {

	/** The syslog levels MCP uses, least severe first. */
	public static final List<String> LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical",
			"alert", "emergency");

	public SetLevelParams {
		if (level == null || !LEVELS.contains(level)) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "level must be one of " + String.join(", ", LEVELS));
		}
	}

	/**
	 * @throws JsonRpc.Fault {@code -32602} unless {@code level} is one of the levels
	 */
	public static SetLevelParams from(JsonNode params) {
		JsonNode level = params.get("level");
		return new SetLevelParams((level != null && level.isString()) ? level.asString() : null);
	}

}
