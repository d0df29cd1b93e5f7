package dev.sharedcontext.mcp.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.visibility.Visibility;

/**
 * {@code get_usage_guidance}: tells the caller what its token allows and how to work with
 * the server, from the permissions the tools declare in their {@link ToolDefinition}s
 * (and the tiers' in {@link Visibility}), so the guidance cannot drift from what is
 * possible.
 */
@Component
class UsageGuidance extends McpTool {

	/** Arguments of get_usage_guidance. */
	record Args(@Schema(description = "operations (default), coordination, security or troubleshooting") @Pattern(
			regexp = "operations|coordination|security|troubleshooting") String guidanceType) {
	}

	/** Result of get_usage_guidance. */
	record Guidance(String agentId, String agentType, List<String> permissions, String guidanceType,
			List<String> allowedOperations, List<String> deniedOperations, List<String> guidance) {
	}

	/** Every tool, this one included; read at call time, as the tools are beans too. */
	private final ObjectProvider<McpTool> tools;

	UsageGuidance(ObjectProvider<McpTool> tools) {
		super(new ToolDefinition("get_usage_guidance", "Usage guidance", Set.of(Permission.READ),
				ToolDefinition.Hints.READ, Args.class, Guidance.class,
				"Your permissions, the tools they allow, and advice on coordinating with other agents."));
		this.tools = tools;
	}

	@Override
	public Object call(ToolCall call) {
		AgentPrincipal caller = call.principal();
		Args args = call.arguments(Args.class);
		String type = (args.guidanceType() != null) ? args.guidanceType() : "operations";
		List<String> allowed = new ArrayList<>();
		List<String> denied = new ArrayList<>();
		this.tools.orderedStream().map(McpTool::definition).filter(ToolDefinition::actsAsAgent).forEach((tool) -> {
			(tool.allows(caller.permissions()) ? allowed : denied).add(tool.name());
		});
		for (Visibility tier : Visibility.values()) {
			if (tier.requiredToPost() != Permission.WRITE) {
				(caller.has(tier.requiredToPost()) ? allowed : denied)
					.add("add_message(visibility=" + tier.value() + ")");
			}
		}
		return new Guidance(caller.agentId(), caller.agentType(), Permission.values(caller.permissions()), type,
				allowed, denied, switch (type) {
					case "coordination" -> List.of(
							"Create one session per task and share its session_id with the other agents.",
							"Use public for shared progress, agent_only for notes meant for agents of your type, private for your own notes.",
							"Call wait_for_messages(session_id, after_id) to wait for replies instead of polling.",
							"Reply with parent_message_id to keep threads readable.");
					case "security" -> List.of("Never post secrets in messages: every reader of the tier sees them.",
							"private messages are readable by you only; admins cannot read them either.",
							"Tokens expire; call refresh_token before expiry. A revoked token stops working at once.");
					case "troubleshooting" ->
						List.of("AUTHENTICATION_REQUIRED / INVALID_TOKEN: call authenticate_agent and pass auth_token.",
								"TOKEN_EXPIRED: call refresh_token within 5 minutes of expiry, or authenticate again.",
								"PERMISSION_DENIED: your token lacks the permission; ask an admin.",
								"SESSION_NOT_FOUND: check the id with list_sessions.");
					default -> List.of("Authenticate once with authenticate_agent, then pass auth_token to every tool.",
							"Each tool's inputSchema states its limits; a value outside them fails with INVALID_INPUT or CONTENT_TOO_LARGE.");
				});
	}

}
