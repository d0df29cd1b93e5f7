package dev.sharedcontext.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import dev.sharedcontext.database.DatabaseUrl;

/**
 * The PostgreSQL database {@code migrate-to} copies into: its connections (batched
 * inserts rewritten into multi-row ones), its schema (the server's own PostgreSQL
 * migrations) and the check that it holds no data yet. {@link #describe()} names it
 * without credentials.
 */
final class MigrationTarget {

	private final DatabaseUrl url;

	private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

	MigrationTarget(DatabaseUrl url) {
		this.url = url;
		this.dataSource.setURL(url.jdbcUrl());
		if (url.user() != null) {
			this.dataSource.setUser(url.user());
		}
		if (url.password() != null) {
			this.dataSource.setPassword(url.password());
		}
		this.dataSource.setReWriteBatchedInserts(true);
	}

	DatabaseUrl url() {
		return this.url;
	}

	/** Host, port and database, and the user: never a password. */
	String describe() {
		String jdbcUrl = this.url.jdbcUrl();
		int query = jdbcUrl.indexOf('?');
		String location = (query >= 0) ? jdbcUrl.substring(0, query) : jdbcUrl;
		return location + ((this.url.user() != null) ? " as " + this.url.user() : "");
	}

	Connection connect() throws SQLException {
		return this.dataSource.getConnection();
	}

	/** Creates or updates the schema; returns the schema version it is then at. */
	String migrate() throws SQLException {
		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration/postgresql").load().migrate();
		try (Connection connection = connect()) {
			return schemaVersion(connection);
		}
	}

	/**
	 * The copied tables that exist and hold at least one row. Run before the schema is
	 * created (a table that does not exist is empty) and again inside the copy's
	 * transaction.
	 */
	static List<String> tablesWithRows(Connection connection) throws SQLException {
		List<String> found = new ArrayList<>();
		for (CopiedTable table : CopiedTable.ALL) {
			if (exists(connection, table.name()) && hasRows(connection, table.name())) {
				found.add(table.name());
			}
		}
		return found;
	}

	private static boolean exists(Connection connection, String table) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
			statement.setString(1, table);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() && rs.getBoolean(1);
			}
		}
	}

	private static boolean hasRows(Connection connection, String table) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
			return rs.next() && rs.getBoolean(1);
		}
	}

	/**
	 * The version of the newest successful migration; the same query on both engines.
	 */
	static String schemaVersion(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(
						"SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")) {
			return rs.next() ? rs.getString(1) : null;
		}
	}

}
