package dev.sharedcontext.auth.token;

import java.time.Instant;
import java.util.Set;

import dev.sharedcontext.auth.Permission;

/**
 * What the server keeps about an issued token: its claims and state, never the token
 * itself.
 *
 * @param id public id (the JWT's {@code jti}); safe to show and to revoke by
 * @param format sct or jwt
 * @param agentId subject
 * @param agentType agent type
 * @param permissions granted permissions
 * @param issuedBy agent id of the issuer ({@code cli} for the host command)
 * @param issuedAt issue time
 * @param expiresAt expiry
 * @param revokedAt revocation time, or {@code null}
 */
public record TokenRecord(String id, TokenFormat format, String agentId, String agentType, Set<Permission> permissions,
		String issuedBy, Instant issuedAt, Instant expiresAt, Instant revokedAt) {

	public boolean revoked() {
		return this.revokedAt != null;
	}

}
