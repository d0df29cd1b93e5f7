package dev.sharedcontext.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.sharedcontext.database.ReadOnly;

@Repository
class AuditRepository {

	private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JdbcClient reads;

	private final JsonMapper json;

	AuditRepository(JdbcClient jdbc, @ReadOnly JdbcClient reads, JsonMapper json) {
		this.jdbc = jdbc;
		this.reads = reads;
		this.json = json;
	}

	void insert(AuditEvent event) {
		this.jdbc.sql("""
				INSERT INTO audit_log (occurred_at, event_type, agent_id, session_id, resource, action, result,
				                       remote_address, request_id, details)
				VALUES (:at, :eventType, :agentId, :sessionId, :resource, :action, :result, :remote, :requestId,
				        :details)
				""")
			.param("at", event.timestamp().toEpochMilli())
			.param("eventType", event.eventType())
			.param("agentId", event.agentId())
			.param("sessionId", event.sessionId())
			.param("resource", event.resource())
			.param("action", event.action())
			.param("result", event.result())
			.param("remote", event.remoteAddress())
			.param("requestId", event.requestId())
			.param("details", event.details().isEmpty() ? null : this.json.writeValueAsString(event.details()))
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
	 * Deletes up to {@code batch} of the oldest events recorded before {@code cutoff};
	 * returns how many.
	 */
	int deleteOlderThan(Instant cutoff, int batch) {
		return this.jdbc.sql("""
				DELETE FROM audit_log
				 WHERE id IN (SELECT id FROM audit_log WHERE occurred_at < :cutoff ORDER BY occurred_at LIMIT :batch)
				""").param("cutoff", cutoff.toEpochMilli()).param("batch", batch).update();
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
