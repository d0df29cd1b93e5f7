package dev.sharedcontext.auth.token;

import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SecurityException;

import org.springframework.stereotype.Component;

import dev.sharedcontext.auth.AuthProperties;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.Secrets;
import dev.sharedcontext.auth.token.InvalidTokenException.Reason;

/**
 * Signs and verifies HS256 JWTs. jjwt already rejects {@code alg=none}, algorithm
 * confusion, tampering, wrong keys and expiry; this class adds what it lets through: only
 * HS256 (not HS384/512 with a long key), required {@code sub}, {@code jti}, {@code iat},
 * {@code exp}, no {@code iat} in the future, and a size cap. The {@code kid} header names
 * the key, so tokens signed with a previous key still verify during a rotation.
 */
@Component
class JwtTokenProvider {

	static final int MAX_TOKEN_LENGTH = 4096;

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private final Clock clock;

	private final String signingKeyId;

	private final SecretKey signingKey;

	private final Map<String, SecretKey> verificationKeys;

	private final JwtParser parser;

	JwtTokenProvider(Secrets secrets, AuthProperties properties, Clock clock) {
		this.clock = clock;
		this.signingKey = Keys.hmacShaKeyFor(secrets.jwtSigningKey());
		this.signingKeyId = keyId(secrets.jwtSigningKey());
		Map<String, SecretKey> keys = new LinkedHashMap<>();
		keys.put(this.signingKeyId, this.signingKey);
		for (byte[] previous : secrets.jwtPreviousKeys()) {
			keys.putIfAbsent(keyId(previous), Keys.hmacShaKeyFor(previous));
		}
		this.verificationKeys = Map.copyOf(keys);
		this.parser = Jwts.parser()
			.keyLocator(new KeyById())
			.requireIssuer(properties.issuer())
			.requireAudience(properties.audience())
			.clock(() -> Date.from(this.clock.instant()))
			.build();
	}

	String sign(TokenRecord token, String issuer, String audience) {
		return Jwts.builder()
			.header()
			.keyId(this.signingKeyId)
			.and()
			.id(token.id())
			.subject(token.agentId())
			.issuer(issuer)
			.audience()
			.add(audience)
			.and()
			.issuedAt(Date.from(token.issuedAt()))
			.expiration(Date.from(token.expiresAt()))
			.claim("agent_type", token.agentType())
			.claim("permissions", Permission.values(token.permissions()))
			.signWith(this.signingKey, Jwts.SIG.HS256)
			.compact();
	}

	/**
	 * Verifies a JWT and returns its claims.
	 * @param token the compact JWT
	 * @param expiredGrace how long after expiry the token is still accepted (zero except
	 * for refresh)
	 */
	VerifiedJwt verify(String token, Duration expiredGrace) {
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw new InvalidTokenException(Reason.TOO_LONG);
		}
		Claims claims;
		try {
			claims = this.parser.parseSignedClaims(token).getPayload();
		}
		catch (ExpiredJwtException ex) {
			Instant expiry = ex.getClaims().getExpiration().toInstant();
			if (expiredGrace.isZero() || expiry.plus(expiredGrace).isBefore(this.clock.instant())) {
				throw new InvalidTokenException(Reason.EXPIRED);
			}
			claims = ex.getClaims();
		}
		catch (IncorrectClaimException | MissingClaimException ex) {
			String claim = ex.getClaimName();
			throw new InvalidTokenException(Claims.AUDIENCE.equals(claim) ? Reason.WRONG_AUDIENCE
					: Claims.ISSUER.equals(claim) ? Reason.WRONG_ISSUER : Reason.MISSING_CLAIM);
		}
		catch (UnsupportedJwtException ex) {
			throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM);
		}
		catch (SecurityException ex) {
			throw new InvalidTokenException(Reason.BAD_SIGNATURE);
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw new InvalidTokenException(Reason.MALFORMED);
		}
		return toVerified(claims);
	}

	private VerifiedJwt toVerified(Claims claims) {
		if (claims.getSubject() == null || claims.getId() == null || claims.getIssuedAt() == null
				|| claims.getExpiration() == null || !(claims.get("agent_type") instanceof String agentType)) {
			throw new InvalidTokenException(Reason.MISSING_CLAIM);
		}
		if (claims.getIssuedAt().toInstant().isAfter(this.clock.instant().plus(CLOCK_SKEW))) {
			throw new InvalidTokenException(Reason.ISSUED_IN_FUTURE);
		}
		Set<Permission> permissions;
		try {
			permissions = (claims.get("permissions") instanceof Collection<?> values)
					? Permission.parseList(String.join(",", values.stream().map(String::valueOf).toList())) : Set.of();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTokenException(Reason.MALFORMED);
		}
		return new VerifiedJwt(claims.getId(), claims.getSubject(), agentType, permissions,
				claims.getExpiration().toInstant());
	}

	private static String keyId(byte[] key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

	/** Claims of a verified JWT. */
	record VerifiedJwt(String id, String agentId, String agentType, Set<Permission> permissions, Instant expiresAt) {
	}

	private final class KeyById extends LocatorAdapter<Key> {

		@Override
		protected Key locate(JwsHeader header) {
			if (!"HS256".equals(header.getAlgorithm())) {
				throw new UnsupportedJwtException("Only HS256 is accepted");
			}
			String keyId = header.getKeyId();
			SecretKey key = (keyId != null) ? JwtTokenProvider.this.verificationKeys.get(keyId)
					: JwtTokenProvider.this.signingKey;
			if (key == null) {
				throw new SecurityException("Unknown key id");
			}
			return key;
		}

	}

}
