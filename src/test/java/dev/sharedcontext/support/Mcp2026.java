package dev.sharedcontext.support;

import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.sharedcontext.support.Api.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stateless 2026-07-28 MCP requests over raw HTTP for tests that talk to server processes
 * ({@link ServerProcess}): each request carries its protocol version, client info and
 * capabilities in {@code _meta} and the API key, so any replica can answer it.
 */
public final class Mcp2026 {

	public static final String VERSION = "2026-07-28";

	private Mcp2026() {
	}

	/** {@code authenticate_agent}: a token for the agent. */
	public static String authenticate(Api api, String agentId) {
		JsonNode result = tool(api, null, "authenticate_agent", """
				{"agent_id":"%s","agent_type":"claude"}""".formatted(agentId));
		return result.at("/structuredContent/token").asString();
	}

	/** {@code create_session}: the new session's id. */
	public static String createSession(Api api, String token, String purpose) {
		return tool(api, token, "create_session", "{\"purpose\":\"%s\"}".formatted(purpose))
			.at("/structuredContent/session_id")
			.asString();
	}

	/** Calls a tool that must answer with a result (which may itself be an error). */
	public static JsonNode tool(Api api, String token, String name, String arguments) {
		Response response = call(api, token, "1", "tools/call", name,
				"\"name\":\"%s\",\"arguments\":%s,".formatted(name, arguments));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode result = response.json().get("result");
		assertThat(result).as(response.toString()).isNotNull();
		return result;
	}

	/**
	 * One request.
	 * @param id the JSON-RPC id, as JSON ({@code "1"}, {@code "\"d\""})
	 * @param name the {@code Mcp-Name} header, or {@code null} for none
	 * @param params the params' members before {@code _meta}, each followed by a comma
	 */
	public static Response call(Api api, String token, String id, String method, String name, String params) {
		return api.send("POST", "/mcp", token, body(id, method, params), headers(method, name));
	}

	/** The body of a request; {@code params} as in {@link #call}. */
	public static String body(String id, String method, String params) {
		return """
				{"jsonrpc":"2.0","id":%s,"method":"%s","params":{%s"_meta":{
				 "io.modelcontextprotocol/protocolVersion":"%s",
				 "io.modelcontextprotocol/clientCapabilities":{},
				 "io.modelcontextprotocol/clientInfo":{"name":"two-process-test","version":"1"}}}}""".formatted(id,
				method, params, VERSION);
	}

	/** The headers of a request; {@code name} may be {@code null}. */
	public static Map<String, String> headers(String method, String name) {
		return (name != null)
				? Map.of("X-API-Key", IntegrationTest.API_KEY, "Accept", "application/json, text/event-stream",
						"MCP-Protocol-Version", VERSION, "Mcp-Method", method, "Mcp-Name", name)
				: Map.of("X-API-Key", IntegrationTest.API_KEY, "Accept", "application/json, text/event-stream",
						"MCP-Protocol-Version", VERSION, "Mcp-Method", method);
	}

}
