package dev.sharedcontext.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Protected ({@code sct_}) tokens: 256 random bits, url-safe base64 without padding (43
 * characters). The server stores only {@link #hash(String) SHA-256} of the value, so a
 * copy of the database authenticates no one.
 */
final class ProtectedTokens {

	static final String PREFIX = "sct_";

	private static final Pattern SHAPE = Pattern.compile("sct_[A-Za-z0-9_-]{43}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private ProtectedTokens() {
	}

	static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static boolean looksLikeOne(String token) {
		return token.startsWith(PREFIX);
	}

	static boolean wellFormed(String token) {
		return SHAPE.matcher(token).matches();
	}

	static String hash(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

	static String newId() {
		byte[] bytes = new byte[12];
		RANDOM.nextBytes(bytes);
		return "tok_" + HexFormat.of().formatHex(bytes);
	}

}
