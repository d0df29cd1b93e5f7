package dev.sharedcontext.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

import dev.sharedcontext.database.DatabaseVendor;

/**
 * The engine the integration tests run on, chosen by the system property
 * {@value #PROPERTY} ({@code sqlite}, the default, or {@code postgresql}; the build's
 * second surefire execution sets it), and a fresh database of that engine for each test
 * server: a temporary SQLite file, or a new database on the one embedded PostgreSQL
 * server of this JVM ({@link Postgres}).
 */
public final class TestDatabase {

	/** The system property that picks the engine. */
	public static final String PROPERTY = "sct.test.database";

	private static final Path TEMP;

	static {
		try {
			TEMP = Files.createTempDirectory("scs-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private TestDatabase() {
	}

	/** The engine this test JVM runs its servers on. */
	public static DatabaseVendor vendor() {
		String name = System.getProperty(PROPERTY, "sqlite").trim().toUpperCase(Locale.ROOT);
		try {
			return DatabaseVendor.valueOf(name);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("-D" + PROPERTY + " must be sqlite or postgresql, not " + name, ex);
		}
	}

	/** A directory for the test servers' files (secrets, policies, SQLite databases). */
	public static Path temp() {
		return TEMP;
	}

	/** The JDBC URL of a new, empty database of the chosen engine. */
	public static String newDatabaseUrl() {
		return switch (vendor()) {
			case SQLITE -> "jdbc:sqlite:" + TEMP.resolve(UUID.randomUUID() + ".db").toAbsolutePath();
			case POSTGRESQL -> Postgres.newDatabase();
		};
	}

}
