package dev.sharedcontext.mcp;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.sharedcontext.mcp.protocol.JsonRpc;
import dev.sharedcontext.mcp.protocol.JsonRpcError;

/**
 * DNS-rebinding protection for {@code /mcp} (MCP transport security): a request whose
 * {@code Host} is not this machine (localhost, 127.0.0.1, [::1]) or a configured name, or
 * whose {@code Origin} is neither local nor in {@code ALLOWED_ORIGINS}, is refused with
 * 403 before anything else looks at it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class OriginValidationFilter extends OncePerRequestFilter {

	private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

	private final Set<String> allowedOrigins;

	private final Set<String> allowedHosts;

	private final JsonMapper json;

	OriginValidationFilter(McpProperties properties, JsonMapper json) {
		this.json = json;
		this.allowedOrigins = new HashSet<>();
		this.allowedHosts = new HashSet<>(LOCAL_HOSTS);
		for (String origin : properties.allowedOrigins()) {
			this.allowedOrigins.add(origin.toLowerCase(Locale.ROOT).replaceAll("/+$", ""));
			String host = hostOf(origin);
			if (host != null) {
				this.allowedHosts.add(host);
			}
		}
		properties.allowedHosts().forEach((host) -> this.allowedHosts.add(stripPort(host.toLowerCase(Locale.ROOT))));
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !(path.equals("/mcp") || path.startsWith("/mcp/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String host = request.getHeader("Host");
		String origin = request.getHeader("Origin");
		if (host == null || !this.allowedHosts.contains(stripPort(host.toLowerCase(Locale.ROOT)))) {
			reject(response, "Host not allowed");
			return;
		}
		if (origin != null && !originAllowed(origin)) {
			reject(response, "Origin not allowed");
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean originAllowed(String origin) {
		String normalized = origin.toLowerCase(Locale.ROOT);
		if (this.allowedOrigins.contains(normalized)) {
			return true;
		}
		String host = hostOf(normalized);
		return host != null && LOCAL_HOSTS.contains(host);
	}

	private void reject(HttpServletResponse response, String message) throws IOException {
		response.setStatus(HttpStatus.FORBIDDEN.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), JsonRpcError.of(null, JsonRpc.SERVER_ERROR, message));
	}

	private static String hostOf(String origin) {
		try {
			String host = URI.create(origin.trim()).getHost();
			return (host != null) ? host.toLowerCase(Locale.ROOT) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String stripPort(String host) {
		if (host.startsWith("[")) {
			int end = host.indexOf(']');
			return (end > 0) ? host.substring(0, end + 1) : host;
		}
		int colon = host.lastIndexOf(':');
		return (colon > 0 && host.indexOf(':') == colon) ? host.substring(0, colon) : host;
	}

}
