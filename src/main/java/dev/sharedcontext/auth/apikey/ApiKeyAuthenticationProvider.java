package dev.sharedcontext.auth.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.CredentialsRejectedException;
import dev.sharedcontext.auth.Secrets;

/**
 * Decides whether a presented API key is the server's. Both sides are hashed first and
 * compared with {@link MessageDigest#isEqual}, so the time taken reveals neither the
 * key's content nor its length.
 */
@Component
public class ApiKeyAuthenticationProvider {

	private final byte[] expectedDigest;

	public ApiKeyAuthenticationProvider(Secrets secrets) {
		this.expectedDigest = sha256(secrets.apiKey());
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
		return key != null && MessageDigest.isEqual(this.expectedDigest, sha256(key));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

}
