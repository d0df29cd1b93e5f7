package dev.sharedcontext.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.SharedContextApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar server.jar audit verify}: the audit log's hash chain is checked on the
 * host against the server's database, and a row edited or deleted directly in the SQLite
 * file (plain JDBC, as an intruder with file access would) is named by id. Like the token
 * command, it is configured by system properties, as {@code -D} flags would.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditCommandTests {

	@TempDir
	Path temp;

	private Map<String, String> properties;

	private String databaseUrl;

	@BeforeEach
	void pointTheCommandAtATempDatabase() {
		this.databaseUrl = "jdbc:sqlite:" + this.temp.resolve("audit.db");
		this.properties = new HashMap<>(Map.of("shared-context.database.url", this.databaseUrl,
				"shared-context.auth.api-key", "audit-command-api-key-0123456789", "shared-context.auth.jwt-secret-key",
				"audit-command-jwt-secret-0123456789-abcdefghijkl", "shared-context.auth.secrets-file",
				this.temp.resolve("secrets.properties").toString(), "shared-context.auth.permissions-file",
				this.temp.resolve("no-policy.yml").toString()));
		this.properties.forEach(System::setProperty);
	}

	@AfterEach
	void clearProperties() {
		this.properties.keySet().forEach(System::clearProperty);
	}

	@Test
	void anIntactLogIsReportedOkWithTheNumberOfRowsChecked(CapturedOutput output) {
		List<Long> ids = recordEvents(5);

		assertThat(verify()).isZero();
		assertThat(output.getOut()).contains("OK: " + count() + " audit rows checked");
		assertThat(count()).isGreaterThanOrEqualTo(ids.size());
	}

	@Test
	void aRowEditedInTheFileIsReportedByItsId(CapturedOutput output) throws SQLException {
		List<Long> ids = recordEvents(5);
		long edited = ids.get(2);
		execute("UPDATE audit_log SET agent_id = 'someone-else' WHERE id = " + edited);

		assertThat(verify()).isEqualTo(1);
		assertThat(output.getOut()).contains("BROKEN at audit row id " + edited + ":").contains("altered");
	}

	@Test
	void aMiddleRowDeletedFromTheFileIsReportedAtTheRowAfterTheGap(CapturedOutput output) throws SQLException {
		List<Long> ids = recordEvents(5);
		execute("DELETE FROM audit_log WHERE id = " + ids.get(2));

		assertThat(verify()).isEqualTo(1);
		assertThat(output.getOut()).contains("BROKEN at audit row id " + ids.get(3) + ":")
			.contains("row " + ids.get(1));
	}

	@Test
	void theRowBudgetDeletesTheOldestRowsWithoutBreakingTheChainButCuttingTheHeadByHandDoes(CapturedOutput output)
			throws SQLException {
		System.setProperty("shared-context.audit.max-rows", "4");
		this.properties.put("shared-context.audit.max-rows", "4");
		recordEvents(8);
		long deleted;
		try (ConfigurableApplicationContext context = context()) {
			deleted = context.getBean(AuditRetention.class).enforceRowBudget();
		}
		assertThat(deleted).isGreaterThanOrEqualTo(5);
		assertThat(count()).isEqualTo(4);

		assertThat(verify()).isZero();
		assertThat(output.getOut()).contains("OK: 4 audit rows checked");

		long oldest = queryLong("SELECT min(id) FROM audit_log");
		execute("DELETE FROM audit_log WHERE id = " + oldest);
		assertThat(verify()).isEqualTo(1);
		assertThat(output.getOut()).contains("BROKEN at audit row id ").contains("without a recorded purge");
	}

	@ParameterizedTest
	@ValueSource(strings = { "audit", "audit check", "audit verify now" })
	void usageErrorsExitWithTwo(String command, CapturedOutput output) {
		assertThat(AuditCommand.run(SharedContextApplication.class, command.split(" "))).isEqualTo(2);
		assertThat(output.getErr()).contains("usage: java -jar shared-context-server.jar audit verify");
	}

	@Test
	void helpPrintsTheUsage(CapturedOutput output) {
		assertThat(AuditCommand.run(SharedContextApplication.class, new String[] { "audit", "--help" })).isZero();
		assertThat(output.getOut()).contains("usage: java -jar shared-context-server.jar audit verify");
	}

	private int verify() {
		return AuditCommand.run(SharedContextApplication.class, new String[] { "audit", "verify" });
	}

	/** Records events through the application, as the server would; returns their ids. */
	private List<Long> recordEvents(int count) {
		try (ConfigurableApplicationContext context = context()) {
			AuditLog log = context.getBean(AuditLog.class);
			for (int i = 0; i < count; i++) {
				log.record(AuditEvent.of("admin_action")
					.agent("agent-" + i)
					.action("test")
					.details(Map.of("n", i, "text", "row \"" + i + "\"|with separators:")));
			}
			return context.getBean(JdbcClient.class)
				.sql("SELECT id FROM audit_log WHERE action = 'test' ORDER BY id")
				.query(Long.class)
				.list();
		}
	}

	private ConfigurableApplicationContext context() {
		return new SpringApplicationBuilder(SharedContextApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.lazy-initialization=true")
			.run();
	}

	private long count() {
		return queryLong("SELECT count(*) FROM audit_log");
	}

	private long queryLong(String sql) {
		try (Connection connection = DriverManager.getConnection(this.databaseUrl);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Changes the SQLite file directly, bypassing the application. */
	private void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.databaseUrl);
				Statement statement = connection.createStatement()) {
			assertThat(statement.executeUpdate(sql)).isEqualTo(1);
		}
	}

}
