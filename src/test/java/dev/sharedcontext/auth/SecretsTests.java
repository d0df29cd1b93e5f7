package dev.sharedcontext.auth;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.sharedcontext.SharedContextApplication;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * How the server gets its keys (SPEC §3): the {@code prod} profile refuses to start
 * without strong ones, with one actionable line naming the variable; outside prod,
 * missing keys are generated once into a 0600 file and reused. Each test starts the real
 * application with its own database and secrets file.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsTests {

	private static final String STRONG_API_KEY = "a-strong-api-key-0123456789-abcdefgh";

	/** Exactly 32 bytes, the least HS256 accepts. */
	private static final String JWT_KEY_32_BYTES = "0123456789abcdef0123456789abcdef";

	@TempDir
	Path temp;

	@Test
	void prodWithoutApiKeyFailsToStartWithOneLineNamingApiKey(CapturedOutput output) {
		assertStartupRefused(List.of("--spring.profiles.active=prod", "--shared-context.auth.api-key=",
				"--shared-context.auth.jwt-secret-key=" + JWT_KEY_32_BYTES), "API_KEY is not set");
		assertThat(output).contains("APPLICATION FAILED TO START", "API_KEY is not set");
		assertThat(output).as("no stack trace").doesNotContain("InvalidSecretsException");
		assertThat(output).doesNotContain(JWT_KEY_32_BYTES);
		assertThat(this.temp.resolve("secrets.properties")).doesNotExist();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(
			textBlock = """
					weak api key,                 short-key,                  0123456789abcdef0123456789abcdef, API_KEY is too weak
					no jwt secret,                a-strong-api-key-0123456789, '',                              JWT_SECRET_KEY is not set
					jwt secret of 31 bytes,       a-strong-api-key-0123456789, 0123456789abcdef0123456789abcde,  JWT_SECRET_KEY is too weak
					""")
	void prodWithAMissingOrWeakKeyFailsToStart(String name, String apiKey, String jwtKey, String message) {
		assertStartupRefused(List.of("--spring.profiles.active=prod", "--shared-context.auth.api-key=" + apiKey,
				"--shared-context.auth.jwt-secret-key=" + jwtKey), message);
	}

	@Test
	void jwtSecretShorterThan32BytesIsRefusedOutsideProdToo() {
		assertStartupRefused(
				List.of("--shared-context.auth.api-key=" + STRONG_API_KEY,
						"--shared-context.auth.jwt-secret-key=0123456789abcdef0123456789abcde"),
				"JWT_SECRET_KEY is too weak");
	}

	@Test
	void jwtSecretOf31AsciiCharactersButMoreBytesIsMeasuredInBytes() {
		// 30 ASCII characters plus one two-byte character: 31 characters, 32 bytes
		String key = "0123456789abcdef0123456789abcd" + "é";
		try (ConfigurableApplicationContext context = start(List.of("--shared-context.auth.api-key=" + STRONG_API_KEY,
				"--shared-context.auth.jwt-secret-key=" + key))) {
			assertThat(context.getBean(Secrets.class).jwtSigningKey()).hasSize(32);
		}
	}

	@Test
	void weakPreviousJwtSecretIsRefused() {
		assertStartupRefused(
				List.of("--shared-context.auth.api-key=" + STRONG_API_KEY,
						"--shared-context.auth.jwt-secret-key=" + JWT_KEY_32_BYTES,
						"--shared-context.auth.jwt-secret-keys-previous=too-short"),
				"JWT_SECRET_KEYS_PREVIOUS is too weak");
	}

	@Test
	void prodWithStrongKeysStarts() {
		try (ConfigurableApplicationContext context = start(
				List.of("--spring.profiles.active=prod", "--shared-context.auth.api-key=" + STRONG_API_KEY,
						"--shared-context.auth.jwt-secret-key=" + JWT_KEY_32_BYTES))) {
			assertThat(context.getBean(Secrets.class).apiKey()).isEqualTo(STRONG_API_KEY);
			assertThat(this.temp.resolve("secrets.properties")).doesNotExist();
		}
	}

	@Test
	void withoutKeysTheServerGeneratesAPrivateSecretsFileAndReusesItOnTheNextStart() throws IOException {
		Path file = this.temp.resolve("data/secrets.properties");
		List<String> noKeys = List.of("--shared-context.auth.api-key=", "--shared-context.auth.jwt-secret-key=",
				"--shared-context.auth.secrets-file=" + file);
		String apiKey;
		byte[] jwtKey;
		try (ConfigurableApplicationContext first = start(noKeys)) {
			Secrets secrets = first.getBean(Secrets.class);
			apiKey = secrets.apiKey();
			jwtKey = secrets.jwtSigningKey();
			assertThat(file).exists();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
			Properties stored = load(file);
			assertThat(stored.getProperty("API_KEY")).isEqualTo(apiKey).hasSizeGreaterThanOrEqualTo(32);
			assertThat(stored.getProperty("JWT_SECRET_KEY").getBytes(StandardCharsets.UTF_8)).isEqualTo(jwtKey)
				.hasSizeGreaterThanOrEqualTo(32);
			assertThat(this.temp.resolve("data")).isDirectoryNotContaining("glob:**.tmp");

			// the generated key is the one the server checks
			Response minted = mint(first, apiKey);
			assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
			assertThat(mint(first, "not-the-key").status()).isEqualTo(401);
		}
		String contentAfterFirstStart = Files.readString(file);

		try (ConfigurableApplicationContext second = start(noKeys)) {
			Secrets secrets = second.getBean(Secrets.class);
			assertThat(secrets.apiKey()).isEqualTo(apiKey);
			assertThat(secrets.jwtSigningKey()).isEqualTo(jwtKey);
			assertThat(Files.readString(file)).isEqualTo(contentAfterFirstStart);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		}
	}

	@Test
	void aKeySetInTheEnvironmentWinsOverTheGeneratedOne() {
		Path file = this.temp.resolve("secrets.properties");
		try (ConfigurableApplicationContext ignored = start(List.of("--shared-context.auth.api-key=",
				"--shared-context.auth.jwt-secret-key=", "--shared-context.auth.secrets-file=" + file))) {
			assertThat(file).exists();
		}
		try (ConfigurableApplicationContext context = start(List.of("--shared-context.auth.api-key=" + STRONG_API_KEY,
				"--shared-context.auth.jwt-secret-key=", "--shared-context.auth.secrets-file=" + file))) {
			assertThat(context.getBean(Secrets.class).apiKey()).isEqualTo(STRONG_API_KEY);
		}
	}

	@Test
	void secretsNeverPrintTheirValues() {
		Secrets secrets = new Secrets(STRONG_API_KEY, JWT_KEY_32_BYTES.getBytes(StandardCharsets.UTF_8), List.of());
		assertThat(secrets.toString()).doesNotContain(STRONG_API_KEY).doesNotContain(JWT_KEY_32_BYTES);
	}

	private void assertStartupRefused(List<String> args, String message) {
		assertThatException().isThrownBy(() -> start(args).close())
			.havingRootCause()
			.isInstanceOf(InvalidSecretsException.class)
			.withMessageContaining(message)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n"));
	}

	/**
	 * Starts the application; an override replaces the default of the same name (a
	 * repeated option would join).
	 */
	private ConfigurableApplicationContext start(List<String> overrides) {
		Map<String, String> args = new LinkedHashMap<>();
		for (String arg : List.of("--server.port=0", "--server.address=127.0.0.1",
				"--shared-context.database.url=jdbc:sqlite:" + this.temp.resolve("secrets-test.db"),
				"--shared-context.auth.secrets-file=" + this.temp.resolve("secrets.properties"),
				"--shared-context.auth.permissions-file=" + this.temp.resolve("no-policy.yml"))) {
			args.put(arg.substring(0, arg.indexOf('=')), arg);
		}
		for (String arg : overrides) {
			args.put(arg.substring(0, arg.indexOf('=')), arg);
		}
		return new SpringApplicationBuilder(SharedContextApplication.class).run(args.values().toArray(String[]::new));
	}

	private static Response mint(ConfigurableApplicationContext context, String apiKey) {
		String port = context.getEnvironment().getProperty("local.server.port");
		return new Api("http://127.0.0.1:" + port).send("POST", "/api/v1/auth/token", null,
				Map.of("agent_id", "probe", "agent_type", "claude"), Map.of("X-API-Key", apiKey));
	}

	private static Properties load(Path file) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return properties;
	}

}
