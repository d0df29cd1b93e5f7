package dev.sharedcontext.auth.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.database.ReadOnly;

@Repository
class TokenRepository {

	private static final String COLUMNS = """
			id, format, agent_id, agent_type, permissions, issued_by, issued_at, expires_at, revoked_at""";

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	TokenRepository(JdbcClient jdbc, @ReadOnly JdbcClient reads) {
		this.jdbc = jdbc;
		this.reads = reads;
	}

	void insert(TokenRecord token, String tokenHash) {
		this.jdbc.sql("""
				INSERT INTO tokens (id, token_hash, format, agent_id, agent_type, permissions, issued_by,
				                    issued_at, expires_at)
				VALUES (:id, :hash, :format, :agentId, :agentType, :permissions, :issuedBy, :issuedAt, :expiresAt)
				""")
			.param("id", token.id())
			.param("hash", tokenHash)
			.param("format", token.format().value())
			.param("agentId", token.agentId())
			.param("agentType", token.agentType())
			.param("permissions", Permission.toList(token.permissions()))
			.param("issuedBy", token.issuedBy())
			.param("issuedAt", token.issuedAt().toEpochMilli())
			.param("expiresAt", token.expiresAt().toEpochMilli())
			.update();
	}

	Optional<TokenRecord> findByHash(String tokenHash) {
		return this.reads.sql("SELECT " + COLUMNS + " FROM tokens WHERE token_hash = :hash")
			.param("hash", tokenHash)
			.query(TokenRepository::map)
			.optional();
	}

	Optional<TokenRecord> findById(String id) {
		return this.reads.sql("SELECT " + COLUMNS + " FROM tokens WHERE id = :id")
			.param("id", id)
			.query(TokenRepository::map)
			.optional();
	}

	/**
	 * Marks the token revoked; returns false when it does not exist or was already
	 * revoked.
	 */
	boolean revoke(String id, Instant at) {
		return this.jdbc.sql("UPDATE tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
			.param("at", at.toEpochMilli())
			.param("id", id)
			.update() == 1;
	}

	List<TokenRecord> list(String agentId, boolean includeInactive, Instant now, int limit, int offset) {
		return this.reads.sql("SELECT " + COLUMNS + """
				 FROM tokens
				WHERE (CAST(:agentId AS TEXT) IS NULL OR agent_id = :agentId)
				  AND (:all = 1 OR (revoked_at IS NULL AND expires_at > :now))
				ORDER BY issued_at DESC, id
				LIMIT :limit OFFSET :offset
				""")
			.param("agentId", agentId)
			.param("all", includeInactive ? 1 : 0)
			.param("now", now.toEpochMilli())
			.param("limit", limit)
			.param("offset", offset)
			.query(TokenRepository::map)
			.list();
	}

	private static TokenRecord map(ResultSet rs, int row) throws SQLException {
		long revoked = rs.getLong("revoked_at");
		Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
		return new TokenRecord(rs.getString("id"), TokenFormat.of(rs.getString("format")), rs.getString("agent_id"),
				rs.getString("agent_type"), Permission.parseList(rs.getString("permissions")),
				rs.getString("issued_by"), Instant.ofEpochMilli(rs.getLong("issued_at")),
				Instant.ofEpochMilli(rs.getLong("expires_at")), revokedAt);
	}

}
