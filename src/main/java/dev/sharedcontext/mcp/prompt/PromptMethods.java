package dev.sharedcontext.mcp.prompt;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.mcp.JsonRpc;
import dev.sharedcontext.mcp.McpContext;
import dev.sharedcontext.session.SessionIds;

/** Prompts {@code setup-collaboration} and {@code debug-session}. */
@Component
public class PromptMethods {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private record Prompt(String name, String title, String description, Map<String, String> requiredArguments,
			Map<String, String> optionalArguments) {
	}

	private static final Prompt SETUP = new Prompt("setup-collaboration", "Set up a multi-agent collaboration",
			"Step-by-step instructions to authenticate, create a session for a purpose and invite other agents",
			Map.of("purpose", "What the agents will work on together"),
			Map.of("agent_types", "Comma-separated agent types that will take part, e.g. claude,gemini"));

	private static final Prompt DEBUG = new Prompt("debug-session", "Debug a session",
			"Instructions to inspect a session: its messages by visibility, threads, and who posted what",
			Map.of("session_id", "The session to inspect"), Map.of());

	public JsonNode list(JsonNode params, McpContext context) {
		ObjectNode result = NODES.objectNode();
		ArrayNode prompts = result.putArray("prompts");
		for (Prompt prompt : new Prompt[] { SETUP, DEBUG }) {
			ObjectNode entry = prompts.addObject()
				.put("name", prompt.name())
				.put("title", prompt.title())
				.put("description", prompt.description());
			ArrayNode arguments = entry.putArray("arguments");
			prompt.requiredArguments()
				.forEach((name, description) -> arguments.addObject()
					.put("name", name)
					.put("description", description)
					.put("required", true));
			prompt.optionalArguments()
				.forEach((name, description) -> arguments.addObject()
					.put("name", name)
					.put("description", description)
					.put("required", false));
		}
		return result;
	}

	public JsonNode get(JsonNode params, McpContext context) {
		String name = params.path("name").asString("");
		JsonNode arguments = params.path("arguments");
		String text = switch (name) {
			case "setup-collaboration" ->
				setup(required(arguments, "purpose"), arguments.path("agent_types").asString(""));
			case "debug-session" -> debug(required(arguments, "session_id"));
			default -> throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "Unknown prompt: " + name);
		};
		ObjectNode result = NODES.objectNode();
		result.put("description", name.equals(SETUP.name()) ? SETUP.description() : DEBUG.description());
		result.putArray("messages")
			.addObject()
			.put("role", "user")
			.putObject("content")
			.put("type", "text")
			.put("text", text);
		return result;
	}

	private static String setup(String purpose, String agentTypes) {
		String team = agentTypes.isBlank() ? "the other agents" : "agents of type " + agentTypes;
		return """
				We are setting up a collaboration on the Shared Context Server for: %s

				1. Call authenticate_agent with your agent_id and agent_type; keep the returned token and pass it as \
				auth_token to every later call.
				2. Call create_session with purpose "%s" and note the session_id.
				3. Post a public message with add_message that states the goal, the plan and who does what, and share \
				the session_id with %s.
				4. Use agent_only messages for notes meant for agents of your own type, private for notes to yourself.
				5. Wait for replies with wait_for_messages(session_id, after_id=<last id you saw>) and reply with \
				parent_message_id to keep threads.
				""".formatted(purpose, purpose.replace("\"", "'"), team);
	}

	private static String debug(String sessionId) {
		if (!SessionIds.isValid(sessionId)) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "session_id must look like session_0123456789abcdef");
		}
		return """
				Inspect session %1$s on the Shared Context Server:
				1. Call get_session(session_id="%1$s") for its purpose, creator and the number of messages you can see.
				2. Call get_messages(session_id="%1$s", limit=200) and list who posted what, with each message's \
				visibility and parent_message_id, to reconstruct the threads.
				3. Point out unanswered questions, conflicting statements and agents that stopped responding.
				Remember that you only see messages your token may read (private messages of others never appear).
				""".formatted(sessionId);
	}

	private static String required(JsonNode arguments, String name) {
		JsonNode value = arguments.get(name);
		if (value == null || !value.isString() || value.asString().isBlank()) {
			throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "Missing required argument: " + name);
		}
		String text = value.asString().strip();
		return (text.length() > 1000) ? text.substring(0, 1000) : text;
	}

}
