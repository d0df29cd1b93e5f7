package dev.sharedcontext.database;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SQLite: one writer connection whose transactions begin {@code IMMEDIATE}, so every
 * write transaction is already serialized and the locks cost nothing.
 */
final class SqliteDialect implements SqlDialect {

	@Override
	public void serialize(JdbcClient jdbc, Serial serial) {
		// BEGIN IMMEDIATE on the single writer connection already excludes every other
		// writer
	}

	@Override
	public void serializeAgentMemory(JdbcClient jdbc, String agentId) {
		// as above
	}

	@Override
	public String jsonTextField(String column, String field) {
		return "json_extract(" + column + ", '$." + field + "')";
	}

	@Override
	public String textArrayTable(String parameter, String alias) {
		return "json_each(:" + parameter + ") " + alias;
	}

	@Override
	public int rowsPerInsert() {
		return 1;
	}

}
