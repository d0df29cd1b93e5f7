package dev.sharedcontext.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.database.SqlDialect;

@Repository
class AuditRepository {

	private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	private final JsonMapper json;

	private final TransactionTemplate transaction;

	private final SqlDialect dialect;

	AuditRepository(JdbcClient jdbc, @ReadOnly JdbcClient reads, JsonMapper json,
			PlatformTransactionManager transactions, SqlDialect dialect) {
		this.jdbc = jdbc;
		this.dialect = dialect;
		this.reads = reads;
		this.json = json;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Appends an event to the hash chain. Reading the last hash and inserting happen in
	 * one transaction on the single writer connection (joining the caller's, if any), and
	 * SQLite's {@code BEGIN IMMEDIATE} holds the write lock from the read on, so no other
	 * writer (not even another process, like the host command) can slip a row in between:
	 * the chain stays linear. On PostgreSQL the transaction first takes the audit
	 * advisory lock ({@link SqlDialect#serialize}) for the same effect across connections
	 * and replicas; under READ COMMITTED the read after it sees the previous holder's
	 * committed row. The last hash is read, not cached, so a row rolled back with its
	 * transaction leaves no dangling link.
	 */
	void insert(AuditEvent event) {
		long at = event.timestamp().toEpochMilli();
		String details = event.details().isEmpty() ? null : this.json.writeValueAsString(event.details());
		this.transaction.executeWithoutResult((status) -> {
			this.dialect.serialize(this.jdbc, SqlDialect.Serial.AUDIT);
			String last = this.jdbc.sql("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
				.query(String.class)
				.optional()
				.orElse(null);
			String prevHash = (last != null) ? last : AuditChain.GENESIS;
			String hash = AuditChain.hash(prevHash, at, event.eventType(), event.agentId(), event.sessionId(),
					event.resource(), event.action(), event.result(), event.remoteAddress(), event.requestId(),
					details);
			insert(event, at, details, prevHash, hash);
		});
	}

	private void insert(AuditEvent event, long at, String details, String prevHash, String hash) {
		this.jdbc.sql("""
				INSERT INTO audit_log (occurred_at, event_type, agent_id, session_id, resource, action, result,
				                       remote_address, request_id, details, prev_hash, hash)
				VALUES (:at, :eventType, :agentId, :sessionId, :resource, :action, :result, :remote, :requestId,
				        :details, :prevHash, :hash)
				""")
			.param("at", at)
			.param("eventType", event.eventType())
			.param("agentId", event.agentId())
			.param("sessionId", event.sessionId())
			.param("resource", event.resource())
			.param("action", event.action())
			.param("result", event.result())
			.param("remote", event.remoteAddress())
			.param("requestId", event.requestId())
			.param("details", details)
			.param("prevHash", prevHash)
			.param("hash", hash)
			.update();
	}

	/**
	 * Events matching the query's filters with an id below {@code beforeId} (all when
	 * {@code null}), newest first. Only the conditions of the filters present are written
	 * into the statement, so SQLite can use the index of the filtered column; every value
	 * is a bound parameter.
	 */
	List<AuditEvent> find(AuditQuery query, Long beforeId, int limit) {
		StringBuilder sql = new StringBuilder("""
				SELECT id, occurred_at, event_type, agent_id, session_id, resource, action, result, remote_address,
				       request_id, details
				  FROM audit_log
				 WHERE 1 = 1""");
		Map<String, Object> params = new LinkedHashMap<>();
		condition(sql, params, "event_type = :eventType", "eventType", query.eventType());
		condition(sql, params, "agent_id = :agentId", "agentId", query.agentId());
		condition(sql, params, "session_id = :sessionId", "sessionId", query.sessionId());
		condition(sql, params, "occurred_at >= :since", "since",
				(query.since() != null) ? query.since().toEpochMilli() : null);
		condition(sql, params, "occurred_at < :until", "until",
				(query.until() != null) ? query.until().toEpochMilli() : null);
		condition(sql, params, "id < :beforeId", "beforeId", beforeId);
		sql.append(" ORDER BY id DESC LIMIT :limit");
		params.put("limit", limit);
		return this.reads.sql(sql.toString()).params(params).query(this::map).list();
	}

	private static void condition(StringBuilder sql, Map<String, Object> params, String condition, String name,
			Object value) {
		if (value != null) {
			sql.append(" AND ").append(condition);
			params.put(name, value);
		}
	}

	/**
	 * The id of the oldest event recorded at or after {@code cutoff}: the events before
	 * it are the ones retention deletes. Deleting only a prefix by id keeps the remaining
	 * rows one unbroken chain. {@code null} when every event is older than the cutoff.
	 */
	Long firstIdAtOrAfter(Instant cutoff) {
		return this.jdbc.sql("SELECT id FROM audit_log WHERE occurred_at >= :cutoff ORDER BY id LIMIT 1")
			.param("cutoff", cutoff.toEpochMilli())
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	/**
	 * The id of the oldest event to keep so that at most {@code keep} remain, or
	 * {@code null} when there are no more than that.
	 */
	Long firstIdToKeep(long keep) {
		long count = this.jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single();
		if (count <= keep) {
			return null;
		}
		return this.jdbc.sql("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET :excess")
			.param("excess", count - keep)
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	/** One past the newest id: deleting before it deletes every event. */
	long endId() {
		return this.jdbc.sql("SELECT coalesce(max(id), 0) + 1 FROM audit_log").query(Long.class).single();
	}

	/** The hash of the newest event before {@code id}, or {@code null}. */
	String hashBefore(long id) {
		return this.jdbc.sql("SELECT hash FROM audit_log WHERE id < :id ORDER BY id DESC LIMIT 1")
			.param("id", id)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/**
	 * Deletes up to {@code batch} of the oldest events with an id below {@code id};
	 * returns how many.
	 */
	int deleteBefore(long id, int batch) {
		return this.jdbc.sql("""
				DELETE FROM audit_log
				 WHERE id IN (SELECT id FROM audit_log WHERE id < :id ORDER BY id LIMIT :batch)
				""").param("id", id).param("batch", batch).update();
	}

	/**
	 * Whether a recorded purge says it deleted the event whose hash is {@code hash} (the
	 * {@code prev_hash} of the oldest remaining event).
	 */
	boolean purgeDeleted(String hash) {
		return this.reads.sql("""
				SELECT count(*) FROM audit_log
				 WHERE event_type = 'audit_retention' AND %s = :hash
				""".formatted(this.dialect.jsonTextField("details", "last_deleted_hash")))
			.param("hash", hash)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Calls {@code row} for every stored event, oldest first, without holding them all.
	 */
	void scan(Consumer<StoredRow> row) {
		this.reads.sql("""
				SELECT id, occurred_at, event_type, agent_id, session_id, resource, action, result, remote_address,
				       request_id, details, prev_hash, hash
				  FROM audit_log ORDER BY id
				""")
			.query((RowCallbackHandler) (rs) -> row.accept(new StoredRow(rs.getLong("id"), rs.getLong("occurred_at"),
					rs.getString("event_type"), rs.getString("agent_id"), rs.getString("session_id"),
					rs.getString("resource"), rs.getString("action"), rs.getString("result"),
					rs.getString("remote_address"), rs.getString("request_id"), rs.getString("details"),
					rs.getString("prev_hash"), rs.getString("hash"))));
	}

	/** An event's columns exactly as stored, which is what its hash covers. */
	record StoredRow(long id, long occurredAt, String eventType, String agentId, String sessionId, String resource,
			String action, String result, String remoteAddress, String requestId, String details, String prevHash,
			String hash) {

		String computedHash() {
			return AuditChain.hash(this.prevHash, this.occurredAt, this.eventType, this.agentId, this.sessionId,
					this.resource, this.action, this.result, this.remoteAddress, this.requestId, this.details);
		}

	}

	private AuditEvent map(ResultSet rs, int row) throws SQLException {
		String details = rs.getString("details");
		return new AuditEvent(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("occurred_at")),
				rs.getString("event_type"), rs.getString("agent_id"), rs.getString("session_id"),
				rs.getString("resource"), rs.getString("action"), rs.getString("result"),
				rs.getString("remote_address"), rs.getString("request_id"),
				(details != null) ? this.json.readValue(details, DETAILS) : Map.of());
	}

}
