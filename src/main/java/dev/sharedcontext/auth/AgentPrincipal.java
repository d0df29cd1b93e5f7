package dev.sharedcontext.auth;

import java.util.Set;

/**
 * The authenticated agent behind a request: who it is, what type it is (for the
 * {@code agent_only} tier) and what its token allows. Every service method takes one and
 * checks the permission it needs, so REST and MCP enforce the same rules.
 *
 * @param agentId the token's subject
 * @param agentType the agent type the token was issued for
 * @param permissions what the token allows
 * @param tokenId id of the token (its {@code jti}), for revocation and audit; never the
 * token itself
 */
public record AgentPrincipal(String agentId, String agentType, Set<Permission> permissions, String tokenId) {

	public AgentPrincipal {
		permissions = Set.copyOf(permissions);
	}

	public boolean has(Permission permission) {
		return this.permissions.contains(permission);
	}

	public boolean isAdmin() {
		return has(Permission.ADMIN);
	}

	/**
	 * Fails with {@link PermissionDeniedException} unless this principal holds
	 * {@code permission}.
	 * @param permission the permission the operation needs
	 * @param operation what was attempted, for the error and the audit log
	 */
	public void require(Permission permission, String operation) {
		if (!has(permission)) {
			throw new PermissionDeniedException(operation, permission);
		}
	}

}
