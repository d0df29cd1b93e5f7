package dev.sharedcontext.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

	List<AuditEvent> findAfter(long afterId, int limit) {
		return this.reads.sql("""
				SELECT id, occurred_at, event_type, agent_id, session_id, resource, action, result, remote_address,
				       request_id, details
				  FROM audit_log WHERE id > :afterId ORDER BY id LIMIT :limit
				""").param("afterId", afterId).param("limit", limit).query(this::map).list();
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
