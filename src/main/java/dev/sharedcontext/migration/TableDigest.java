package dev.sharedcontext.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What {@code migrate-to} compares between the source and the target table: the number of
 * rows, the key of the last row in key order (the largest id), and a SHA-256 over every
 * column of every row in key order. The same code reads both sides, and every value is
 * normalised before it is hashed (an integer as its decimal text whatever the column
 * type, SQLite INTEGER or PostgreSQL BIGINT; a text as its length and characters; a null
 * as {@code -}), so equal digests mean equal rows in equal order.
 */
final class TableDigest {

	private final CopiedTable table;

	private final MessageDigest sha256;

	private final StringBuilder canonical = new StringBuilder(1024);

	private long rows;

	private String lastKey;

	private final int[] keyIndexes;

	private TableDigest(CopiedTable table) {
		this.table = table;
		List<String> names = table.columns().stream().map(CopiedTable.Column::name).toList();
		this.keyIndexes = table.key().stream().mapToInt(names::indexOf).toArray();
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JVM", ex);
		}
	}

	/**
	 * Reads a whole table in key order into a digest, handing each row (its values
	 * normalised: {@code Long}, {@code String} or {@code null}) to {@code row} as well.
	 */
	static Totals scan(Connection connection, CopiedTable table, RowSink row) throws SQLException {
		TableDigest digest = new TableDigest(table);
		try (PreparedStatement select = connection.prepareStatement(table.selectInKeyOrder())) {
			select.setFetchSize(1000);
			try (ResultSet rs = select.executeQuery()) {
				while (rs.next()) {
					Object[] values = digest.read(rs);
					digest.add(values);
					row.accept(values);
				}
			}
		}
		return new Totals(table, digest.rows, digest.lastKey, HexFormat.of().formatHex(digest.sha256.digest()));
	}

	private Object[] read(ResultSet rs) throws SQLException {
		List<CopiedTable.Column> columns = this.table.columns();
		Object[] values = new Object[columns.size()];
		for (int i = 0; i < values.length; i++) {
			if (columns.get(i).integer()) {
				long value = rs.getLong(i + 1);
				values[i] = rs.wasNull() ? null : value;
			}
			else {
				values[i] = rs.getString(i + 1);
			}
		}
		return values;
	}

	private void add(Object[] values) {
		this.canonical.setLength(0);
		for (Object value : values) {
			if (value == null) {
				this.canonical.append('-');
			}
			else {
				String text = value.toString();
				this.canonical.append(text.length()).append(':').append(text);
			}
			this.canonical.append('|');
		}
		this.canonical.append('\n');
		this.sha256.update(this.canonical.toString().getBytes(StandardCharsets.UTF_8));
		this.rows++;
		this.lastKey = key(values);
	}

	private String key(Object[] values) {
		StringBuilder key = new StringBuilder();
		for (int index : this.keyIndexes) {
			key.append((key.length() > 0) ? "/" : "").append(values[index]);
		}
		return key.toString();
	}

	/** Takes the rows of a scan, e.g. into the target's insert batch. */
	@FunctionalInterface
	interface RowSink {

		void accept(Object[] values) throws SQLException;

	}

	/**
	 * A table's digest.
	 *
	 * @param table the table
	 * @param rows how many rows it has
	 * @param lastKey the key of the last row in key order (for an id, the largest), or
	 * {@code null} when empty
	 * @param checksum hex SHA-256 over every row's normalised columns in key order
	 */
	record Totals(CopiedTable table, long rows, String lastKey, String checksum) {

		boolean matches(Totals other) {
			return this.rows == other.rows && Objects.equals(this.lastKey, other.lastKey)
					&& this.checksum.equals(other.checksum);
		}

	}

}
