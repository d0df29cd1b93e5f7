package dev.sharedcontext.message;

import org.junit.jupiter.api.Test;

import dev.sharedcontext.database.DatabaseVendor;

import static org.assertj.core.api.Assertions.assertThat;

class MessageSearchSqlTests {

	@Test
	void likeWildcardsInAPieceAreEscaped() {
		assertThat(MessageSearchSql.Postgres.escapeLike("a%b_c\\d")).isEqualTo("a\\%b\\_c\\\\d");
	}

	@Test
	void eachEngineGetsItsOwnSql() {
		assertThat(MessageSearchSql.of(DatabaseVendor.SQLITE)).isInstanceOf(MessageSearchSql.Sqlite.class);
		assertThat(MessageSearchSql.of(DatabaseVendor.POSTGRESQL)).isInstanceOf(MessageSearchSql.Postgres.class);
	}

}
