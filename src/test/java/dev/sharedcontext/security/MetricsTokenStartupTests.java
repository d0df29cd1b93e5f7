package dev.sharedcontext.security;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.sharedcontext.SharedContextApplication;
import dev.sharedcontext.auth.InvalidSecretsException;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The metrics token's own rules: unset means off, shorter than 32 characters stops
 * start-up with one readable line that does not repeat it, and it is compared whole.
 */
@ExtendWith(OutputCaptureExtension.class)
class MetricsTokenStartupTests {

	private static final String THIRTY_TWO = "0123456789abcdef0123456789abcdef";

	@TempDir
	Path temp;

	@Test
	void aTokenShorterThan32CharactersStopsStartUpWithoutPrintingIt(CapturedOutput output) {
		String tooShort = THIRTY_TWO.substring(1);
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(SharedContextApplication.class)
				.run("--server.port=0", "--server.address=127.0.0.1",
						"--shared-context.database.url=jdbc:sqlite:" + this.temp.resolve("startup.db"),
						"--shared-context.auth.api-key=" + IntegrationTest.API_KEY,
						"--shared-context.auth.jwt-secret-key=" + IntegrationTest.JWT_SECRET,
						"--shared-context.auth.secrets-file=" + this.temp.resolve("secrets.properties"),
						"--shared-context.auth.permissions-file=" + this.temp.resolve("no-policy.yml"),
						"--shared-context.metrics.token=" + tooShort)
				.close())
			.havingRootCause()
			.isInstanceOf(InvalidSecretsException.class)
			.withMessageContaining("METRICS_TOKEN is too short: it needs at least 32 characters");
		assertThat(output).contains("APPLICATION FAILED TO START", "METRICS_TOKEN is too short")
			.doesNotContain(tooShort);
	}

	@Test
	void providerWhenTheTokenIsBlankThenTheMetricsTokenIsOff() {
		assertThat(provider(null).enabled()).isFalse();
		assertThat(provider("  ").enabled()).isFalse();
		assertThat(provider(null).matches("")).isFalse();
	}

	@Test
	void providerWhenTheTokenHas32CharactersThenOnlyThatTokenMatches() {
		MetricsTokenAuthenticationProvider provider = provider(THIRTY_TWO);
		assertThat(provider.enabled()).isTrue();
		assertThat(provider.matches(THIRTY_TWO)).isTrue();
		assertThat(provider.matches(THIRTY_TWO.substring(1))).isFalse();
		assertThat(provider.matches(THIRTY_TWO + "0")).isFalse();
		assertThat(provider.matches(null)).isFalse();
	}

	@Test
	void providerWhenTheTokenHas31CharactersThenItIsRefused() {
		assertThatExceptionOfType(InvalidSecretsException.class).isThrownBy(() -> provider(THIRTY_TWO.substring(1)))
			.withMessageNotContaining(THIRTY_TWO.substring(1));
	}

	@Test
	void propertiesNeverPrintTheToken() {
		assertThat(new MetricsTokenProperties(THIRTY_TWO).toString()).doesNotContain(THIRTY_TWO).contains("redacted");
	}

	private static MetricsTokenAuthenticationProvider provider(String token) {
		return new MetricsTokenAuthenticationProvider(new MetricsTokenProperties(token));
	}

}
