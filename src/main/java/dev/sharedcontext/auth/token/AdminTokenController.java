package dev.sharedcontext.auth.token;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.AgentIds;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;

/**
 * Token administration for admins: issue with any permissions, list (never the values),
 * revoke.
 */
@RestController
@RequestMapping("/api/v1/admin/tokens")
class AdminTokenController {

	private final TokenService tokens;

	AdminTokenController(TokenService tokens) {
		this.tokens = tokens;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	IssuedToken issue(@AuthenticationPrincipal AgentPrincipal admin, @Valid @RequestBody AdminTokenRequest request) {
		return this.tokens.issueAsAdmin(admin, request.agentId(), request.agentType(), request.permissions(),
				(request.expiresIn() != null) ? Duration.ofSeconds(request.expiresIn()) : null,
				(request.tokenFormat() != null) ? request.tokenFormat() : TokenFormat.SCT, new AuditDetails());
	}

	@GetMapping
	TokenList list(@AuthenticationPrincipal AgentPrincipal admin,
			@RequestParam(name = "agent_id", required = false) String agentId,
			@RequestParam(name = "include_inactive", defaultValue = "false") boolean includeInactive,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@RequestParam(defaultValue = "0") @Min(0) int offset) {
		return new TokenList(this.tokens.list(admin, agentId, includeInactive, limit, offset));
	}

	@DeleteMapping("/{tokenId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@AuthenticationPrincipal AgentPrincipal admin, @PathVariable String tokenId) {
		this.tokens.revoke(admin, tokenId, new AuditDetails());
	}

	/**
	 * Body of {@code POST /api/v1/admin/tokens}.
	 *
	 * @param agentId subject
	 * @param agentType agent type
	 * @param permissions any of read, write, admin, debug
	 * @param expiresIn lifetime in seconds, 60 s to 1 year; {@code JWT_TOKEN_EXPIRY} when
	 * absent
	 * @param tokenFormat {@code sct} (default) or {@code jwt}
	 */
	record AdminTokenRequest(@NotNull @Pattern(regexp = AgentIds.AGENT_ID) String agentId,
			@NotNull @Pattern(regexp = AgentIds.AGENT_TYPE) String agentType, @NotEmpty List<Permission> permissions,
			@Min(60) @Max(31_536_000) Long expiresIn, TokenFormat tokenFormat) {
	}

	/** Tokens, newest first; ids and claims only. */
	record TokenList(List<TokenRecord> tokens) {
	}

}
