package dev.sharedcontext.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * One prepared statement on the current transaction's connection, for work that runs the
 * same statement many times in one transaction (a batch of posts, a batch of index rows):
 * SQLite compiles it, and the triggers it fires, once instead of once per row, which
 * {@code JdbcClient} would not. {@link SQLException}s become Spring's
 * {@link UncategorizedSQLException}, as they would through {@code JdbcClient}.
 */
public final class TransactionStatements {

	private TransactionStatements() {
	}

	/** A JDBC call that may throw {@link SQLException}. */
	@FunctionalInterface
	public interface SqlCall<T> {

		T call() throws SQLException;

	}

	/**
	 * Prepares {@code sql} on the connection of the current transaction of
	 * {@code dataSource} and runs {@code work} with it.
	 */
	public static <T> T withStatement(DataSource dataSource, String sql, Function<PreparedStatement, T> work) {
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			return work.apply(statement);
		}
		catch (SQLException ex) {
			throw new UncategorizedSQLException("prepare statement", sql, ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	/** Runs one use of the statement, translating its {@link SQLException}. */
	public static <T> T run(String task, String sql, SqlCall<T> call) {
		try {
			return call.call();
		}
		catch (SQLException ex) {
			throw new UncategorizedSQLException(task, sql, ex);
		}
	}

}
