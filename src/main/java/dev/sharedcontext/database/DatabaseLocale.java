package dev.sharedcontext.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The start-up check of a PostgreSQL database's encoding and character classification.
 * Under the {@code C} or {@code POSIX} ctype PostgreSQL does not know that {@code É} is a
 * letter or what its lower case is, so search would split and fold non-ASCII words
 * differently from SQLite ({@code lower('ÉCOLE')} gives {@code École}); a database that
 * is not UTF-8 cannot store every message. Both are fixed only by creating the database
 * again, so the server refuses to start on one rather than answer differently.
 */
public final class DatabaseLocale {

	private DatabaseLocale() {
	}

	/**
	 * Checks the database behind {@code dataSource}.
	 * @throws UnsuitableDatabaseException when its encoding is not UTF8 or its ctype is C
	 * or POSIX (with the libc locale provider)
	 */
	public static void require(DataSource dataSource) {
		Map<String, String> database = new HashMap<>();
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("""
						SELECT pg_encoding_to_char(encoding) AS encoding_name, *
						  FROM pg_database WHERE datname = current_database()""")) {
			if (rs.next()) {
				ResultSetMetaData columns = rs.getMetaData();
				for (int i = 1; i <= columns.getColumnCount(); i++) {
					database.putIfAbsent(columns.getColumnLabel(i), rs.getString(i));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the database's locale: " + ex.getMessage(), ex);
		}
		String problem = problem(database.get("encoding_name"), database.get("datctype"),
				database.get("datlocprovider"));
		if (problem != null) {
			throw new UnsuitableDatabaseException(problem);
		}
	}

	/**
	 * What is wrong with a database of this encoding, ctype and locale provider
	 * ({@code c} libc, {@code i} ICU, {@code b} builtin; {@code null} before PostgreSQL
	 * 15, which means libc), or {@code null} when nothing is.
	 */
	static String problem(String encoding, String ctype, String provider) {
		if (!"UTF8".equals(encoding)) {
			return "The PostgreSQL database has encoding " + encoding + "; it must be UTF8.";
		}
		boolean libc = provider == null || "c".equals(provider);
		String name = (ctype != null) ? ctype.toUpperCase(Locale.ROOT) : "";
		if (libc && (name.equals("C") || name.equals("POSIX"))) {
			return "The PostgreSQL database has LC_CTYPE " + ctype
					+ ", which does not classify or fold non-ASCII letters, so search would differ from SQLite.";
		}
		return null;
	}

}
