package dev.sharedcontext.security;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.CredentialsRejectedException;
import dev.sharedcontext.auth.InvalidSecretsException;
import dev.sharedcontext.auth.SecretDigest;

/**
 * Decides whether a bearer token on {@code GET /actuator/prometheus} is
 * {@code METRICS_TOKEN}, in constant time ({@link SecretDigest}, as for the API key). A
 * token shorter than {@value #MIN_LENGTH} characters stops start-up: a credential that
 * never expires must not be guessable.
 */
@Component
class MetricsTokenAuthenticationProvider {

	static final int MIN_LENGTH = MetricsTokenProperties.MIN_LENGTH;

	/** The audit log's reason for a wrong token on the scrape endpoint. */
	static final String INVALID = "invalid_metrics_token";

	/** The token's digest; {@code null} when none is configured. */
	private final SecretDigest expected;

	MetricsTokenAuthenticationProvider(MetricsTokenProperties properties) {
		String token = properties.token();
		if (token == null || token.isBlank()) {
			this.expected = null;
			return;
		}
		if (token.length() < MIN_LENGTH) {
			throw new InvalidSecretsException("METRICS_TOKEN is too short: it needs at least " + MIN_LENGTH
					+ " characters (e.g. openssl rand -hex 32), or leave it unset to scrape with an admin token");
		}
		this.expected = new SecretDigest(token);
	}

	/** Whether a metrics token is configured at all. */
	boolean enabled() {
		return this.expected != null;
	}

	/** Whether {@code token} is the metrics token, compared in constant time. */
	boolean matches(String token) {
		return this.expected != null && this.expected.matches(token);
	}

	/**
	 * The failure of a token on the scrape endpoint that is neither the metrics token nor
	 * shaped like an agent token.
	 */
	static CredentialsRejectedException rejected() {
		return new CredentialsRejectedException("INVALID_TOKEN", INVALID,
				"The token is neither the metrics token nor a valid admin token");
	}

}
