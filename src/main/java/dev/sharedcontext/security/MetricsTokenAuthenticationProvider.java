package dev.sharedcontext.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.CredentialsRejectedException;
import dev.sharedcontext.auth.InvalidSecretsException;

/**
 * Decides whether a bearer token on {@code GET /actuator/prometheus} is
 * {@code METRICS_TOKEN}. Both sides are hashed first and compared with
 * {@link MessageDigest#isEqual}, so the time taken reveals neither the token's content
 * nor its length. A token shorter than {@value #MIN_LENGTH} characters stops start-up: a
 * credential that never expires must not be guessable.
 */
@Component
class MetricsTokenAuthenticationProvider {

	static final int MIN_LENGTH = MetricsTokenProperties.MIN_LENGTH;

	/** The audit log's reason for a wrong token on the scrape endpoint. */
	static final String INVALID = "invalid_metrics_token";

	/** SHA-256 of the token; {@code null} when none is configured. */
	private final byte[] expectedDigest;

	MetricsTokenAuthenticationProvider(MetricsTokenProperties properties) {
		String token = properties.token();
		if (token == null || token.isBlank()) {
			this.expectedDigest = null;
			return;
		}
		if (token.length() < MIN_LENGTH) {
			throw new InvalidSecretsException("METRICS_TOKEN is too short: it needs at least " + MIN_LENGTH
					+ " characters (e.g. openssl rand -hex 32), or leave it unset to scrape with an admin token");
		}
		this.expectedDigest = sha256(token);
	}

	/** Whether a metrics token is configured at all. */
	boolean enabled() {
		return this.expectedDigest != null;
	}

	/** Whether {@code token} is the metrics token, compared in constant time. */
	boolean matches(String token) {
		return this.expectedDigest != null && token != null
				&& MessageDigest.isEqual(this.expectedDigest, sha256(token));
	}

	/**
	 * The failure of a token on the scrape endpoint that is neither the metrics token nor
	 * shaped like an agent token.
	 */
	static CredentialsRejectedException rejected() {
		return new CredentialsRejectedException("INVALID_TOKEN", INVALID,
				"The token is neither the metrics token nor a valid admin token");
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
