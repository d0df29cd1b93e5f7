package dev.sharedcontext.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The scrape credential of {@code GET /actuator/prometheus}, bound from
 * {@code METRICS_TOKEN}: a long-lived secret for Prometheus, so that scraping needs
 * neither an admin token (which expires) nor the API key. Checked by
 * {@link MetricsTokenAuthenticationProvider}, which refuses to start with one shorter
 * than {@value #MIN_LENGTH} characters. {@link #toString()} never prints it.
 *
 * @param token the token Prometheus sends as {@code Authorization: Bearer <token>}; blank
 * switches it off (then only an admin token scrapes)
 */
@ConfigurationProperties("shared-context.metrics")
public record MetricsTokenProperties(String token) {

	/** The shortest token the server starts with. */
	public static final int MIN_LENGTH = 32;

	@Override
	public String toString() {
		return "MetricsTokenProperties[token=" + ((this.token == null || this.token.isBlank()) ? "unset" : "redacted")
				+ "]";
	}

}
