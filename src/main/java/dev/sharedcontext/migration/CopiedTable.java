package dev.sharedcontext.migration;

import java.util.List;

/**
 * A table that {@code migrate-to} copies: its columns (the same names on both engines)
 * and its primary key, whose order is the order rows are copied, checksummed and compared
 * in. Both engines order text keys by code point (SQLite's BINARY collation, PostgreSQL's
 * {@code COLLATE "C"} on these columns), so "in key order" is the same sequence on both.
 *
 * @param name the table
 * @param columns every column the copy carries, in a fixed order
 * @param key the primary key columns
 * @param identity whether the key is a generated id whose sequence must continue after
 * the copied rows
 */
record CopiedTable(String name, List<Column> columns, List<String> key, boolean identity) {

	/**
	 * The tables copied, parents before children: messages and memory refer to sessions,
	 * a reply to a message with a smaller id.
	 */
	static final List<CopiedTable> ALL = List.of(
			new CopiedTable("sessions",
					List.of(text("id"), text("purpose"), text("created_by"), text("metadata"), integer("is_active"),
							integer("created_at"), integer("updated_at")),
					List.of("id"), false),
			new CopiedTable("messages",
					List.of(integer("id"), text("session_id"), text("sender"), text("sender_type"), text("content"),
							text("visibility"), text("message_type"), text("metadata"), integer("parent_message_id"),
							integer("created_at")),
					List.of("id"), true),
			new CopiedTable("agent_memory",
					List.of(text("agent_id"), text("scope"), text("session_id"), text("key"), text("value"),
							text("metadata"), integer("created_at"), integer("updated_at"), integer("expires_at")),
					List.of("agent_id", "scope", "key"), false),
			new CopiedTable("tokens",
					List.of(text("id"), text("token_hash"), text("format"), text("agent_id"), text("agent_type"),
							text("permissions"), text("issued_by"), integer("issued_at"), integer("expires_at"),
							integer("revoked_at")),
					List.of("id"), false),
			new CopiedTable("audit_log", List.of(integer("id"), integer("occurred_at"), text("event_type"),
					text("agent_id"), text("session_id"), text("resource"), text("action"), text("result"),
					text("remote_address"), text("request_id"), text("details"), text("prev_hash"), text("hash")),
					List.of("id"), true));

	/**
	 * Tables deliberately left behind, with the reason the summary prints.
	 */
	static final List<String> NOT_COPIED = List.of(
			"mcp_sessions, mcp_subscriptions, mcp_events: transport state of connected MCP clients, which reconnect",
			"rate_limit_buckets: rate-limit budgets start full", "job_runs: housekeeping runs at its next interval",
			"search_index_progress: PostgreSQL indexes each message as it is written");

	/** Reads every row in key order. */
	String selectInKeyOrder() {
		return "SELECT " + columnList() + " FROM " + this.name + " ORDER BY " + String.join(", ", this.key);
	}

	String insert() {
		return "INSERT INTO " + this.name + " (" + columnList() + ") VALUES ("
				+ String.join(", ", this.columns.stream().map((column) -> "?").toList()) + ")";
	}

	private String columnList() {
		return String.join(", ", this.columns.stream().map(Column::name).toList());
	}

	private static Column text(String name) {
		return new Column(name, false);
	}

	private static Column integer(String name) {
		return new Column(name, true);
	}

	/**
	 * A column: text, or an integer (SQLite INTEGER, PostgreSQL INTEGER or BIGINT: read
	 * and compared as a Java {@code long} on both).
	 */
	record Column(String name, boolean integer) {
	}

}
