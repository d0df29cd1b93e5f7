package dev.sharedcontext.auth.token;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.SharedContextApplication;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar server.jar token create ...} (SPEC §4): the host issues the first
 * admin token against the same database and secret as the server, and a running server
 * accepts it. The command builds its own application context, so the database and keys
 * are handed to it as system properties, exactly as {@code -D} flags would.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenCommandTests {

	private static final String API_KEY = "token-command-api-key-0123456789";

	private static final String JWT_SECRET = "token-command-jwt-secret-0123456789-abcdefghijkl";

	@TempDir
	Path temp;

	private Map<String, String> properties;

	@BeforeEach
	void pointTheCommandAtATempDatabase() {
		this.properties = Map.of("shared-context.database.url", "jdbc:sqlite:" + this.temp.resolve("command.db"),
				"shared-context.auth.api-key", API_KEY, "shared-context.auth.jwt-secret-key", JWT_SECRET,
				"shared-context.auth.secrets-file", this.temp.resolve("secrets.properties").toString(),
				"shared-context.auth.permissions-file", this.temp.resolve("no-policy.yml").toString());
		this.properties.forEach(System::setProperty);
	}

	@AfterEach
	void clearProperties() {
		this.properties.keySet().forEach(System::clearProperty);
	}

	@Test
	void createdAdminTokenWorksAsABearerAgainstAServerOnTheSameDatabase(CapturedOutput output) {
		int exit = TokenCommand.run(SharedContextApplication.class,
				new String[] { "token", "create", "--agent-id", "ops", "--permissions", "admin" });
		assertThat(exit).isZero();
		String token = printedToken(output, "sct_[A-Za-z0-9_-]{43}");
		assertThat(output.getErr()).contains("ops").doesNotContain(token);

		try (ConfigurableApplicationContext server = startServer()) {
			Api api = api(server);
			Response tokens = api.get("/api/v1/admin/tokens?agent_id=ops", token);
			assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
			assertThat(tokens.json().get("tokens")).singleElement().satisfies((t) -> {
				assertThat(t.get("issued_by").asString()).isEqualTo("cli");
				assertThat(t.get("agent_type").asString()).isEqualTo("admin");
			});
			Response issued = api.post("/api/v1/admin/tokens", token,
					Map.of("agent_id", "worker", "agent_type", "claude", "permissions", List.of("read", "write")));
			assertThat(issued.status()).as(issued.toString()).isEqualTo(201);

			JdbcClient jdbc = server.getBean(JdbcClient.class);
			List<String> hostIssues = jdbc
				.sql("SELECT agent_id || '|' || coalesce(details, '') FROM audit_log WHERE action = 'host_issue'")
				.query(String.class)
				.list();
			assertThat(hostIssues).singleElement().satisfies((row) -> {
				assertThat(row).startsWith("cli|").contains("\"subject\":\"ops\"").contains("admin");
				assertThat(row).doesNotContain(token);
			});
		}
	}

	@Test
	void createdJwtWithOptionsWorksAgainstAServerOnTheSameDatabase(CapturedOutput output) {
		int exit = TokenCommand.run(SharedContextApplication.class,
				new String[] { "token", "create", "--agent-id", "ci", "--agent-type", "bot", "--permissions",
						"read,write", "--expires-in", "3600", "--format", "jwt" });
		assertThat(exit).isZero();
		String token = printedToken(output, "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

		try (ConfigurableApplicationContext server = startServer()) {
			Api api = api(server);
			Response session = api.post("/api/v1/sessions", token, Map.of("purpose", "from the cli token"));
			assertThat(session.status()).as(session.toString()).isEqualTo(201);
			assertThat(session.json().get("created_by").asString()).isEqualTo("ci");
			assertThat(api.get("/api/v1/admin/tokens", token).status()).isEqualTo(403);
		}
	}

	@Test
	void listShowsIdsButNeverTokensAndRevokeStopsTheTokenOnTheServer(CapturedOutput output) {
		assertThat(TokenCommand.run(SharedContextApplication.class, new String[] { "token", "create", "--agent-id",
				"worker", "--agent-type", "claude", "--permissions", "read,write" }))
			.isZero();
		String token = printedToken(output, "sct_[A-Za-z0-9_-]{43}");
		String tokenId = output.getErr().replaceAll("(?s).*Issued sct token (tok_[0-9a-f]+) .*", "$1");

		assertThat(TokenCommand.run(SharedContextApplication.class, new String[] { "token", "list" })).isZero();
		String listed = output.getOut().substring(output.getOut().indexOf("ID "));
		assertThat(listed).contains(tokenId).contains("worker").contains("claude").contains("read,write");
		assertThat(listed).doesNotContain(token).doesNotContain(token.substring(4));

		try (ConfigurableApplicationContext server = startServer()) {
			Api api = api(server);
			assertThat(api.post("/api/v1/sessions", token, Map.of("purpose", "before")).status()).isEqualTo(201);

			assertThat(TokenCommand.run(SharedContextApplication.class, new String[] { "token", "revoke", tokenId }))
				.isZero();

			// the server remembers a token's row for up to a second (another process
			// revoked it), so the
			// token stops working within that, not at once
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(100))
				.untilAsserted(
						() -> assertThat(api.post("/api/v1/sessions", token, Map.of("purpose", "after")).status())
							.isEqualTo(401));
			List<String> revocations = server.getBean(JdbcClient.class)
				.sql("SELECT agent_id || '|' || coalesce(details, '') FROM audit_log WHERE action = 'revoke_token'")
				.query(String.class)
				.list();
			assertThat(revocations).singleElement().satisfies((row) -> {
				assertThat(row).startsWith("cli|").contains(tokenId);
				assertThat(row).doesNotContain(token);
			});
		}
		assertThat(TokenCommand.run(SharedContextApplication.class, new String[] { "token", "list" })).isZero();
		String active = output.getOut().substring(output.getOut().lastIndexOf("ID "));
		assertThat(active).doesNotContain(tokenId);
		assertThat(TokenCommand.run(SharedContextApplication.class, new String[] { "token", "list", "--all" }))
			.isZero();
		String all = output.getOut().substring(output.getOut().lastIndexOf("ID "));
		assertThat(all).contains(tokenId).doesNotContain(token);
		assertThat(TokenCommand.run(SharedContextApplication.class, new String[] { "token", "revoke", "tok_nope" }))
			.isEqualTo(1);
		assertThat(output.getErr()).contains("no token with id tok_nope");
	}

	@ParameterizedTest
	@ValueSource(strings = { "token", "token delete", "token create", "token create --agent-id ops",
			"token create --permissions admin", "token create --agent-id ops --permissions root",
			"token create --agent-id ops --permissions", "token create --agent-id bad/id --permissions admin",
			"token create --agent-id ops --permissions admin --agent-type bad/type",
			"token create --agent-id ops --permissions admin --expires-in 59",
			"token create --agent-id ops --permissions admin --expires-in 31536001",
			"token create --agent-id ops --permissions admin --expires-in soon",
			"token create --agent-id ops --permissions admin --format paseto",
			"token create --agent-id ops --permissions admin --force yes", "token list --limit", "token list --since x",
			"token revoke", "token revoke a b" })
	void badArgumentsExitWithTwoAndPrintUsageButNoToken(String command, CapturedOutput output) {
		int exit = TokenCommand.run(SharedContextApplication.class, command.split(" "));
		assertThat(exit).isEqualTo(2);
		assertThat(output.getErr()).contains("usage:");
		assertThat(output.getOut()).doesNotContain("sct_");
	}

	private String printedToken(CapturedOutput output, String shape) {
		List<String> lines = Arrays.stream(output.getOut().split("\\R")).filter((l) -> l.matches(shape)).toList();
		assertThat(lines).as("token printed on stdout").singleElement();
		return lines.get(0);
	}

	private ConfigurableApplicationContext startServer() {
		return new SpringApplicationBuilder(SharedContextApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1");
	}

	private static Api api(ConfigurableApplicationContext server) {
		return new Api("http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port"));
	}

}
