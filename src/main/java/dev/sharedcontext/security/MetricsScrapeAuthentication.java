package dev.sharedcontext.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request that presented {@code METRICS_TOKEN} on {@code GET /actuator/prometheus}: no
 * agent, no permission, only the one authority that endpoint accepts besides an admin's.
 */
class MetricsScrapeAuthentication extends AbstractAuthenticationToken {

	/** The authority of a scrape with the metrics token. */
	static final String SCRAPE_METRICS = "SCRAPE_METRICS";

	MetricsScrapeAuthentication() {
		super(List.of(new SimpleGrantedAuthority(SCRAPE_METRICS)));
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return "metrics-scraper";
	}

}
