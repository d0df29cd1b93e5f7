package dev.sharedcontext.security;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.sharedcontext.auth.AgentAuthentication;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.apikey.ApiKeyAuthenticationProvider;
import dev.sharedcontext.auth.token.AgentTokenAuthenticationProvider;

/**
 * The one filter chain in front of everything (SPEC §4): {@code X-API-Key} on
 * {@code /mcp} and for minting tokens, a bearer token on the rest of {@code /api/**},
 * nothing on the health probe, the dashboard's static files ({@code /ui/**}) and the API
 * docs ({@code /v3/api-docs}, {@code /swagger-ui}), both served with a strict
 * Content-Security-Policy, an admin token or {@code METRICS_TOKEN} on
 * {@code GET /actuator/prometheus}, and 401 for anything else without credentials.
 * {@code /} is public too: it only redirects to the dashboard. With a valid token a path
 * that matches nothing is let through to Spring MVC, which answers 404 (or 405 for a
 * known path and the wrong method) rather than a misleading 403; without credentials it
 * stays 401, so the route table cannot be probed anonymously. Stateless: no HTTP session,
 * no cookies, so no CSRF surface.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@ConditionalOnWebApplication
class SecurityConfiguration {

	private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

	static final RequestMatcher PUBLIC = new OrRequestMatcher(PATHS.matcher("/actuator/health"),
			PATHS.matcher("/actuator/health/**"), PATHS.matcher("/error"));

	/**
	 * The dashboard's static files and {@code /}, which redirects to them: public to read
	 * (GET, and HEAD for uptime checks), like any page; its data comes from
	 * {@code /api/**} with a token.
	 */
	static final RequestMatcher DASHBOARD = new OrRequestMatcher(PATHS.matcher(HttpMethod.GET, "/"),
			PATHS.matcher(HttpMethod.HEAD, "/"), PATHS.matcher(HttpMethod.GET, "/ui"),
			PATHS.matcher(HttpMethod.HEAD, "/ui"), PATHS.matcher(HttpMethod.GET, "/ui/**"),
			PATHS.matcher(HttpMethod.HEAD, "/ui/**"));

	/**
	 * Nothing but the dashboard's own files may run or load in its pages, so a message an
	 * agent crafted to look like HTML cannot execute even if it ever reached the DOM as
	 * markup.
	 */
	static final String DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	static final RequestMatcher MINT_TOKEN = PATHS.matcher(HttpMethod.POST, "/api/v1/auth/token");

	static final RequestMatcher REFRESH_TOKEN = PATHS.matcher(HttpMethod.POST, "/api/v1/auth/refresh");

	static final RequestMatcher MCP = new OrRequestMatcher(PATHS.matcher("/mcp"), PATHS.matcher("/mcp/**"));

	static final RequestMatcher API_KEY_REQUIRED = new OrRequestMatcher(MCP, MINT_TOKEN);

	static final RequestMatcher PROMETHEUS = PATHS.matcher("/actuator/prometheus");

	/** The one request {@code METRICS_TOKEN} authenticates. */
	static final RequestMatcher SCRAPE = PATHS.matcher(HttpMethod.GET, "/actuator/prometheus");

	/**
	 * Actuator endpoints are for operators: any one exposed beyond health and prometheus
	 * later needs the admin permission too, rather than any agent's token.
	 */
	static final RequestMatcher ACTUATOR = PATHS.matcher("/actuator/**");

	/**
	 * The OpenAPI document and Swagger UI: public, like the dashboard's files. They
	 * describe the API's shape (what README and docs/api.md already publish), never data
	 * or secrets, and Swagger UI must load the document before anyone can authorize in
	 * it.
	 */
	static final RequestMatcher API_DOCS = new OrRequestMatcher(PATHS.matcher(HttpMethod.GET, "/v3/api-docs"),
			PATHS.matcher(HttpMethod.GET, "/v3/api-docs/**"), PATHS.matcher(HttpMethod.GET, "/swagger-ui"),
			PATHS.matcher(HttpMethod.GET, "/swagger-ui/**"), PATHS.matcher(HttpMethod.GET, "/swagger-ui.html"));

	/**
	 * Swagger UI's pages: its own scripts only, and calls to this server only (the
	 * document and "Try it out"). Unlike the dashboard it needs inline styles: the UI
	 * injects a {@code <style>} element; styles cannot run code.
	 */
	static final String SWAGGER_UI_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	static final RequestMatcher TOKEN_REQUIRED = new OrRequestMatcher(PROMETHEUS, new AndRequestMatcher(
			PATHS.matcher("/api/**"), new NegatedRequestMatcher(new OrRequestMatcher(MINT_TOKEN, REFRESH_TOKEN))));

	/**
	 * What an address over its failed-authentication budget is refused: everything but
	 * the health probe, the dashboard's static files and the API docs, which need no
	 * credentials.
	 */
	static final RequestMatcher THROTTLED = new NegatedRequestMatcher(
			new OrRequestMatcher(PUBLIC, DASHBOARD, API_DOCS));

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeyAuthenticationProvider apiKeys,
			AgentTokenAuthenticationProvider tokens, ProblemAuthenticationEntryPoint entryPoint,
			ProblemAccessDeniedHandler accessDenied, AuthenticationFailures failures,
			MetricsTokenAuthenticationProvider metricsToken) throws Exception {
		CredentialsFilter credentials = new CredentialsFilter(apiKeys, tokens, API_KEY_REQUIRED, TOKEN_REQUIRED,
				REFRESH_TOKEN, THROTTLED, failures, entryPoint, metricsToken, SCRAPE);
		http.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(credentials, AuthorizationFilter.class)
			.headers((headers) -> headers
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(PATHS.matcher("/ui/**"),
						new StaticHeadersWriter("Content-Security-Policy", DASHBOARD_CSP)))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(PATHS.matcher("/ui/**"),
						new StaticHeadersWriter("Referrer-Policy", "no-referrer")))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(API_DOCS,
						new StaticHeadersWriter("Content-Security-Policy", SWAGGER_UI_CSP))))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.authorizeHttpRequests((requests) -> requests
				// the request itself was authorized; its async (SSE) and error dispatches
				// carry no credentials
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(PUBLIC)
				.permitAll()
				.requestMatchers(DASHBOARD)
				.permitAll()
				.requestMatchers(API_DOCS)
				.permitAll()
				.requestMatchers(REFRESH_TOKEN)
				.permitAll()
				.requestMatchers(PROMETHEUS)
				.hasAnyAuthority("PERM_" + Permission.ADMIN.value(), MetricsScrapeAuthentication.SCRAPE_METRICS)
				.requestMatchers(ACTUATOR)
				.hasAuthority("PERM_" + Permission.ADMIN.value())
				.requestMatchers(API_KEY_REQUIRED)
				.hasAuthority(AgentAuthentication.API_KEY)
				.requestMatchers(TOKEN_REQUIRED)
				.hasAuthority(AgentAuthentication.AGENT)
				// left: only 404s and 405s; a valid token learns the path does not
				// exist, an anonymous client only that it needs credentials
				.anyRequest()
				.hasAuthority(AgentAuthentication.AGENT));
		return http.build();
	}

	/**
	 * The default firewall with its header checks done without a regex per header read
	 * ({@link HeaderCharacters}).
	 */
	@Bean
	WebSecurityCustomizer firewall() {
		return (web) -> web.httpFirewall(HeaderCharacters.firewall());
	}

	/**
	 * Present so that Spring Boot does not configure a default user with a generated
	 * password.
	 */
	@Bean
	AuthenticationManager authenticationManager() {
		return (authentication) -> {
			throw new ProviderNotFoundException("Credentials are checked by the CredentialsFilter");
		};
	}

}
