package dev.sharedcontext.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.audit.Audited;
import dev.sharedcontext.auth.AgentPermissionPolicy;
import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.AuthProperties;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.PermissionDeniedException;
import dev.sharedcontext.auth.token.InvalidTokenException.Reason;
import dev.sharedcontext.auth.token.JwtTokenProvider.VerifiedJwt;
import dev.sharedcontext.database.RowCache;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.ratelimit.RateLimit;
import dev.sharedcontext.replica.CommitSignalHandler;
import dev.sharedcontext.replica.CommitSignals;
import dev.sharedcontext.ratelimit.RateLimited;
import dev.sharedcontext.web.ApiException;

/**
 * Issues, verifies, refreshes and revokes tokens. Both formats are recorded in the
 * {@code tokens} table (protected tokens by hash, JWTs by {@code jti}), so either can be
 * listed and revoked, and the row decides: a JWT is accepted only while its row exists,
 * is not revoked and has not expired, whatever its own {@code exp} says, and it carries
 * the row's permissions, not its claims'. Verification reads the token's row, remembered
 * for at most {@link #ROW_CACHE_LIFETIME} (SPEC §4 allows a cache of at most 1 s): a
 * token revoked through this server fails on the very next request. A revocation also
 * signals the other replicas from inside its transaction ({@link CommitSignals}); on
 * PostgreSQL they forget the row as soon as it commits ({@link #tokenChanged}), and the
 * cache's one-second lifetime remains the bound when a signal is lost (and the only path
 * on SQLite).
 */
@Service
public class TokenService implements CommitSignalHandler {

	/** How long after expiry a token can still be traded in for a new one. */
	public static final Duration REFRESH_GRACE = Duration.ofMinutes(5);

	/**
	 * How long a token's row may be used without reading it again (SPEC §4: no cache
	 * longer than 1 s).
	 */
	static final Duration ROW_CACHE_LIFETIME = Duration.ofMillis(1000);

	private final TokenRepository tokens;

	private final RowCache<String, TokenRecord> rows = new RowCache<>(ROW_CACHE_LIFETIME, 100_000);

	private final JwtTokenProvider jwt;

	private final AgentPermissionPolicy policy;

	private final AuthProperties properties;

	private final ServerMeters meters;

	private final Clock clock;

	private final CommitSignals signals;

	TokenService(TokenRepository tokens, JwtTokenProvider jwt, AgentPermissionPolicy policy, AuthProperties properties,
			Clock clock, CommitSignals signals, ServerMeters meters) {
		this.meters = meters;
		this.signals = signals;
		this.tokens = tokens;
		this.jwt = jwt;
		this.policy = policy;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Issues a token to an agent that proved the API key: the requested permissions
	 * intersected with the policy.
	 */
	@Audited(event = "auth_success", action = "authenticate_agent", resource = "token")
	@Transactional
	@RateLimited(RateLimit.AUTHENTICATION)
	public IssuedToken authenticateAgent(String agentId, String agentType, Collection<Permission> requested,
			TokenFormat format, AuditDetails audit) {
		audit.agent(agentId);
		Set<Permission> granted = this.policy.grant(agentId, requested);
		if (granted.isEmpty()) {
			// a token that can do nothing is a mistake the caller should hear about, not
			// a success
			throw new PermissionDeniedException("authenticate_agent",
					requested.isEmpty() ? Permission.READ : requested.iterator().next());
		}
		audit.put("granted", Permission.values(granted));
		return issue(agentId, agentType, granted, format, this.properties.tokenExpiry(), agentId, audit);
	}

	/** Issues a token with any permissions; only admins may. */
	@Audited(event = "token_issued", action = "admin_issue", resource = "token")
	@Transactional
	public IssuedToken issueAsAdmin(AgentPrincipal admin, String agentId, String agentType,
			Collection<Permission> permissions, Duration expiresIn, TokenFormat format, AuditDetails audit) {
		admin.require(Permission.ADMIN, "issue_token");
		audit.put("subject", agentId);
		audit.put("permissions", Permission.values(permissions));
		return issue(agentId, agentType, Set.copyOf(permissions), format,
				(expiresIn != null) ? expiresIn : this.properties.tokenExpiry(), admin.agentId(), audit);
	}

	/**
	 * The host's bootstrap: {@code java -jar server.jar token create}. Trusted because it
	 * runs on the host.
	 */
	@Audited(event = "token_issued", action = "host_issue", resource = "token")
	@Transactional
	public IssuedToken issueFromHost(String agentId, String agentType, Collection<Permission> permissions,
			Duration expiresIn, TokenFormat format, AuditDetails audit) {
		audit.agent("cli");
		audit.put("subject", agentId);
		audit.put("permissions", Permission.values(permissions));
		return issue(agentId, agentType, Set.copyOf(permissions), format,
				(expiresIn != null) ? expiresIn : this.properties.tokenExpiry(), "cli", audit);
	}

	/**
	 * The principal a bearer token stands for (REST, MCP headers and MCP
	 * {@code auth_token} alike); the agent then counts as active
	 * ({@code scs.agents.active}).
	 * @throws InvalidTokenException when the token is malformed, forged, expired, revoked
	 * or unknown
	 */
	public AgentPrincipal authenticate(String rawToken) {
		TokenRecord record = verify(rawToken, Duration.ZERO);
		this.meters.agentSeen(record.agentId());
		return new AgentPrincipal(record.agentId(), record.agentType(), record.permissions(), record.id());
	}

	/**
	 * Trades a valid token, or one expired for at most {@link #REFRESH_GRACE}, for a new
	 * one with the same claims and format; the old one is revoked.
	 */
	@Audited(event = "token_refreshed", action = "refresh_token", resource = "token")
	@Transactional
	@RateLimited(RateLimit.AUTHENTICATION)
	public IssuedToken refresh(String rawToken, AuditDetails audit) {
		TokenRecord current = verify(rawToken, REFRESH_GRACE);
		audit.agent(current.agentId());
		audit.put("previous_token_id", current.id());
		boolean revoked = this.tokens.revoke(current.id(), this.clock.instant());
		evict(current.id());
		if (!revoked) {
			throw new InvalidTokenException(Reason.REVOKED);
		}
		return issue(current.agentId(), current.agentType(), current.permissions(), current.format(),
				this.properties.tokenExpiry(), current.agentId(), audit);
	}

	@Audited(event = "token_revoked", action = "revoke_token", resource = "token")
	@Transactional
	public void revoke(AgentPrincipal admin, String tokenId, AuditDetails audit) {
		admin.require(Permission.ADMIN, "revoke_token");
		audit.put("token_id", tokenId);
		TokenRecord token = this.tokens.findById(tokenId).orElseThrow(() -> new TokenNotFoundException(tokenId));
		audit.put("subject", token.agentId());
		this.tokens.revoke(tokenId, this.clock.instant());
		evict(tokenId);
	}

	@Audited(event = "admin_action", action = "list_tokens", resource = "token")
	public List<TokenRecord> list(AgentPrincipal admin, String agentId, boolean includeInactive, int limit,
			int offset) {
		admin.require(Permission.ADMIN, "list_tokens");
		return this.tokens.list(agentId, includeInactive, this.clock.instant(), limit, offset);
	}

	/**
	 * Whether the token with this id can still be used (exists, not revoked, not
	 * expired).
	 */
	public boolean isActive(String tokenId) {
		Instant now = this.clock.instant();
		return this.rows.get("id:" + tokenId, this::findById)
			.filter((t) -> !t.revoked() && t.expiresAt().isAfter(now))
			.isPresent();
	}

	private TokenRecord verify(String rawToken, Duration expiredGrace) {
		if (rawToken == null || rawToken.isBlank()) {
			throw new InvalidTokenException(Reason.MALFORMED);
		}
		Instant now = this.clock.instant();
		TokenRecord record;
		if (ProtectedTokens.looksLikeOne(rawToken)) {
			if (!ProtectedTokens.wellFormed(rawToken)) {
				throw new InvalidTokenException(Reason.MALFORMED);
			}
			record = this.rows.get("hash:" + ProtectedTokens.hash(rawToken), this::findByHash)
				.orElseThrow(() -> new InvalidTokenException(Reason.UNKNOWN_TOKEN));
		}
		else {
			VerifiedJwt claims = this.jwt.verify(rawToken, expiredGrace);
			record = this.rows.get("id:" + claims.id(), this::findById)
				.filter((r) -> r.format() == TokenFormat.JWT && r.agentId().equals(claims.agentId()))
				.orElseThrow(() -> new InvalidTokenException(Reason.UNKNOWN_TOKEN));
		}
		// The row's expiry bounds every token, a JWT included: whoever holds the signing
		// key (a leaked key, a key kept after rotation) can re-sign a JWT with any exp,
		// but cannot move the row's expires_at.
		if (!record.expiresAt().plus(expiredGrace).isAfter(now)) {
			throw new InvalidTokenException(Reason.EXPIRED);
		}
		if (record.revoked()) {
			throw new InvalidTokenException(Reason.REVOKED);
		}
		return record;
	}

	private Optional<TokenRecord> findByHash(String key) {
		return this.tokens.findByHash(key.substring("hash:".length()));
	}

	private Optional<TokenRecord> findById(String key) {
		return this.tokens.findById(key.substring("id:".length()));
	}

	/** Another replica changed this token's row (revoked it). */
	@Override
	public void tokenChanged(String tokenId) {
		this.rows.evictIf((r) -> r.id().equals(tokenId));
	}

	/** Signals from other replicas may have been lost: read every token again. */
	@Override
	public void signalsMissed() {
		this.rows.clear();
	}

	/**
	 * Forgets a token's row once its revocation is written (and again after the commit,
	 * so that a request that read the row meanwhile cannot keep the old state for longer
	 * than this transaction), and tells the other replicas to forget it when this
	 * transaction commits.
	 */
	private void evict(String tokenId) {
		this.signals.tokenChanged(tokenId);
		this.rows.evictIf((r) -> r.id().equals(tokenId));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TokenService.this.rows.evictIf((r) -> r.id().equals(tokenId));
				}
			});
		}
	}

	private IssuedToken issue(String agentId, String agentType, Set<Permission> permissions, TokenFormat format,
			Duration lifetime, String issuedBy, AuditDetails audit) {
		Instant now = this.clock.instant();
		TokenRecord record = new TokenRecord(ProtectedTokens.newId(), format, agentId, agentType, permissions, issuedBy,
				now, now.plus(lifetime), null);
		String token;
		String hash;
		if (format == TokenFormat.SCT) {
			token = ProtectedTokens.generate();
			hash = ProtectedTokens.hash(token);
		}
		else {
			token = this.jwt.sign(record, this.properties.issuer(), this.properties.audience());
			hash = null;
		}
		this.tokens.insert(record, hash);
		audit.put("token_id", record.id());
		audit.put("format", format.value());
		return new IssuedToken(token, record.id(), agentId, agentType, Permission.values(permissions),
				record.expiresAt(), "Bearer", format);
	}

	/** No token with that id. */
	public static class TokenNotFoundException extends ApiException {

		TokenNotFoundException(String id) {
			super(org.springframework.http.HttpStatus.NOT_FOUND, "TOKEN_NOT_FOUND", "No token with id '" + id + "'");
		}

	}

}
