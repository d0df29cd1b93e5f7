package dev.sharedcontext.database;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.sharedcontext.support.Postgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two migration folders describe one schema: the same versions with the same
 * descriptions, and on a real PostgreSQL the same tables as on SQLite.
 */
class VendorMigrationsTests {

	@Test
	void bothEnginesHaveTheSameVersionsAndDescriptions() throws IOException {
		assertThat(scripts("postgresql")).isEqualTo(scripts("sqlite")).isNotEmpty();
	}

	@Test
	void postgresqlMigrationsApplyAndCreateTheSqliteTables() throws SQLException {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(Postgres.newDatabase());
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/postgresql").load().migrate();
		Set<String> tables = new TreeSet<>();
		try (Connection connection = dataSource.getConnection();
				ResultSet rows = connection.getMetaData().getTables(null, "public", "%", new String[] { "TABLE" })) {
			while (rows.next()) {
				tables.add(rows.getString("TABLE_NAME"));
			}
		}
		assertThat(tables).contains("sessions", "messages", "agent_memory", "tokens", "audit_log", "mcp_sessions",
				"mcp_subscriptions", "mcp_events", "search_index_progress", "job_runs", "rate_limit_buckets");
	}

	private static List<String> scripts(String vendor) throws IOException {
		Resource[] resources = new PathMatchingResourcePatternResolver()
			.getResources("classpath:db/migration/" + vendor + "/V*.sql");
		List<String> names = new ArrayList<>();
		Arrays.stream(resources).map(Resource::getFilename).sorted().forEach(names::add);
		return names;
	}

}
