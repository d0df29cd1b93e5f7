package dev.sharedcontext.ratelimit;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.sharedcontext.background.JobClaims;
import dev.sharedcontext.database.DatabaseProperties;
import dev.sharedcontext.database.DatabaseVendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/** The engine decides once where buckets live. */
class RateLimitConfigurationTests {

	private final DataSource dataSource = mock(DataSource.class);

	private final DatabaseProperties database = new DatabaseProperties("jdbc:sqlite:x.db", null, null,
			Duration.ofSeconds(5), 8);

	@Test
	void sqliteKeepsBucketsInMemory() {
		assertThat(new RateLimitConfiguration().rateLimitBuckets(DatabaseVendor.SQLITE, this.dataSource, this.database,
				mock(JobClaims.class)))
			.isInstanceOf(LocalRateLimitBuckets.class);
		verifyNoInteractions(this.dataSource);
	}

	@Test
	void postgresqlSharesBucketsInTheDatabase() {
		assertThat(new RateLimitConfiguration().rateLimitBuckets(DatabaseVendor.POSTGRESQL, this.dataSource,
				this.database, mock(JobClaims.class)))
			.isInstanceOf(SharedRateLimitBuckets.class);
	}

}
