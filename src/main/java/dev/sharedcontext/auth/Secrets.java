package dev.sharedcontext.auth;

import java.util.List;

/**
 * The server's resolved secrets. {@link #toString()} never prints them.
 *
 * @param apiKey the connection key clients send as {@code X-API-Key}
 * @param jwtSigningKey the current HS256 key (UTF-8 bytes of the configured value)
 * @param jwtPreviousKeys keys that still verify during rotation
 */
public record Secrets(String apiKey, byte[] jwtSigningKey, List<byte[]> jwtPreviousKeys) {

	@Override
	public String toString() {
		return "Secrets[redacted]";
	}

}
