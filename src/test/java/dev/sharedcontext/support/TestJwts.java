package dev.sharedcontext.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.node.ObjectNode;

/**
 * JWTs taken apart and put together by hand, as an attacker would: the tests of token
 * handling forge, re-sign and tamper with them without going through jjwt.
 */
public final class TestJwts {

	private TestJwts() {
	}

	/**
	 * A JWT of this header and these claims, signed with {@code key} by
	 * {@code macAlgorithm}.
	 */
	public static String sign(ObjectNode header, ObjectNode claims, String macAlgorithm, String key) {
		String signingInput = encode(header) + "." + encode(claims);
		try {
			Mac mac = Mac.getInstance(macAlgorithm);
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), macAlgorithm));
			byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
			return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static ObjectNode header(String jwt) {
		return (ObjectNode) Api.JSON.readTree(decode(jwt.split("\\.")[0]));
	}

	public static ObjectNode claims(String jwt) {
		return (ObjectNode) Api.JSON.readTree(decode(jwt.split("\\.")[1]));
	}

	/** One base64url segment of a JWT. */
	public static String encode(ObjectNode json) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(Api.JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8));
	}

	public static String decode(String part) {
		return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
	}

}
