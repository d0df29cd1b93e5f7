package dev.sharedcontext.mcp.tool;

import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;
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

	private AuthTools() {
	}

	/** Arguments of authenticate_agent. */
	record AuthenticateArgs(
			@Schema(description = "Your stable agent id, e.g. claude-main") @NotNull @Pattern(
					regexp = AgentIds.AGENT_ID) String agentId,
			@Schema(description = "e.g. claude, gemini") @NotNull @Pattern(
					regexp = AgentIds.AGENT_TYPE) String agentType,
			@Schema(description = "Default read and write") @Size(max = 4) List<Permission> requestedPermissions,
			@Schema(description = "Only if the connection does not send X-API-Key") @Size(max = 4096) String apiKey,
			@Schema(description = "sct (opaque, default) or jwt") TokenFormat tokenFormat) {
	}

	@Component
	static class AuthenticateAgent extends McpTool {

		private final TokenService tokens;

		private final ApiKeyAuthenticationProvider apiKeys;

		AuthenticateAgent(TokenService tokens, ApiKeyAuthenticationProvider apiKeys) {
			super(new ToolDefinition("authenticate_agent", "Authenticate", Set.of(), ToolDefinition.Hints.ADDS,
					AuthenticateArgs.class, IssuedToken.class,
					"Get a token for this agent once, at the start; pass it as auth_token to the other tools (or send it as a Bearer header). Renew it with refresh_token."));
			this.tokens = tokens;
			this.apiKeys = apiKeys;
		}

		@Override
		public Object call(ToolCall call) {
			AuthenticateArgs args = call.arguments(AuthenticateArgs.class);
			if (args.apiKey() != null && !this.apiKeys.matches(args.apiKey())) {
				throw new InvalidApiKeyException();
			}
			return (this.tokens.authenticateAgent(args.agentId(), args.agentType(),
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
	record RefreshArgs(
			@Schema(description = "The token to replace") @NotNull @Size(min = 1, max = 4096) String currentToken) {
	}

	@Component
	static class RefreshToken extends McpTool {

		private final TokenService tokens;

		RefreshToken(TokenService tokens) {
			super(new ToolDefinition("refresh_token", "Refresh token", Set.of(), ToolDefinition.Hints.REPLACES,
					RefreshArgs.class, IssuedToken.class,
					"Swap your token for a new one with the same permissions, until 5 minutes after it expired; the old one stops working."));
			this.tokens = tokens;
		}

		@Override
		public Object call(ToolCall call) {
			return (this.tokens.refresh(call.arguments(RefreshArgs.class).currentToken(), new AuditDetails()));
		}

	}

}
