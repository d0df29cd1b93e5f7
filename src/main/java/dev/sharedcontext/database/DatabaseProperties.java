package dev.sharedcontext.database;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Where the database lives and how hard the pools may lean on it. Bound from
 * {@code DATABASE_URL}, {@code DATABASE_USER}, {@code DATABASE_PASSWORD},
 * {@code DATABASE_TIMEOUT} (seconds) and {@code DATABASE_MAX_CONNECTIONS}.
 *
 * @param url where the database is: {@code jdbc:sqlite:FILE}, {@code jdbc:postgresql://…}
 * or {@code postgresql://user:password@host/db} (see {@link DatabaseUrl})
 * @param user the database user, when not in the URL (PostgreSQL)
 * @param password the database password, when not in the URL (PostgreSQL)
 * @param timeout how long a request may wait for a connection, and how long one statement
 * may run
 * @param maxConnections on SQLite the size of the read pool (writes go through a single
 * connection); on PostgreSQL the connections of both pools together, split half and half
 * between the read-write and the read-only pool (at least one each)
 */
@Validated
@ConfigurationProperties("shared-context.database")
public record DatabaseProperties(@NotBlank String url, String user, String password,
		@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration timeout, @Min(1) @Max(512) int maxConnections) {

	/** The engine, URL and credentials the driver needs. */
	public DatabaseUrl location() {
		return DatabaseUrl.parse(this.url, this.user, this.password);
	}

	/** Never prints the URL or the password: either may be a secret. */
	@Override
	public String toString() {
		return "DatabaseProperties[" + location() + ", timeout=" + this.timeout + ", maxConnections="
				+ this.maxConnections + "]";
	}

	private static final String SQLITE_PREFIX = "jdbc:sqlite:";

	/**
	 * The file a SQLite URL points at, or {@code null} for an in-memory database. Only
	 * the SQLite pools and {@code backup} ask: a PostgreSQL database has no file here.
	 * @throws IllegalStateException for any other URL
	 */
	public Path file() {
		if (!this.url.startsWith(SQLITE_PREFIX)) {
			throw new IllegalStateException("Only a jdbc:sqlite: URL names a file");
		}
		String location = this.url.substring(SQLITE_PREFIX.length());
		int query = location.indexOf('?');
		if (query >= 0) {
			location = location.substring(0, query);
		}
		if (location.isEmpty() || location.startsWith(":memory:") || location.startsWith("file::memory:")) {
			return null;
		}
		if (location.startsWith("file:")) {
			location = location.substring("file:".length());
		}
		return Path.of(location);
	}

}
