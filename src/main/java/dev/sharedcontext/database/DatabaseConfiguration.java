package dev.sharedcontext.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Two Hikari pools over one SQLite file. SQLite allows one writer at a time, so all
 * writes (and every transaction) go through a single-connection pool: concurrent writers
 * queue in the pool instead of failing with {@code SQLITE_BUSY}. Reads run in parallel on
 * a read-only pool, which WAL lets proceed while a write commits. Every pragma is a
 * driver property, so it is applied to each connection as it opens (a pragma in a
 * migration or in {@code connectionInitSql} would reach only one connection, or none).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	private static final int SQLITE_OPEN_READONLY = 0x01;

	/** Which engine this process runs on, for the few places whose SQL differs. */
	@Bean
	DatabaseVendor databaseVendor(DatabaseProperties properties) {
		return properties.location().vendor();
	}

	@Bean
	@Primary
	HikariDataSource dataSource(DatabaseProperties properties) {
		createParentDirectory(properties.file());
		Properties driver = pragmas();
		driver.setProperty("transaction_mode", "IMMEDIATE");
		HikariConfig config = baseConfig(properties, "sqlite-writer", driver);
		config.setMaximumPoolSize(1);
		config.setMinimumIdle(1);
		return new HikariDataSource(config);
	}

	@Bean(destroyMethod = "close")
	@DependsOn("flywayInitializer")
	HikariDataSource readOnlyDataSource(DatabaseProperties properties) {
		Properties driver = pragmas();
		driver.setProperty("open_mode", Integer.toString(SQLITE_OPEN_READONLY));
		HikariConfig config = baseConfig(properties, "sqlite-reader", driver);
		// Hikari sets the flag on every connection; it must agree with open_mode or
		// sqlite-jdbc refuses it.
		config.setReadOnly(true);
		config.setMaximumPoolSize(properties.maxConnections());
		config.setMinimumIdle(Math.min(2, properties.maxConnections()));
		return new HikariDataSource(config);
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

	private static HikariConfig baseConfig(DatabaseProperties properties, String poolName, Properties driver) {
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
