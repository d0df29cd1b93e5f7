package dev.sharedcontext.mcp;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/** {@code initialize} and {@code logging/setLevel}. */
@Component
class LifecycleMethods {

	static final List<String> LOG_LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical", "alert",
			"emergency");

	private static final String INSTRUCTIONS = """
			Shared Context Server: agents share sessions (message boards) and keep private memory.
			1. Call authenticate_agent(agent_id, agent_type) once to get a token; pass it as auth_token to the other \
			tools (or send it as 'Authorization: Bearer <token>').
			2. create_session(purpose) or list_sessions(), then add_message / get_messages. Visibility: public \
			(everyone), private (only you), agent_only (agents of your agent_type), admin_only (admins).
			3. wait_for_messages(session_id, after_id) blocks until something new arrives; or subscribe to the \
			resource session://{session_id}.
			Call get_usage_guidance() to see what your token allows.""";

	private final McpSessionStore store;

	LifecycleMethods(McpSessionStore store) {
		this.store = store;
	}

	/**
	 * The result of {@code initialize}: negotiated version, capabilities, server info.
	 */
	ObjectNode initializeResult(String protocolVersion) {
		ObjectNode result = JsonNodeFactory.instance.objectNode();
		result.put("protocolVersion", protocolVersion);
		ObjectNode capabilities = result.putObject("capabilities");
		capabilities.putObject("tools").put("listChanged", false);
		capabilities.putObject("resources").put("subscribe", true).put("listChanged", false);
		capabilities.putObject("prompts").put("listChanged", false);
		capabilities.putObject("logging");
		capabilities.putObject("completions");
		ObjectNode server = result.putObject("serverInfo");
		server.put("name", "shared-context-server");
		server.put("title", "Shared Context Server");
		server.put("version", version());
		result.put("instructions", INSTRUCTIONS);
		return result;
	}

	JsonNode setLogLevel(JsonNode params, McpContext context) {
		JsonNode level = params.get("level");
		if (level == null || !level.isString() || !LOG_LEVELS.contains(level.asString())) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "level must be one of " + String.join(", ", LOG_LEVELS));
		}
		this.store.setLogLevel(context.session().id(), level.asString());
		return JsonNodeFactory.instance.objectNode();
	}

	static String version() {
		String version = LifecycleMethods.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "0.1.0";
	}

}
