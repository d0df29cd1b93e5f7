package dev.sharedcontext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.toml.TomlMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.sharedcontext.mcp.ClientConfigCommand;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's command line as {@code main} dispatches it ({@link HostCommands#run}):
 * {@code --help} and {@code version} start nothing, every command has a {@code --help}
 * that exits 0, and {@code backup}, {@code config check} and {@code client-config} run
 * against a real SQLite file with the server's configuration handed over as system
 * properties, exactly as {@code -D} flags would. No output ever contains the API key or
 * JWT secret unless {@code --with-key} asks for the key.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostCommandsTests {

	private static final String API_KEY = "host-commands-api-key-0123456789abc";

	private static final String JWT_SECRET = "host-commands-jwt-secret-0123456789-abcdefghijkl";

	@TempDir
	Path temp;

	private final Map<String, String> properties = new HashMap<>();

	@BeforeEach
	void pointTheCommandsAtATempDatabase() {
		set("shared-context.database.url", "jdbc:sqlite:" + this.temp.resolve("host.db"));
		set("shared-context.auth.api-key", API_KEY);
		set("shared-context.auth.jwt-secret-key", JWT_SECRET);
		set("shared-context.auth.secrets-file", this.temp.resolve("secrets.properties").toString());
		set("shared-context.auth.permissions-file", this.temp.resolve("no-policy.yml").toString());
		set("server.port", "34567");
	}

	@AfterEach
	void clearProperties() {
		this.properties.keySet().forEach(System::clearProperty);
	}

	@ParameterizedTest
	@ValueSource(strings = { "--help", "-h", "help" })
	void helpListsEveryCommandAndStartsNoServer(String help, CapturedOutput output) {
		assertThat(run(help)).isZero();
		assertThat(output.getOut()).contains("start the server");
		for (HostCommands.Command command : HostCommands.ALL) {
			assertThat(output.getOut()).contains("  " + command.synopsis());
		}
		assertThat(output.getOut()).contains("token create|list|revoke", "backup --to FILE", "config check",
				"client-config", "audit verify", "migrate-to", "version");
		assertThat(this.temp.resolve("host.db")).doesNotExist();
	}

	@Test
	void serverSettingsStillStartTheServer() {
		assertThat(HostCommands.run(SharedContextApplication.class, new String[0])).isNull();
		assertThat(HostCommands.run(SharedContextApplication.class, new String[] { "--server.port=0" })).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "bogus", "tokens list", "backup", "backup --to", "backup --from x", "config",
			"config show", "client-config", "client-config emacs", "client-config claude --url ftp://x",
			"client-config claude --port 1", "version extra", "token revoke", "token list --limit 0" })
	void usageErrorsExitTwoWithUsageOnStderr(String command, CapturedOutput output) {
		assertThat(run(command.split(" "))).isEqualTo(2);
		assertThat(output.getErr()).contains("error:").contains("usage:");
		assertThat(this.temp.resolve("host.db")).doesNotExist();
	}

	@ParameterizedTest
	@ValueSource(strings = { "token --help", "token create --help", "token list --help", "token revoke -h",
			"backup --help", "config --help", "config check --help", "client-config --help",
			"client-config codex --help", "audit --help", "migrate-to --help", "aot-train --help", "version --help" })
	void everyCommandHasAHelpThatExitsZero(String command, CapturedOutput output) {
		assertThat(run(command.split(" "))).isZero();
		assertThat(output.getOut())
			.containsPattern("usage: java .*-jar shared-context-server.jar[\\s\\\\]+\\Q" + command.split(" ")[0]);
		assertThat(output.getErr()).doesNotContain("error");
		assertThat(this.temp.resolve("host.db")).doesNotExist();
	}

	@Test
	void versionPrintsTheBuildVersionAndTheJavaVersion(CapturedOutput output) throws Exception {
		Properties build = new Properties();
		try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/build-info.properties")) {
			build.load(in);
		}
		assertThat(run("version")).isZero();
		assertThat(output.getOut()).contains(build.getProperty("build.version"))
			.contains("Java " + System.getProperty("java.version"));
	}

	@Test
	void backupIsAConsistentPrivateCopyAndNeverOverwrites(CapturedOutput output) throws Exception {
		assertThat(run("token", "create", "--agent-id", "ops", "--permissions", "admin")).isZero();
		Path backup = this.temp.resolve("backups/one.db");
		Files.createDirectories(backup.getParent());

		assertThat(run("backup", "--to", backup.toString())).isZero();

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
		assertThat(backup.resolveSibling("one.db.partial")).doesNotExist();
		try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + backup)) {
			try (ResultSet check = copy.createStatement().executeQuery("PRAGMA integrity_check")) {
				assertThat(check.next()).isTrue();
				assertThat(check.getString(1)).isEqualTo("ok");
			}
			try (ResultSet rows = copy.createStatement().executeQuery("SELECT agent_id, issued_by FROM tokens")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("ops");
				assertThat(rows.getString(2)).isEqualTo("cli");
				assertThat(rows.next()).isFalse();
			}
		}
		assertThat(output.getOut()).contains("Backed up").contains(backup.toString()).contains("JWT_SECRET_KEY");
		assertThat(output.toString()).doesNotContain(API_KEY).doesNotContain(JWT_SECRET);

		long size = Files.size(backup);
		assertThat(run("backup", "--to", backup.toString())).isEqualTo(1);
		assertThat(output.getErr()).contains("exists");
		assertThat(Files.size(backup)).isEqualTo(size);
	}

	@Test
	void backupOnPostgresqlPointsToPgDump(CapturedOutput output) {
		set("shared-context.database.url", "jdbc:postgresql://127.0.0.1:1/nowhere");
		assertThat(run("backup", "--to", this.temp.resolve("pg.db").toString())).isEqualTo(1);
		assertThat(output.getErr()).contains("pg_dump");
		assertThat(this.temp.resolve("pg.db")).doesNotExist();
	}

	@Test
	void configCheckMasksSecretsAndWarnsAboutWeakKeysAndAPublicBindWithoutProxies(CapturedOutput output) {
		set("shared-context.auth.api-key", "short-api-key-9");
		set("server.address", "0.0.0.0");
		set("shared-context.database.url", "postgresql://scs:hunter2-password@db.example:5432/scs");

		assertThat(run("config", "check")).isZero();

		assertThat(output.getOut()).contains("API_KEY", "set, 15 characters (value masked)")
			.contains("JWT_SECRET_KEY", "set, " + JWT_SECRET.length() + " characters (value masked)")
			.contains("0.0.0.0:34567 (public)")
			.contains("TRUSTED_PROXIES")
			.contains("WARN API_KEY is shorter than 32 characters")
			.contains("WARN HTTP_HOST 0.0.0.0 is not loopback and TRUSTED_PROXIES is empty")
			.doesNotContain("WARN JWT_SECRET_KEY");
		assertThat(output.toString()).doesNotContain("short-api-key-9")
			.doesNotContain(JWT_SECRET)
			.doesNotContain("hunter2-password");
	}

	@Test
	void configCheckWithStrongKeysBehindATrustedProxyHasNoWarnings(CapturedOutput output) {
		set("server.address", "0.0.0.0");
		set("shared-context.proxy.trusted", "10.0.0.0/8");
		assertThat(run("config", "check")).isZero();
		assertThat(output.getOut()).doesNotContain("WARN").contains("OK: no warnings");
		assertThat(this.temp.resolve("host.db")).doesNotExist();
	}

	@Test
	void configCheckMasksTheMetricsTokenAndWarnsWhenTheServerWouldRefuseIt(CapturedOutput output) {
		assertThat(run("config", "check")).isZero();
		assertThat(output.getOut()).contains("METRICS_TOKEN", "not set");

		set("shared-context.metrics.token", "metrics-token-too-short-30chrs");
		assertThat(run("config", "check")).isZero();
		assertThat(output.getOut()).contains("set, 30 characters (value masked)")
			.contains("WARN METRICS_TOKEN is shorter than 32 characters");
		assertThat(output.toString()).doesNotContain("metrics-token-too-short-30chrs");
	}

	@Test
	void configCheckFailsWhenTheConfigurationDoesNotLoad(CapturedOutput output) {
		set("shared-context.proxy.trusted", "not-an-address/99");
		assertThat(run("config", "check")).isEqualTo(1);
		assertThat(output.getErr()).contains("does not load");
	}

	@Test
	void clientConfigsParseAndCarryTheUrlAndAPlaceholder(CapturedOutput output) throws Exception {
		String url = "http://127.0.0.1:34567/mcp";
		JsonMapper json = JsonMapper.builder().build();
		assertThat(run("client-config", "gemini")).isZero();
		JsonNode gemini = json.readTree(output.getOut()).get("mcpServers").get("shared-context");
		assertThat(gemini.get("httpUrl").asString()).isEqualTo(url);
		assertThat(gemini.get("headers").get("X-API-Key").asString()).isEqualTo("YOUR_API_KEY");
		assertThat(output.toString()).doesNotContain(API_KEY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "gemini", "vscode", "cursor", "codex", "claude", "inspector" })
	void everyClientConfigParsesWithoutAndWithTheKey(String client) throws Exception {
		String url = "https://scs.example.org/mcp";
		String placeholder = ClientConfigCommand.snippet(client, url, null);
		String withKey = ClientConfigCommand.snippet(client, url, API_KEY);
		assertThat(placeholder).doesNotContain(API_KEY);
		assertThat(withKey).contains(API_KEY).doesNotContain("YOUR_API_KEY").doesNotContain("$API_KEY");
		JsonMapper json = JsonMapper.builder().build();
		switch (client) {
			case "gemini" -> {
				JsonNode server = json.readTree(withKey).get("mcpServers").get("shared-context");
				assertThat(server.get("httpUrl").asString()).isEqualTo(url);
				assertThat(server.get("headers").get("X-API-Key").asString()).isEqualTo(API_KEY);
			}
			case "cursor" -> {
				JsonNode server = json.readTree(placeholder).get("mcpServers").get("shared-context");
				assertThat(server.get("url").asString()).isEqualTo(url);
				assertThat(json.readTree(withKey).at("/mcpServers/shared-context/headers/X-API-Key").asString())
					.isEqualTo(API_KEY);
			}
			case "vscode" -> {
				JsonNode prompted = json.readTree(placeholder);
				assertThat(prompted.at("/inputs/0/type").asString()).isEqualTo("promptString");
				assertThat(prompted.at("/servers/shared-context/type").asString()).isEqualTo("http");
				assertThat(prompted.at("/servers/shared-context/url").asString()).isEqualTo(url);
				assertThat(prompted.at("/servers/shared-context/headers/X-API-Key").asString())
					.isEqualTo("${input:scs-api-key}");
				assertThat(json.readTree(withKey).at("/servers/shared-context/headers/X-API-Key").asString())
					.isEqualTo(API_KEY);
			}
			case "codex" -> {
				TomlMapper toml = TomlMapper.builder().build();
				JsonNode server = toml.readTree(withKey).get("mcp_servers").get("shared-context");
				assertThat(server.get("url").asString()).isEqualTo(url);
				assertThat(server.get("http_headers").get("X-API-Key").asString()).isEqualTo(API_KEY);
				assertThat(
						toml.readTree(placeholder).at("/mcp_servers/shared-context/http_headers/X-API-Key").asString())
					.isEqualTo("YOUR_API_KEY");
			}
			case "claude" -> assertThat(placeholder).isEqualTo(
					"claude mcp add --transport http shared-context " + url + " --header \"X-API-Key: $API_KEY\"\n");
			case "inspector" -> assertThat(placeholder).isEqualTo("npx @modelcontextprotocol/inspector --cli " + url
					+ " --transport http --header \"X-API-Key: $API_KEY\" --method tools/list\n");
			default -> throw new IllegalArgumentException(client);
		}
	}

	@Test
	void clientConfigWithKeyPrintsTheConfiguredKey(CapturedOutput output) {
		assertThat(run("client-config", "claude", "--with-key")).isZero();
		assertThat(output.getOut()).isEqualTo("claude mcp add --transport http shared-context "
				+ "http://127.0.0.1:34567/mcp --header 'X-API-Key: " + API_KEY + "'\n");
	}

	private void set(String name, String value) {
		this.properties.put(name, value);
		System.setProperty(name, value);
	}

	private static int run(String... args) {
		return HostCommands.run(SharedContextApplication.class, args);
	}

}
