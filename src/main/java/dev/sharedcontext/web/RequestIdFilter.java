package dev.sharedcontext.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (a well-formed incoming {@code X-Request-Id} is kept, so a
 * proxy's id carries through), echoes it in the response and puts it, with the remote
 * address, in the logging context. Errors and audit rows carry the same id, so a 5xx a
 * client reports can be found in the log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestIdFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Request-Id";

	/**
	 * The id kept on the request, so that its error dispatch (the problem body
	 * {@code /error} renders) carries the same id as the request itself.
	 */
	static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = (String) request.getAttribute(ATTRIBUTE);
		if (requestId == null) {
			String incoming = request.getHeader(HEADER);
			requestId = (incoming != null && SAFE_ID.matcher(incoming).matches()) ? incoming
					: UUID.randomUUID().toString();
			request.setAttribute(ATTRIBUTE, requestId);
		}
		MDC.put(RequestContext.REQUEST_ID, requestId);
		MDC.put(RequestContext.REMOTE_ADDRESS, request.getRemoteAddr());
		response.setHeader(HEADER, requestId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(RequestContext.REQUEST_ID);
			MDC.remove(RequestContext.REMOTE_ADDRESS);
		}
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
