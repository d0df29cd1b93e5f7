package dev.sharedcontext.auth.apikey;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.authentication.AuthenticationConverter;

/** Reads the {@code X-API-Key} header; {@code null} when the request has none. */
public class ApiKeyAuthenticationConverter implements AuthenticationConverter {

	public static final String HEADER = "X-API-Key";

	@Override
	public ApiKeyAuthenticationToken convert(HttpServletRequest request) {
		String key = request.getHeader(HEADER);
		return (key != null) ? new ApiKeyAuthenticationToken(key) : null;
	}

}
