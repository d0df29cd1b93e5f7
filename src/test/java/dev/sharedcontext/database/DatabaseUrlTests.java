package dev.sharedcontext.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatabaseUrlTests {

	@Test
	void sqliteUrlsPassThrough() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:sqlite:./data/x.db", "ignored", "ignored");
		assertThat(url).isEqualTo(new DatabaseUrl(DatabaseVendor.SQLITE, "jdbc:sqlite:./data/x.db", null, null));
	}

	@Test
	void jdbcPostgresqlUrlsTakeTheSeparateCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/sct?sslmode=require", "app", "s3cret");
		assertThat(url).isEqualTo(new DatabaseUrl(DatabaseVendor.POSTGRESQL,
				"jdbc:postgresql://db:5432/sct?sslmode=require", "app", "s3cret"));
	}

	@Test
	void libpqUrlsBecomeJdbcUrlsWithTheCredentialsApart() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://app:p%40ss%3Aw+rd@db.internal:6543/sct?sslmode=verify-full",
				null, "");
		assertThat(url).isEqualTo(new DatabaseUrl(DatabaseVendor.POSTGRESQL,
				"jdbc:postgresql://db.internal:6543/sct?sslmode=verify-full", "app", "p@ss:w+rd"));
		assertThat(DatabaseUrl.parse("postgres://db/sct", null, null))
			.isEqualTo(new DatabaseUrl(DatabaseVendor.POSTGRESQL, "jdbc:postgresql://db/sct", null, null));
	}

	@Test
	void separateCredentialsWinOverTheUrls() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://app:old@db/sct", "other", "new");
		assertThat(url.user()).isEqualTo("other");
		assertThat(url.password()).isEqualTo("new");
	}

	@Test
	void refusalsNeverRepeatTheUrl() {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("mysql://u:hunter2@db/x", null, null))
			.withMessageNotContaining("hunter2");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2@db", null, null))
			.withMessageNotContaining("hunter2");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2@db/", null, null))
			.withMessageNotContaining("hunter2");
		assertThat(DatabaseUrl.parse("postgresql://u:hunter2@db/x", null, null).toString()).doesNotContain("hunter2");
	}

}
