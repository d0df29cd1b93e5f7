package dev.sharedcontext.search;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.message.MessageRepository;

/**
 * Search's one per-engine choice outside the SQL (which {@code MessageSearchSql} holds):
 * whether a background indexer keeps the trigram index current.
 */
@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

	/**
	 * The SQLite indexer (its {@code @Scheduled} background pass included) or nothing on
	 * PostgreSQL, whose GIN indexes are transactional.
	 */
	@Bean
	TrigramIndex trigramIndex(DatabaseVendor vendor, JdbcClient jdbc, @ReadOnly JdbcClient reads,
			MessageRepository messages, DataSource writer, PlatformTransactionManager transactionManager) {
		return switch (vendor) {
			case SQLITE -> new TrigramIndexer(jdbc, reads, messages, writer, transactionManager);
			case POSTGRESQL -> TrigramIndex.MAINTAINED_BY_DATABASE;
		};
	}

}
