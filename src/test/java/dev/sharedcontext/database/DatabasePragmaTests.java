package dev.sharedcontext.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * SPEC §9's SQLite settings hold on every pooled connection of both pools, not just the
 * first one, and the pool limits follow {@code DATABASE_MAX_CONNECTIONS} and
 * {@code DATABASE_TIMEOUT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "shared-context.database.max-connections=7", "shared-context.database.timeout=11" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabasePragmaTests {

	private static final Path TEMP;

	static {
		try {
			TEMP = Files.createTempDirectory("scs-pragma-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Autowired
	private DataSource dataSource;

	@Autowired
	@Qualifier("readOnlyDataSource")
	private DataSource readOnlyDataSource;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("shared-context.database.url", () -> "jdbc:sqlite:" + TEMP.resolve("pragmas.db"));
		registry.add("shared-context.auth.api-key", () -> "pragma-test-api-key-0123456789");
		registry.add("shared-context.auth.jwt-secret-key", () -> "pragma-test-jwt-secret-0123456789-abcdefghijklmn");
		registry.add("shared-context.auth.secrets-file", () -> TEMP.resolve("secrets.properties").toString());
		registry.add("shared-context.auth.permissions-file", () -> TEMP.resolve("no-policy.yml").toString());
	}

	@Test
	void writerConnectionHasEveryPragma() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			assertPragmas(connection);
		}
	}

	@Test
	void everyReaderConnectionHasEveryPragma() throws SQLException {
		List<Connection> held = new ArrayList<>();
		try {
			// hold the whole pool at once, so each check runs on a different physical
			// connection
			for (int i = 0; i < 7; i++) {
				held.add(this.readOnlyDataSource.getConnection());
			}
			for (Connection connection : held) {
				assertPragmas(connection);
			}
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
	}

	@Test
	void readerConnectionsCannotWrite() throws SQLException {
		try (Connection connection = this.readOnlyDataSource.getConnection();
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement
				.executeUpdate("INSERT INTO audit_log (occurred_at, event_type, result) VALUES (0, 'x', 'success')"));
		}
	}

	@Test
	void readerPoolIsSizedByMaxConnectionsAndWaitsAtMostTheTimeout() {
		HikariDataSource reader = (HikariDataSource) this.readOnlyDataSource;
		assertThat(reader.getMaximumPoolSize()).isEqualTo(7);
		assertThat(reader.getConnectionTimeout()).isEqualTo(11_000);
	}

	@Test
	void writerPoolHasOneConnectionAndWaitsAtMostTheTimeout() {
		HikariDataSource writer = (HikariDataSource) this.dataSource;
		assertThat(writer.getMaximumPoolSize()).isEqualTo(1);
		assertThat(writer.getConnectionTimeout()).isEqualTo(11_000);
	}

	private static void assertPragmas(Connection connection) throws SQLException {
		assertThat(pragma(connection, "journal_mode")).isEqualToIgnoringCase("wal");
		assertThat(pragma(connection, "synchronous")).as("synchronous=NORMAL").isEqualTo("1");
		assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
		assertThat(pragma(connection, "busy_timeout")).isEqualTo("5000");
	}

	private static String pragma(Connection connection, String name) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("PRAGMA " + name)) {
			assertThat(result.next()).as("PRAGMA " + name + " has a value").isTrue();
			return result.getString(1);
		}
	}

}
