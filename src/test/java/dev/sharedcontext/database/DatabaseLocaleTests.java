package dev.sharedcontext.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.sharedcontext.SharedContextApplication;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.Postgres;
import dev.sharedcontext.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The server refuses a PostgreSQL database whose ctype is C/POSIX or whose encoding is
 * not UTF8 (search would fold and split words differently from SQLite), before it
 * migrates anything, with a start-up report that says how to create a suitable one.
 */
class DatabaseLocaleTests {

	private static final AtomicInteger names = new AtomicInteger();

	@Test
	void aUtf8DatabaseWithAUtf8CtypeIsAccepted() {
		assertThatNoException().isThrownBy(() -> DatabaseLocale.require(dataSource(Postgres.newDatabase())));
	}

	@Test
	void aDatabaseWithTheCCtypeIsRefused() throws SQLException {
		String url = createDatabase("ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
		assertThatExceptionOfType(UnsuitableDatabaseException.class)
			.isThrownBy(() -> DatabaseLocale.require(dataSource(url)))
			.withMessageContaining("LC_CTYPE C");
	}

	@Test
	void aDatabaseThatIsNotUtf8IsRefused() throws SQLException {
		String url = createDatabase("ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'");
		assertThatExceptionOfType(UnsuitableDatabaseException.class)
			.isThrownBy(() -> DatabaseLocale.require(dataSource(url)))
			.withMessageContaining("SQL_ASCII")
			.withMessageContaining("UTF8");
	}

	@Test
	void onlyTheLibcProviderDependsOnTheCtype() {
		assertThat(DatabaseLocale.problem("UTF8", "POSIX", null)).contains("POSIX");
		assertThat(DatabaseLocale.problem("UTF8", "c", "c")).contains("LC_CTYPE c");
		assertThat(DatabaseLocale.problem("UTF8", "C", "i")).isNull();
		assertThat(DatabaseLocale.problem("UTF8", "C", "b")).isNull();
		assertThat(DatabaseLocale.problem("UTF8", "en_US.UTF-8", "c")).isNull();
		assertThat(DatabaseLocale.problem("LATIN1", "en_US", "c")).contains("LATIN1");
	}

	@Test
	void theServerDoesNotStartOnACDatabaseAndSaysWhy() throws SQLException {
		String url = createDatabase("ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
		SpringApplicationBuilder server = new SpringApplicationBuilder(SharedContextApplication.class)
			.web(WebApplicationType.NONE);
		Throwable failure = catchThrowable(() -> server.run("--shared-context.database.url=" + url,
				"--shared-context.auth.api-key=" + IntegrationTest.API_KEY,
				"--shared-context.auth.jwt-secret-key=" + IntegrationTest.JWT_SECRET,
				"--shared-context.auth.secrets-file=" + TestDatabase.temp().resolve("secrets.properties"),
				"--shared-context.auth.permissions-file=" + TestDatabase.temp().resolve("no-policy.yml")));
		assertThat(failure).isNotNull();
		Throwable cause = failure;
		while (!(cause instanceof UnsuitableDatabaseException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		assertThat(cause).isInstanceOf(UnsuitableDatabaseException.class);
		FailureAnalysis analysis = new UnsuitableDatabaseFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("LC_CTYPE C");
		assertThat(analysis.getAction()).contains("C.UTF-8").contains("DATABASE_URL");
		// refused before Flyway ran: nothing was created
		try (Connection connection = dataSource(url).getConnection();
				var rows = connection.getMetaData().getTables(null, "public", "%", new String[] { "TABLE" })) {
			assertThat(rows.next()).isFalse();
		}
	}

	private static String createDatabase(String options) throws SQLException {
		String name = "sct_locale_" + ProcessHandle.current().pid() + "_" + names.incrementAndGet();
		try (Connection connection = Postgres.server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name + " TEMPLATE template0 " + options);
		}
		return Postgres.server().getJdbcUrl("postgres", name);
	}

	private static PGSimpleDataSource dataSource(String url) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(url);
		return dataSource;
	}

}
