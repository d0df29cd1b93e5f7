package dev.sharedcontext.web;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of every request: when the TCP peer is one of {@code TRUSTED_PROXIES}, the
 * request is seen from then on with the client address from {@code X-Forwarded-For} and
 * the scheme from {@code X-Forwarded-Proto}; from any other peer those headers are
 * ignored. Rate limits, the audit log and the logs all read {@code getRemoteAddr()}, so
 * this is the one place that decides it. Spring Boot's own forwarded-header support stays
 * off ({@code server.forward-headers-strategy: none}) because it trusts private networks.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TrustedProxyFilter extends OncePerRequestFilter {

	static final String FORWARDED_FOR = "X-Forwarded-For";

	static final String FORWARDED_PROTO = "X-Forwarded-Proto";

	private final TrustedProxies proxies;

	TrustedProxyFilter(ProxyProperties properties) {
		this.proxies = properties.proxies();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String peer = request.getRemoteAddr();
		if (this.proxies.isEmpty() || !this.proxies.contains(peer)) {
			chain.doFilter(request, response);
			return;
		}
		String client = this.proxies.clientAddress(peer, Collections.list(request.getHeaders(FORWARDED_FOR)));
		chain.doFilter(new ForwardedRequest(request, client, scheme(request)), response);
	}

	private static String scheme(HttpServletRequest request) {
		String proto = request.getHeader(FORWARDED_PROTO);
		if (proto == null) {
			return request.getScheme();
		}
		// a chain of proxies may list one scheme per hop; the first is the client's
		String first = proto.split(",")[0].trim();
		return ("https".equalsIgnoreCase(first) || "http".equalsIgnoreCase(first)) ? first.toLowerCase()
				: request.getScheme();
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/** The request as the client sent it to the proxy. */
	private static final class ForwardedRequest extends HttpServletRequestWrapper {

		private final String client;

		private final String scheme;

		ForwardedRequest(HttpServletRequest request, String client, String scheme) {
			super(request);
			this.client = client;
			this.scheme = scheme;
		}

		@Override
		public String getRemoteAddr() {
			return this.client;
		}

		@Override
		public String getRemoteHost() {
			return this.client;
		}

		@Override
		public String getScheme() {
			return this.scheme;
		}

		@Override
		public boolean isSecure() {
			return "https".equals(this.scheme);
		}

	}

}
