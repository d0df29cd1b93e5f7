package dev.sharedcontext.mcp.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Pattern;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;

/**
 * {@code get_usage_guidance}: tells the caller what its token allows and how to work with
 * the server, from the same tool list the server serves, so the guidance cannot drift
 * from what is possible.
 */
@Component
class UsageGuidance extends McpTool {

	/** Arguments of get_usage_guidance. */
	record Args(@Pattern(regexp = "operations|coordination|security|troubleshooting") String guidanceType) {
	}

	UsageGuidance() {
		super("get_usage_guidance", true, """
				Explain what you can do with your current token: your permissions, the tools they allow, and \
				advice on coordinating with other agents. guidance_type: operations (default), coordination, \
				security or troubleshooting.""",
				InputSchema.object()
					.optional("guidance_type",
							InputSchema.enumeration("Which guidance (default operations)",
									List.of("operations", "coordination", "security", "troubleshooting")))
					.withAuthToken()
					.build());
	}

	@Override
	public Object call(ToolCall call) {
		AgentPrincipal caller = call.principal();
		Args args = call.arguments(Args.class);
		String type = (args.guidanceType() != null) ? args.guidanceType() : "operations";
		Map<String, Object> result = Results.success("agent_id", caller.agentId());
		result.put("agent_type", caller.agentType());
		result.put("permissions", Permission.values(caller.permissions()));
		result.put("guidance_type", type);
		List<String> allowed = new ArrayList<>();
		List<String> denied = new ArrayList<>();
		sort(caller, Permission.READ, List.of("get_session", "list_sessions", "get_messages", "wait_for_messages",
				"search_context", "search_by_sender", "search_by_timerange", "get_memory", "list_memory"), allowed,
				denied);
		sort(caller, Permission.WRITE, List.of("create_session", "add_message", "set_memory", "delete_memory"), allowed,
				denied);
		sort(caller, Permission.ADMIN, List.of("set_message_visibility", "add_message(visibility=admin_only)",
				"get_audit_log", "get_performance_metrics"), allowed, denied);
		result.put("allowed_operations", allowed);
		result.put("denied_operations", denied);
		result.put("guidance", switch (type) {
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
					"Limits: purpose 1-1000 chars, content 1-100,000 chars, metadata 16 KiB, page size 1-1000.");
		});
		return result;
	}

	private static void sort(AgentPrincipal caller, Permission permission, List<String> operations,
			List<String> allowed, List<String> denied) {
		(caller.has(permission) ? allowed : denied).addAll(operations);
	}

}
