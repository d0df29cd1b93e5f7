package dev.sharedcontext.auth.apikey;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A presented, not yet verified API key. Its {@link #toString()} never shows the key. */
public class ApiKeyAuthenticationToken extends AbstractAuthenticationToken {

	private final String key;

	ApiKeyAuthenticationToken(String key) {
		super(List.of());
		this.key = key;
	}

	@Override
	public String getCredentials() {
		return this.key;
	}

	@Override
	public Object getPrincipal() {
		return "api-key";
	}

	@Override
	public String toString() {
		return "ApiKeyAuthenticationToken[redacted]";
	}

}
