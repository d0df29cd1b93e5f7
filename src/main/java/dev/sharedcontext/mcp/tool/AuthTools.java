package dev.sharedcontext.mcp.tool;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentIds;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.apikey.ApiKeyAuthenticationProvider;
import dev.sharedcontext.web.ApiException;

import org.springframework.http.HttpStatus;
import dev.sharedcontext.auth.token.IssuedToken;
import dev.sharedcontext.auth.token.TokenFormat;
import dev.sharedcontext.auth.token.TokenService;

/** {@code authenticate_agent} and {@code refresh_token}. */
final class AuthTools {

	private static final List<String> PERMISSIONS = List.of("read", "write", "admin", "debug");

	private AuthTools() {
	}

	static Map<String, Object> toResult(IssuedToken token) {
		Map<String, Object> result = Results.success();
		result.put("token", token.token());
		result.put("token_id", token.tokenId());
		result.put("agent_id", token.agentId());
		result.put("agent_type", token.agentType());
		result.put("permissions", token.permissions());
		result.put("expires_at", token.expiresAt());
		result.put("token_type", token.tokenType());
		result.put("format", token.format());
		return result;
	}

	/** Arguments of authenticate_agent. */
	record AuthenticateArgs(@NotNull @Pattern(regexp = AgentIds.AGENT_ID) String agentId,
			@NotNull @Pattern(regexp = AgentIds.AGENT_TYPE) String agentType,
			@Size(max = 4) List<Permission> requestedPermissions, @Size(max = 4096) String apiKey,
			TokenFormat tokenFormat) {
	}

	@Component
	static class AuthenticateAgent extends McpTool {

		private final TokenService tokens;

		private final ApiKeyAuthenticationProvider apiKeys;

		AuthenticateAgent(TokenService tokens, ApiKeyAuthenticationProvider apiKeys) {
			super("authenticate_agent", false, """
					Get a token for this agent. Call it once at the start, then pass the returned `token` as \
					`auth_token` to every other tool. You receive the permissions you request as far as the server \
					policy allows (default: read and write). The token expires at `expires_at`; use refresh_token \
					before or up to 5 minutes after that.""",
					InputSchema.object()
						.required("agent_id", InputSchema
							.string("Your stable agent id, e.g. 'claude-main'. Letters, digits and _ . @ : -", 1, 100)
							.put("pattern", "^" + AgentIds.AGENT_ID + "$"))
						.required("agent_type", InputSchema.string(
								"Your agent type, e.g. 'claude', 'gemini', 'cursor'. agent_only messages are shared between agents of the same type.",
								1, 50)
							.put("pattern", "^" + AgentIds.AGENT_TYPE + "$"))
						.optional("requested_permissions",
								InputSchema.stringArray("Permissions to ask for; default read and write", PERMISSIONS))
						.optional("api_key", InputSchema
							.string("The server API key. Optional: the MCP connection already sends it as X-API-Key."))
						.optional("token_format",
								InputSchema.enumeration("sct (opaque, default) or jwt", List.of("sct", "jwt")))
						.build());
			this.tokens = tokens;
			this.apiKeys = apiKeys;
		}

		@Override
		public Object call(ToolCall call) {
			AuthenticateArgs args = call.arguments(AuthenticateArgs.class);
			if (args.apiKey() != null && !this.apiKeys.matches(args.apiKey())) {
				throw new InvalidApiKeyException();
			}
			return toResult(this.tokens.authenticateAgent(args.agentId(), args.agentType(),
					(args.requestedPermissions() != null) ? args.requestedPermissions() : List.of(),
					(args.tokenFormat() != null) ? args.tokenFormat() : TokenFormat.SCT, new AuditDetails()));
		}

	}

	/** The {@code api_key} argument of authenticate_agent is not the server's key. */
	static class InvalidApiKeyException extends ApiException {

		InvalidApiKeyException() {
			super(HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", "The api_key argument is not valid");
		}

	}

	/** Arguments of refresh_token. */
	record RefreshArgs(@NotNull @Size(min = 1, max = 4096) String currentToken) {
	}

	@Component
	static class RefreshToken extends McpTool {

		private final TokenService tokens;

		RefreshToken(TokenService tokens) {
			super("refresh_token", false, """
					Trade your current token for a new one with the same permissions. Works while the token is valid \
					and up to 5 minutes after it expired. The old token stops working immediately.""",
					InputSchema.object()
						.required("current_token", InputSchema.string("The token to replace", 1, 4096))
						.build());
			this.tokens = tokens;
		}

		@Override
		public Object call(ToolCall call) {
			return toResult(this.tokens.refresh(call.arguments(RefreshArgs.class).currentToken(), new AuditDetails()));
		}

	}

}
