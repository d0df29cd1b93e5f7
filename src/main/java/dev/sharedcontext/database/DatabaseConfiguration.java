package dev.sharedcontext.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The connection pools, one configuration per engine, chosen once from the URL.
 * <p>
 * <b>SQLite</b>: two Hikari pools over one file. SQLite allows one writer at a time, so
 * all writes (and every transaction) go through a single-connection pool: concurrent
 * writers queue in the pool instead of failing with {@code SQLITE_BUSY}. Reads run in
 * parallel on a read-only pool, which WAL lets proceed while a write commits. Every
 * pragma is a driver property, so it is applied to each connection as it opens (a pragma
 * in a migration or in {@code connectionInitSql} would reach only one connection, or
 * none).
 * <p>
 * <b>PostgreSQL</b>: also two pools, a read-write one (transactions, Flyway) and a
 * read-only one (the {@link ReadOnly} client), which split
 * {@code DATABASE_MAX_CONNECTIONS} between them. Two pools rather than one keeps the
 * SQLite shape that the code relies on: a transaction that holds a writer connection may
 * still read through the reader pool, so a burst of transactions can never take every
 * connection and then wait for one more. The reader pool is read-only on the server side
 * ({@code readOnlyMode=always}), so a write sent through it fails here as it does on
 * SQLite.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	private static final int SQLITE_OPEN_READONLY = 0x01;

	/** Seconds between Hikari's keep-alive pings of an idle PostgreSQL connection. */
	private static final Duration KEEPALIVE = Duration.ofMinutes(1);

	/** Which engine this process runs on, for the few places whose SQL differs. */
	@Bean
	DatabaseVendor databaseVendor(DatabaseProperties properties) {
		return properties.location().vendor();
	}

	/** The SQL and locking that differ per engine. */
	@Bean
	SqlDialect sqlDialect(DatabaseVendor vendor) {
		return switch (vendor) {
			case SQLITE -> new SqliteDialect();
			case POSTGRESQL -> new PostgresqlDialect();
		};
	}

	@Bean
	@Primary
	HikariDataSource dataSource(DatabaseProperties properties) {
		DatabaseUrl location = properties.location();
		return switch (location.vendor()) {
			case SQLITE -> sqliteWriter(properties);
			case POSTGRESQL -> checked(new HikariDataSource(postgresqlPool(properties, location, "postgresql-writer",
					writerPoolSize(properties.maxConnections()))));
		};
	}

	@Bean(destroyMethod = "close")
	@DependsOn("flywayInitializer")
	HikariDataSource readOnlyDataSource(DatabaseProperties properties) {
		DatabaseUrl location = properties.location();
		return switch (location.vendor()) {
			case SQLITE -> sqliteReader(properties);
			case POSTGRESQL -> {
				HikariConfig config = postgresqlPool(properties, location, "postgresql-reader",
						readerPoolSize(properties.maxConnections()));
				config.addDataSourceProperty("readOnlyMode", "always");
				config.setReadOnly(true);
				yield new HikariDataSource(config);
			}
		};
	}

	/**
	 * The writer pool's share of {@code maxConnections} on PostgreSQL: half, rounded up,
	 * and at least one.
	 */
	static int writerPoolSize(int maxConnections) {
		return Math.max(1, (maxConnections + 1) / 2);
	}

	/** The reader pool's share: the rest, and at least one. */
	static int readerPoolSize(int maxConnections) {
		return Math.max(1, maxConnections - writerPoolSize(maxConnections));
	}

	@Bean
	@Primary
	JdbcClient jdbcClient(DataSource dataSource, DatabaseProperties properties) {
		return client(dataSource, properties);
	}

	@Bean
	@ReadOnly
	JdbcClient readOnlyJdbcClient(@Qualifier("readOnlyDataSource") DataSource readOnlyDataSource,
			DatabaseProperties properties) {
		return client(readOnlyDataSource, properties);
	}

	private static HikariDataSource sqliteWriter(DatabaseProperties properties) {
		createParentDirectory(properties.file());
		Properties driver = pragmas();
		driver.setProperty("transaction_mode", "IMMEDIATE");
		HikariConfig config = sqliteConfig(properties, "sqlite-writer", driver);
		config.setMaximumPoolSize(1);
		config.setMinimumIdle(1);
		return new HikariDataSource(config);
	}

	private static HikariDataSource sqliteReader(DatabaseProperties properties) {
		Properties driver = pragmas();
		driver.setProperty("open_mode", Integer.toString(SQLITE_OPEN_READONLY));
		HikariConfig config = sqliteConfig(properties, "sqlite-reader", driver);
		// Hikari sets the flag on every connection; it must agree with open_mode or
		// sqlite-jdbc refuses it.
		config.setReadOnly(true);
		config.setMaximumPoolSize(properties.maxConnections());
		config.setMinimumIdle(Math.min(2, properties.maxConnections()));
		return new HikariDataSource(config);
	}

	/**
	 * A PostgreSQL pool. Hikari's defaults recycle a connection after 30 minutes; the
	 * keep-alive pings idle ones so that a firewall or proxy between here and the server
	 * does not drop them silently. {@code reWriteBatchedInserts} turns a JDBC batch of
	 * INSERTs into multi-row statements.
	 */
	private static HikariConfig postgresqlPool(DatabaseProperties properties, DatabaseUrl location, String poolName,
			int size) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(poolName);
		config.setJdbcUrl(location.jdbcUrl());
		config.setDriverClassName("org.postgresql.Driver");
		if (location.user() != null) {
			config.setUsername(location.user());
		}
		if (location.password() != null) {
			config.setPassword(location.password());
		}
		config.addDataSourceProperty("reWriteBatchedInserts", "true");
		config.addDataSourceProperty("ApplicationName", "shared-context-server");
		config.setConnectionTimeout(Math.max(250, properties.timeout().toMillis()));
		config.setKeepaliveTime(KEEPALIVE.toMillis());
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(Math.min(2, size));
		return config;
	}

	/**
	 * Refuses a database whose locale would make search and ordering differ from SQLite
	 * (see {@link DatabaseLocale}), closing the pool first.
	 */
	private static HikariDataSource checked(HikariDataSource pool) {
		try {
			DatabaseLocale.require(pool);
			return pool;
		}
		catch (RuntimeException ex) {
			pool.close();
			throw ex;
		}
	}

	private static JdbcClient client(DataSource dataSource, DatabaseProperties properties) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setQueryTimeout((int) properties.timeout().toSeconds());
		return JdbcClient.create(template);
	}

	private static Properties pragmas() {
		Properties driver = new Properties();
		driver.setProperty("journal_mode", "WAL");
		driver.setProperty("synchronous", "NORMAL");
		driver.setProperty("foreign_keys", "true");
		driver.setProperty("busy_timeout", "5000");
		return driver;
	}

	private static HikariConfig sqliteConfig(DatabaseProperties properties, String poolName, Properties driver) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(poolName);
		config.setJdbcUrl(properties.url());
		config.setDriverClassName("org.sqlite.JDBC");
		config.setDataSourceProperties(driver);
		config.setConnectionTimeout(Math.max(250, properties.timeout().toMillis()));
		// SQLite connections never go stale on their own; recycling them only costs
		// page-cache warmth.
		config.setMaxLifetime(0);
		config.setIdleTimeout(0);
		return config;
	}

	private static void createParentDirectory(Path file) {
		if (file == null || file.toAbsolutePath().getParent() == null) {
			return;
		}
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the database directory " + file.toAbsolutePath().getParent(),
					ex);
		}
	}

}
