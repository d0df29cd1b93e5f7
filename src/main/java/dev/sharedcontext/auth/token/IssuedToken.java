package dev.sharedcontext.auth.token;

import java.time.Instant;
import java.util.List;

/**
 * A freshly issued token, the only time its raw value is shown.
 *
 * @param token the bearer value
 * @param tokenId public id, for listing and revocation
 * @param agentId subject
 * @param agentType agent type
 * @param permissions granted permissions
 * @param expiresAt expiry
 * @param tokenType always {@code Bearer}
 * @param format sct or jwt
 */
public record IssuedToken(String token, String tokenId, String agentId, String agentType, List<String> permissions,
		Instant expiresAt, String tokenType, TokenFormat format) {

	@Override
	public String toString() {
		return "IssuedToken[tokenId=" + this.tokenId + ", agentId=" + this.agentId + "]";
	}

}
