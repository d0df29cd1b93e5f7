package dev.sharedcontext.database;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL: any number of connections and replicas write at once, so the transactions
 * that need an order take a transaction-level advisory lock, released at commit or
 * rollback (a lock cannot leak into the pool). Our keys use the two-int form, whose key
 * space is separate from the one-bigint form that Bucket4j's and Flyway's locks use.
 */
final class PostgresqlDialect implements SqlDialect {

	/** First half of our lock keys: "SCT" + 1. */
	static final int SERIAL_LOCKS = 0x53435401;

	/**
	 * First half of the per-agent memory lock keys; the second is the agent id's hash.
	 */
	static final int MEMORY_LOCKS = 0x53435402;

	/** Rows per multi-row INSERT: 9 parameters each stays far below the 65535 limit. */
	private static final int ROWS_PER_INSERT = 256;

	@Override
	public void serialize(JdbcClient jdbc, Serial serial) {
		jdbc.sql("SELECT pg_advisory_xact_lock(:app, :serial)")
			.param("app", SERIAL_LOCKS)
			.param("serial", serial.key())
			.query((rs, row) -> null)
			.list();
	}

	@Override
	public void serializeAgentMemory(JdbcClient jdbc, String agentId) {
		jdbc.sql("SELECT pg_advisory_xact_lock(:app, hashtext(:agentId))")
			.param("app", MEMORY_LOCKS)
			.param("agentId", agentId)
			.query((rs, row) -> null)
			.list();
	}

	@Override
	public String jsonTextField(String column, String field) {
		// details stays TEXT (the audit hash covers the stored string); cast to read it
		return "(CAST(" + column + " AS jsonb) ->> '" + field + "')";
	}

	@Override
	public String textArrayTable(String parameter, String alias) {
		return "json_array_elements_text(CAST(:" + parameter + " AS json)) AS " + alias + "(value)";
	}

	@Override
	public int rowsPerInsert() {
		return ROWS_PER_INSERT;
	}

}
