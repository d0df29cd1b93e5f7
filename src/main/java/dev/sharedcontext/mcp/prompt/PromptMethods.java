package dev.sharedcontext.mcp.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.mcp.protocol.GetPromptParams;
import dev.sharedcontext.mcp.protocol.GetPromptResult;
import dev.sharedcontext.mcp.protocol.JsonRpc;
import dev.sharedcontext.mcp.protocol.ListPromptsResult;
import dev.sharedcontext.mcp.protocol.McpContext;
import dev.sharedcontext.mcp.protocol.McpMethod;
import dev.sharedcontext.mcp.protocol.McpMethods;
import dev.sharedcontext.mcp.protocol.Prompt;
import dev.sharedcontext.mcp.protocol.TextContent;
import dev.sharedcontext.session.SessionIds;

/** Prompts {@code setup-collaboration} and {@code debug-session}. */
@Component
public class PromptMethods implements McpMethods {

	private record PromptText(String name, String title, String description, Map<String, String> requiredArguments,
			Map<String, String> optionalArguments) {
	}

	private static final PromptText SETUP = new PromptText("setup-collaboration", "Set up a multi-agent collaboration",
			"Step-by-step instructions to authenticate, create a session for a purpose and invite other agents",
			Map.of("purpose", "What the agents will work on together"),
			Map.of("agent_types", "Comma-separated agent types that will take part, e.g. claude,gemini"));

	private static final PromptText DEBUG = new PromptText("debug-session", "Debug a session",
			"Instructions to inspect a session: its messages by visibility, threads, and who posted what",
			Map.of("session_id", "The session to inspect"), Map.of());

	@Override
	public Map<String, McpMethod> methods() {
		return Map.of("prompts/list", McpMethod.immediate(this::list), "prompts/get",
				McpMethod.immediate(GetPromptParams::from, this::get));
	}

	ListPromptsResult list(McpContext context) {
		List<Prompt> prompts = new ArrayList<>();
		for (PromptText prompt : new PromptText[] { SETUP, DEBUG }) {
			List<Prompt.Argument> arguments = new ArrayList<>();
			prompt.requiredArguments()
				.forEach((name, description) -> arguments.add(new Prompt.Argument(name, description, true)));
			prompt.optionalArguments()
				.forEach((name, description) -> arguments.add(new Prompt.Argument(name, description, false)));
			prompts.add(new Prompt(prompt.name(), prompt.title(), prompt.description(), arguments));
		}
		return new ListPromptsResult(prompts);
	}

	GetPromptResult get(GetPromptParams params, McpContext context) {
		String name = params.name();
		JsonNode arguments = params.arguments();
		String text = switch (name) {
			case "setup-collaboration" ->
				setup(required(arguments, "purpose"), arguments.path("agent_types").asString(""));
			case "debug-session" -> debug(required(arguments, "session_id"));
			default -> throw new JsonRpc.Fault(JsonRpc.INVALID_PARAMS, "Unknown prompt: " + name);
		};
		return new GetPromptResult(name.equals(SETUP.name()) ? SETUP.description() : DEBUG.description(),
				List.of(new GetPromptResult.Message("user", TextContent.of(text))));
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
