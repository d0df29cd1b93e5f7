package dev.sharedcontext.database;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The few pieces of SQL and locking that differ between the engines, chosen once at start
 * from the {@link DatabaseVendor} (a bean of {@link DatabaseConfiguration}). Everything
 * else is written once in SQL both engines accept: {@code CAST(:x AS BIGINT) IS NULL}
 * instead of an untyped {@code :x IS NULL}, {@code IN (:list)} instead of
 * {@code json_each}, {@code INSERT … RETURNING}, {@code ON CONFLICT … DO UPDATE}.
 * <p>
 * <b>Commit order = id order.</b> Readers page and wake up by "everything after the last
 * id I saw" (messages, audit). That has no holes only if ids become visible in id order.
 * SQLite has one writer, so they do. On PostgreSQL two transactions can take ids from a
 * sequence and commit in the other order, so the transactions that take those ids begin
 * with {@link #serialize}: a transaction-level advisory lock, released at commit, that
 * makes those writers take ids and commit one after the other across every replica.
 */
public interface SqlDialect {

	/** What a transaction serializes on (see {@link #serialize}). */
	enum Serial {

		/** Posting messages: ids of {@code messages} commit in id order. */
		MESSAGES(1),

		/** Appending to the audit hash chain: read the last hash, then insert. */
		AUDIT(2);

		private final int key;

		Serial(int key) {
			this.key = key;
		}

		/** The second half of the advisory lock key. */
		public int key() {
			return this.key;
		}

	}

	/**
	 * Makes the current transaction the only one of its kind until it ends. Call it
	 * first, before the transaction takes an id or reads what it will chain to.
	 */
	void serialize(JdbcClient jdbc, Serial serial);

	/**
	 * Makes the current transaction the only one changing {@code agentId}'s memory until
	 * it ends, so "count the live entries, then insert" keeps the per-agent limit exact.
	 */
	void serializeAgentMemory(JdbcClient jdbc, String agentId);

	/**
	 * The SQL of one string field of a JSON object stored as text.
	 * @param column the column (a constant of the caller, never input)
	 * @param field the field name (a constant of the caller, letters and underscores)
	 */
	String jsonTextField(String column, String field);

	/**
	 * A table of one text column {@code value}, one row per element of the JSON array of
	 * strings bound to {@code :parameter}: a list of any length as one parameter (an
	 * {@code IN} list would need one parameter per element, and both engines cap them).
	 * @param parameter the parameter's name (a constant of the caller)
	 * @param alias the table's alias (a constant of the caller)
	 */
	String textArrayTable(String parameter, String alias);

	/**
	 * How many rows one {@code INSERT … VALUES (…),(…) RETURNING id} may carry. SQLite
	 * writes in-process and compiles each statement (with its triggers) once per
	 * transaction, so one row per execution of one prepared statement is cheapest there;
	 * over a network one statement per batch saves a round trip per row.
	 */
	int rowsPerInsert();

}
