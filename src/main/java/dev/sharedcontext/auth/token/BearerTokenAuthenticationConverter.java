package dev.sharedcontext.auth.token;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

import dev.sharedcontext.auth.CredentialsRejectedException;

/**
 * Reads {@code Authorization: Bearer <token>}; {@code null} when the header is absent.
 * Any other scheme, or an empty token, is refused rather than ignored.
 */
public class BearerTokenAuthenticationConverter {

	private static final String PREFIX = "bearer ";

	public String convert(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			return null;
		}
		if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			throw new CredentialsRejectedException("INVALID_TOKEN", "unsupported_authorization_scheme",
					"Use 'Authorization: Bearer <token>'");
		}
		return header.substring(PREFIX.length()).trim();
	}

}
