package dev.sharedcontext.mcp.protocol;

import tools.jackson.databind.JsonNode;

/**
 * The params of {@code initialize} that the server reads. Read leniently: a missing or
 * unreadable {@code protocolVersion} is negotiated like an unknown one (the server offers
 * its latest), since the client then decides whether to go on.
 *
 * @param protocolVersion the revision the client asks for, or {@code null}
 * @param clientInfo the client's name and version (either may be {@code null}), kept with
 * the session for operators
 */
@McpJson
public record InitializeParams(String protocolVersion, Implementation clientInfo) {

	/** Reads the params of an {@code initialize} request; never fails. */
	public static InitializeParams from(JsonNode params) {
		JsonNode clientInfo = params.path("clientInfo");
		return new InitializeParams(params.path("protocolVersion").asString(null), new Implementation(
				clientInfo.path("name").asString(null), null, clientInfo.path("version").asString(null)));
	}

}
