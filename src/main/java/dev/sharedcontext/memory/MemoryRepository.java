package dev.sharedcontext.memory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.database.SqlDialect;

/**
 * Rows of {@code agent_memory}. Every statement is bound to one agent id, and every read,
 * count and delete of entries filters out expired rows, so an expired entry is gone the
 * moment it expires even before the purge.
 */
@Repository
class MemoryRepository {

	private static final String LIVE = "(expires_at IS NULL OR expires_at > :now)";

	private static final String COLUMNS = "key, value, session_id, metadata, created_at, updated_at, expires_at";

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	private final SqlDialect dialect;

	MemoryRepository(JdbcClient jdbc, @ReadOnly JdbcClient reads, SqlDialect dialect) {
		this.jdbc = jdbc;
		this.reads = reads;
		this.dialect = dialect;
	}

	/**
	 * Keeps every other transaction from changing {@code agentId}'s memory until the
	 * current one ends (a no-op on SQLite's single writer), so a count followed by an
	 * insert cannot race past the per-agent limit.
	 */
	void serializeAgent(String agentId) {
		this.dialect.serializeAgentMemory(this.jdbc, agentId);
	}

	/**
	 * Live entries of the agent in every scope except {@code (scope, key)}; run inside
	 * the writing transaction.
	 */
	long countLiveExcept(String agentId, String scope, String key, Instant now) {
		return this.jdbc.sql("""
				SELECT count(*) FROM agent_memory
				 WHERE agent_id = :agentId AND NOT (scope = :scope AND key = :key) AND %s
				""".formatted(LIVE))
			.param("agentId", agentId)
			.param("scope", scope)
			.param("key", key)
			.param("now", now.toEpochMilli())
			.query(Long.class)
			.single();
	}

	/**
	 * Inserts the entry, or replaces the agent's entry under the same scope and key when
	 * {@code overwrite} is set or that entry has expired (a replaced expired entry starts
	 * over, with a new {@code created_at}).
	 * @return the entry as stored, or empty when a live entry exists and
	 * {@code overwrite} is not set
	 */
	Optional<MemoryEntry> upsert(String agentId, String sessionId, String key, String value, String metadata,
			Instant now, Instant expiresAt, boolean overwrite) {
		return this.jdbc.sql("""
				INSERT INTO agent_memory (agent_id, scope, session_id, key, value, metadata, created_at, updated_at,
				                          expires_at)
				VALUES (:agentId, :scope, :sessionId, :key, :value, :metadata, :now, :now, :expiresAt)
				ON CONFLICT (agent_id, scope, key) DO UPDATE
				   SET value = excluded.value,
				       metadata = excluded.metadata,
				       updated_at = excluded.updated_at,
				       expires_at = excluded.expires_at,
				       created_at = CASE WHEN agent_memory.expires_at <= :now THEN excluded.created_at
				                         ELSE agent_memory.created_at END
				 WHERE :overwrite = 1 OR agent_memory.expires_at <= :now
				RETURNING %s
				""".formatted(COLUMNS))
			.param("agentId", agentId)
			.param("scope", MemoryScopes.of(sessionId))
			.param("sessionId", sessionId)
			.param("key", key)
			.param("value", value)
			.param("metadata", metadata)
			.param("now", now.toEpochMilli())
			.param("expiresAt", (expiresAt != null) ? expiresAt.toEpochMilli() : null)
			.param("overwrite", overwrite ? 1 : 0)
			.query(MemoryRepository::map)
			.optional();
	}

	Optional<MemoryEntry> findLive(String agentId, String sessionId, String key, Instant now) {
		return this.reads.sql("""
				SELECT %s FROM agent_memory
				 WHERE agent_id = :agentId AND scope = :scope AND key = :key AND %s
				""".formatted(COLUMNS, LIVE))
			.param("agentId", agentId)
			.param("scope", MemoryScopes.of(sessionId))
			.param("key", key)
			.param("now", now.toEpochMilli())
			.query(MemoryRepository::map)
			.optional();
	}

	/**
	 * Up to {@code limit} live entries of one scope whose key starts with {@code prefix},
	 * by key, stopping early once the entries read carry {@code maxBytes} of value and
	 * metadata (the first entry always fits; rows past the cut are never read).
	 */
	Slice findLive(String agentId, String sessionId, String prefix, int limit, long maxBytes, Instant now) {
		return this.reads.sql("""
				SELECT %s FROM agent_memory
				 WHERE agent_id = :agentId AND scope = :scope
				   AND substr(key, 1, length(:prefix)) = :prefix
				   AND %s
				 ORDER BY key
				 LIMIT :limit
				""".formatted(COLUMNS, LIVE))
			.param("agentId", agentId)
			.param("scope", MemoryScopes.of(sessionId))
			.param("prefix", (prefix != null) ? prefix : "")
			.param("limit", limit + 1)
			.param("now", now.toEpochMilli())
			.query((ResultSet rs) -> {
				List<MemoryEntry> entries = new ArrayList<>();
				long bytes = 0;
				while (rs.next()) {
					MemoryEntry entry = map(rs, entries.size());
					bytes += entry.value().length() + ((entry.metadata() != null) ? entry.metadata().length() : 0);
					if (entries.size() == limit || (bytes > maxBytes && !entries.isEmpty())) {
						return new Slice(entries, true);
					}
					entries.add(entry);
				}
				return new Slice(entries, false);
			});
	}

	/**
	 * Entries read by {@link #findLive(String, String, String, int, long, Instant)}.
	 *
	 * @param entries the entries, by key
	 * @param hasMore whether more entries match
	 */
	record Slice(List<MemoryEntry> entries, boolean hasMore) {
	}

	/**
	 * @return whether a live entry was deleted
	 */
	boolean deleteLive(String agentId, String sessionId, String key, Instant now) {
		return this.jdbc.sql("""
				DELETE FROM agent_memory
				 WHERE agent_id = :agentId AND scope = :scope AND key = :key AND %s
				""".formatted(LIVE))
			.param("agentId", agentId)
			.param("scope", MemoryScopes.of(sessionId))
			.param("key", key)
			.param("now", now.toEpochMilli())
			.update() > 0;
	}

	/**
	 * Deletes up to {@code batch} expired rows, so one purge never holds the single
	 * writer connection for long.
	 * @return rows deleted
	 */
	int deleteExpired(Instant now, int batch) {
		return this.jdbc.sql("""
				DELETE FROM agent_memory
				 WHERE (agent_id, scope, key) IN (SELECT agent_id, scope, key FROM agent_memory
				                                   WHERE expires_at <= :now LIMIT :batch)
				""").param("now", now.toEpochMilli()).param("batch", batch).update();
	}

	private static MemoryEntry map(ResultSet rs, int row) throws SQLException {
		long expires = rs.getLong("expires_at");
		Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
		return new MemoryEntry(rs.getString("key"), rs.getString("value"), rs.getString("session_id"),
				rs.getString("metadata"), Instant.ofEpochMilli(rs.getLong("created_at")),
				Instant.ofEpochMilli(rs.getLong("updated_at")), expiresAt);
	}

}
