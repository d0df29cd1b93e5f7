package dev.sharedcontext.auth.apikey;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.CredentialsRejectedException;
import dev.sharedcontext.auth.SecretDigest;
import dev.sharedcontext.auth.Secrets;

/**
 * Decides whether a presented API key is the server's, in constant time
 * ({@link SecretDigest}).
 */
@Component
public class ApiKeyAuthenticationProvider {

	private final SecretDigest apiKey;

	public ApiKeyAuthenticationProvider(Secrets secrets) {
		this.apiKey = new SecretDigest(secrets.apiKey());
	}

	/**
	 * @throws CredentialsRejectedException when the key is wrong
	 */
	public void authenticate(ApiKeyAuthenticationToken presented) {
		if (!matches(presented.getCredentials())) {
			throw new CredentialsRejectedException("INVALID_API_KEY", "invalid_api_key", "The API key is not valid");
		}
	}

	/** Whether {@code key} is the server's API key, compared in constant time. */
	public boolean matches(String key) {
		return this.apiKey.matches(key);
	}

}
