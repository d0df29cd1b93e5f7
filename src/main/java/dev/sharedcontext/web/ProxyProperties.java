package dev.sharedcontext.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Which reverse proxies may tell the server who the client is.
 *
 * @param trusted IP addresses and CIDR ranges ({@code TRUSTED_PROXIES}, comma-separated)
 * whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed; empty (the
 * default) believes no one, so rate limits and the audit log use the TCP peer
 */
@Validated
@ConfigurationProperties("shared-context.proxy")
public record ProxyProperties(List<String> trusted) {

	public ProxyProperties {
		trusted = (trusted != null) ? List.copyOf(trusted) : List.of();
		// a typo must stop start-up, not silently trust no one (or everyone)
		TrustedProxies.of(trusted);
	}

	TrustedProxies proxies() {
		return TrustedProxies.of(this.trusted);
	}

}
