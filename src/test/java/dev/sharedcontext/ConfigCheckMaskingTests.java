package dev.sharedcontext;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code config check} prints the database URL with every secret in it masked. */
class ConfigCheckMaskingTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					jdbc:sqlite:./data/shared-context.db | jdbc:sqlite:./data/shared-context.db
					jdbc:postgresql://db.example:5432/scs?sslmode=require&password=hunter2&sslpassword=s3cret | jdbc:postgresql://db.example:5432/scs?sslmode=require&password=****&sslpassword=****
					jdbc:postgresql://db.example/scs?user=scs&sslkey=/keys/client.pk8&sslmode=verify-full | jdbc:postgresql://db.example/scs?user=scs&sslkey=****&sslmode=verify-full
					jdbc:postgresql://db.example/scs?PASSWORD=Hunter2&apiKey=k-123&access_token=t-456 | jdbc:postgresql://db.example/scs?PASSWORD=****&apiKey=****&access_token=****
					postgresql://scs:hunter2-password@db.example:5432/scs | postgresql://scs:****@db.example:5432/scs
					jdbc:sqlserver://db.example;databaseName=scs;user=scs;pwd=hunter2;encrypt=true | jdbc:sqlserver://db.example;databaseName=scs;user=scs;pwd=****;encrypt=true
					""")
	void secretsAreMaskedAndTheRestStaysReadable(String url, String printed) {
		assertThat(ConfigCheckCommand.maskedUrl(url)).isEqualTo(printed);
	}

}
