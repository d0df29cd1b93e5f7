package dev.sharedcontext.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.sharedcontext.auth.AgentAuthentication;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.CredentialsRejectedException;
import dev.sharedcontext.auth.apikey.ApiKeyAuthenticationConverter;
import dev.sharedcontext.auth.apikey.ApiKeyAuthenticationProvider;
import dev.sharedcontext.auth.apikey.ApiKeyAuthenticationToken;
import dev.sharedcontext.auth.token.AgentTokenAuthenticationProvider;
import dev.sharedcontext.auth.token.BearerTokenAuthenticationConverter;
import dev.sharedcontext.auth.token.InvalidTokenException;

/**
 * Establishes a request's credentials (SPEC §4): the API key where the path needs it, the
 * agent token where the path needs one, and either where it is offered. Converters parse,
 * providers decide, the entry point renders and audits the failure; this filter only puts
 * them in order.
 * <p>
 * A failure from an address that has used up its budget of failed authentications
 * ({@link AuthenticationFailures}) is answered 429 instead of 401 and only counted, not
 * audited row by row. Credentials that verify always pass: the agents that share an
 * address with a misbehaving client (every local agent on 127.0.0.1, or everyone behind a
 * NAT) keep working while it is refused. The API key is checked first, in memory, so a
 * flood of bad keys never reaches token parsing or the database.
 * <p>
 * On the scrape request ({@code GET /actuator/prometheus}) a bearer token may also be
 * {@code METRICS_TOKEN} ({@link MetricsTokenAuthenticationProvider}), which authenticates
 * that request and no other. A token there that is neither the metrics token nor shaped
 * like an agent token fails as {@code invalid_metrics_token}; an agent token (an admin's
 * still scrapes) fails for its own reason.
 */
class CredentialsFilter extends OncePerRequestFilter {

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final ApiKeyAuthenticationConverter apiKeyConverter = new ApiKeyAuthenticationConverter();

	private final BearerTokenAuthenticationConverter bearerConverter = new BearerTokenAuthenticationConverter();

	private final ApiKeyAuthenticationProvider apiKeyProvider;

	private final AgentTokenAuthenticationProvider tokenProvider;

	private final RequestMatcher apiKeyRequired;

	private final RequestMatcher tokenRequired;

	private final RequestMatcher tokenIsSubject;

	private final RequestMatcher throttled;

	private final AuthenticationFailures failures;

	private final ProblemAuthenticationEntryPoint entryPoint;

	private final MetricsTokenAuthenticationProvider metricsToken;

	private final RequestMatcher scrape;

	/**
	 * @param tokenIsSubject requests whose bearer token is what they act on rather than a
	 * credential (refresh, which verifies it itself and accepts one expired within the
	 * grace period)
	 * @param throttled requests refused while their address is over its failure budget
	 * (everything but the public paths)
	 * @param scrape the one request the metrics token authenticates
	 */
	CredentialsFilter(ApiKeyAuthenticationProvider apiKeyProvider, AgentTokenAuthenticationProvider tokenProvider,
			RequestMatcher apiKeyRequired, RequestMatcher tokenRequired, RequestMatcher tokenIsSubject,
			RequestMatcher throttled, AuthenticationFailures failures, ProblemAuthenticationEntryPoint entryPoint,
			MetricsTokenAuthenticationProvider metricsToken, RequestMatcher scrape) {
		this.metricsToken = metricsToken;
		this.scrape = scrape;
		this.apiKeyProvider = apiKeyProvider;
		this.tokenProvider = tokenProvider;
		this.apiKeyRequired = apiKeyRequired;
		this.tokenRequired = tokenRequired;
		this.tokenIsSubject = tokenIsSubject;
		this.throttled = throttled;
		this.failures = failures;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			if (scrapesWithMetricsToken(request)) {
				SecurityContext context = this.contexts.createEmptyContext();
				context.setAuthentication(new MetricsScrapeAuthentication());
				this.contexts.setContext(context);
				chain.doFilter(request, response);
				return;
			}
			boolean apiKeyVerified = verifyApiKey(request);
			AgentPrincipal agent = authenticateAgent(request);
			if (apiKeyVerified || agent != null) {
				SecurityContext context = this.contexts.createEmptyContext();
				context.setAuthentication(new AgentAuthentication(agent, apiKeyVerified));
				this.contexts.setContext(context);
			}
		}
		catch (CredentialsRejectedException ex) {
			this.contexts.clearContext();
			long retryAfter = this.failures.retryAfterSeconds(request.getRemoteAddr());
			if (retryAfter > 0 && this.throttled.matches(request)) {
				this.entryPoint.refuseThrottled(request, response, ex, retryAfter);
			}
			else {
				this.entryPoint.commence(request, response, ex);
			}
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean verifyApiKey(HttpServletRequest request) {
		if (!this.apiKeyRequired.matches(request)) {
			return false;
		}
		ApiKeyAuthenticationToken presented = this.apiKeyConverter.convert(request);
		if (presented == null) {
			throw new CredentialsRejectedException("AUTHENTICATION_REQUIRED", "missing_api_key",
					"This endpoint needs the X-API-Key header");
		}
		this.apiKeyProvider.authenticate(presented);
		return true;
	}

	private AgentPrincipal authenticateAgent(HttpServletRequest request) {
		if (this.tokenIsSubject.matches(request)) {
			return null;
		}
		String token = this.bearerConverter.convert(request);
		if (token == null) {
			if (this.tokenRequired.matches(request)) {
				throw new CredentialsRejectedException("AUTHENTICATION_REQUIRED", "missing_token",
						"This endpoint needs 'Authorization: Bearer <token>'");
			}
			return null;
		}
		try {
			return this.tokenProvider.authenticate(token);
		}
		catch (CredentialsRejectedException ex) {
			if (meantAsMetricsToken(request, ex)) {
				throw MetricsTokenAuthenticationProvider.rejected();
			}
			throw ex;
		}
	}

	private boolean scrapesWithMetricsToken(HttpServletRequest request) {
		if (!this.metricsToken.enabled() || !this.scrape.matches(request)) {
			return false;
		}
		return this.metricsToken.matches(this.bearerConverter.convert(request));
	}

	/**
	 * A token on the scrape request that no agent token could be (not a JWT, not an
	 * {@code sct_} token, or far too long) was meant as the metrics token.
	 */
	private boolean meantAsMetricsToken(HttpServletRequest request, CredentialsRejectedException ex) {
		return this.metricsToken.enabled() && this.scrape.matches(request)
				&& (InvalidTokenException.Reason.MALFORMED.value().equals(ex.reason())
						|| InvalidTokenException.Reason.TOO_LONG.value().equals(ex.reason()));
	}

}
