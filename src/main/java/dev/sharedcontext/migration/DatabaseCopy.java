package dev.sharedcontext.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies every {@link CopiedTable} from the source to the target in one transaction on
 * each side: the source is read in one read transaction (one consistent snapshot, which
 * SQLite's WAL keeps while the server goes on writing), and the target is written in one
 * transaction, so a failure anywhere leaves it with no rows and the copy can simply be
 * run again. Rows keep their ids; afterwards the id sequences continue after the largest
 * copied id.
 */
final class DatabaseCopy {

	static final int BATCH = 1000;

	private DatabaseCopy() {
	}

	/**
	 * Copies, and returns the digests of the source tables as read.
	 * @throws TargetNotEmptyException if the target holds rows (it is then unchanged)
	 */
	static List<TableDigest.Totals> copy(Connection source, Connection target) throws SQLException {
		source.setAutoCommit(false);
		target.setAutoCommit(false);
		try {
			// no server writing into the target while it is checked and filled
			try (Statement lock = target.createStatement()) {
				lock.execute("LOCK TABLE " + String.join(", ", CopiedTable.ALL.stream().map(CopiedTable::name).toList())
						+ " IN EXCLUSIVE MODE");
			}
			List<String> withRows = MigrationTarget.tablesWithRows(target);
			if (!withRows.isEmpty()) {
				throw new TargetNotEmptyException(withRows);
			}
			List<TableDigest.Totals> totals = new ArrayList<>();
			for (CopiedTable table : CopiedTable.ALL) {
				totals.add(copy(table, source, target));
			}
			for (CopiedTable table : CopiedTable.ALL) {
				if (table.identity()) {
					continueSequence(table, target);
				}
			}
			target.commit();
			return totals;
		}
		catch (SQLException | RuntimeException ex) {
			target.rollback();
			throw ex;
		}
		finally {
			source.rollback();
		}
	}

	private static TableDigest.Totals copy(CopiedTable table, Connection source, Connection target)
			throws SQLException {
		try (PreparedStatement insert = target.prepareStatement(table.insert())) {
			int[] pending = { 0 };
			TableDigest.Totals totals = TableDigest.scan(source, table, (values) -> {
				bind(table, insert, values);
				insert.addBatch();
				if (++pending[0] == BATCH) {
					insert.executeBatch();
					pending[0] = 0;
				}
			});
			if (pending[0] > 0) {
				insert.executeBatch();
			}
			return totals;
		}
	}

	private static void bind(CopiedTable table, PreparedStatement insert, Object[] values) throws SQLException {
		for (int i = 0; i < values.length; i++) {
			boolean integer = table.columns().get(i).integer();
			if (values[i] == null) {
				insert.setNull(i + 1, integer ? Types.BIGINT : Types.VARCHAR);
			}
			else if (integer) {
				insert.setLong(i + 1, (Long) values[i]);
			}
			else {
				insert.setString(i + 1, (String) values[i]);
			}
		}
	}

	/**
	 * The next generated id is one past the largest copied one (1 for an empty table).
	 */
	private static void continueSequence(CopiedTable table, Connection target) throws SQLException {
		String id = table.key().get(0);
		try (PreparedStatement setval = target.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?), "
				+ "coalesce((SELECT max(" + id + ") FROM " + table.name() + "), 0) + 1, false)")) {
			setval.setString(1, table.name());
			setval.setString(2, id);
			try (ResultSet rs = setval.executeQuery()) {
				rs.next();
			}
		}
	}

	/**
	 * Reads every copied table of the target afresh (a new connection, one snapshot) with
	 * the same digest as the source.
	 */
	static List<TableDigest.Totals> digest(Connection connection) throws SQLException {
		connection.setAutoCommit(false);
		connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
		connection.setReadOnly(true);
		try {
			List<TableDigest.Totals> totals = new ArrayList<>();
			for (CopiedTable table : CopiedTable.ALL) {
				totals.add(TableDigest.scan(connection, table, (values) -> {
				}));
			}
			return totals;
		}
		finally {
			connection.rollback();
		}
	}

	/** The next id the target will generate for a table with a generated id. */
	static long nextId(Connection connection, CopiedTable table) throws SQLException {
		String sequence;
		try (PreparedStatement statement = connection.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
			statement.setString(1, table.name());
			statement.setString(2, table.key().get(0));
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				sequence = rs.getString(1);
			}
		}
		// the name comes from the catalog, quoted as needed, never from input
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(
						"SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM " + sequence)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
