package dev.sharedcontext.ratelimit;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sharedcontext.background.JobClaims;
import dev.sharedcontext.database.DatabaseProperties;
import dev.sharedcontext.database.DatabaseVendor;

/**
 * Picks where rate-limit buckets live, once, from the database engine: one SQLite process
 * keeps them in memory; PostgreSQL replicas share them in the database.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	RateLimitBuckets rateLimitBuckets(DatabaseVendor vendor, DataSource dataSource, DatabaseProperties database,
			JobClaims claims) {
		return switch (vendor) {
			case SQLITE -> new LocalRateLimitBuckets();
			case POSTGRESQL -> new SharedRateLimitBuckets(dataSource, database.timeout(), claims);
		};
	}

	/**
	 * A minute's worth of requests, refilled continuously (greedily): bursts up to the
	 * limit pass, a steady rate above it does not.
	 */
	static Bandwidth perMinute(int perMinute) {
		return Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build();
	}

}
