package dev.sharedcontext.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentIds;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.token.IssuedToken;
import dev.sharedcontext.auth.token.TokenFormat;
import dev.sharedcontext.auth.token.TokenService;
import dev.sharedcontext.web.InvalidInputException;

/**
 * {@code POST /api/v1/auth/token} (the filter chain has verified the API key) and
 * {@code POST /api/v1/auth/refresh} (the presented token is the credential), and
 * {@code GET /api/v1/auth/me} (who a bearer token stands for).
 */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

	private final TokenService tokens;

	AuthController(TokenService tokens) {
		this.tokens = tokens;
	}

	@PostMapping("/token")
	IssuedToken token(@Valid @RequestBody TokenRequest request) {
		return this.tokens.authenticateAgent(request.agentId(), request.agentType(),
				(request.requestedPermissions() != null) ? request.requestedPermissions() : List.of(),
				(request.tokenFormat() != null) ? request.tokenFormat() : TokenFormat.SCT, new AuditDetails());
	}

	@PostMapping("/refresh")
	IssuedToken refresh(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@Valid @RequestBody(required = false) RefreshRequest request) {
		String token = (request != null && request.currentToken() != null) ? request.currentToken()
				: bearer(authorization);
		if (token == null) {
			throw new InvalidInputException("INVALID_INPUT",
					"Send the token to refresh as current_token or as 'Authorization: Bearer <token>'", List.of());
		}
		return this.tokens.refresh(token, new AuditDetails());
	}

	/**
	 * Who the presented token stands for: lets the dashboard show the agent and the pages
	 * its permissions open.
	 */
	@GetMapping("/me")
	Caller me(@AuthenticationPrincipal AgentPrincipal caller) {
		return new Caller(caller.agentId(), caller.agentType(), Permission.values(caller.permissions()),
				caller.tokenId());
	}

	private static String bearer(String authorization) {
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).trim();
		}
		return null;
	}

	/**
	 * Body of {@code POST /api/v1/auth/token}.
	 *
	 * @param agentId 1–100 of {@code [A-Za-z0-9_.@:-]}
	 * @param agentType 1–50 of {@code [A-Za-z0-9_.-]} (e.g. claude, gemini, custom)
	 * @param requestedPermissions what the agent asks for; granted as far as the policy
	 * allows
	 * @param tokenFormat {@code sct} (default) or {@code jwt}
	 */
	record TokenRequest(@NotNull @Pattern(regexp = AgentIds.AGENT_ID) String agentId,
			@NotNull @Pattern(regexp = AgentIds.AGENT_TYPE) String agentType,
			@Size(max = 4) List<Permission> requestedPermissions, TokenFormat tokenFormat) {
	}

	/**
	 * Answer of {@code GET /api/v1/auth/me}.
	 *
	 * @param agentId the token's subject
	 * @param agentType its agent type
	 * @param permissions what it allows
	 * @param tokenId its public id (never the token)
	 */
	record Caller(String agentId, String agentType, List<String> permissions, String tokenId) {
	}

	/** Body of {@code POST /api/v1/auth/refresh}. */
	record RefreshRequest(@Size(max = 4096) String currentToken) {
	}

}
