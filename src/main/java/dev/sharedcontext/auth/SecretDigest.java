package dev.sharedcontext.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A configured secret (the API key, {@code METRICS_TOKEN}) kept as its SHA-256 digest,
 * and a presented value checked against it: both sides are hashed first and compared with
 * {@link MessageDigest#isEqual}, so the time taken reveals neither the secret's content
 * nor its length.
 */
public final class SecretDigest {

	private final byte[] expected;

	public SecretDigest(String secret) {
		this.expected = sha256(secret);
	}

	/** Whether {@code presented} is the secret, compared in constant time. */
	public boolean matches(String presented) {
		return presented != null && MessageDigest.isEqual(this.expected, sha256(presented));
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
