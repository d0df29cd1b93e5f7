package dev.sharedcontext.auth.token;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.CredentialsRejectedException;

/**
 * Decides which agent a bearer token stands for, turning an invalid token into a
 * credentials failure.
 */
@Component
public class AgentTokenAuthenticationProvider {

	private final TokenService tokens;

	AgentTokenAuthenticationProvider(TokenService tokens) {
		this.tokens = tokens;
	}

	/**
	 * @throws CredentialsRejectedException when the token does not authenticate anyone
	 */
	public AgentPrincipal authenticate(String rawToken) {
		try {
			return this.tokens.authenticate(rawToken);
		}
		catch (InvalidTokenException ex) {
			throw new CredentialsRejectedException(ex.code(), ex.reason().value(), ex.getMessage());
		}
	}

}
