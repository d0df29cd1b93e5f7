package dev.sharedcontext.mcp;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.ClientPrograms;
import dev.sharedcontext.support.ClientPrograms.Outcome;
import dev.sharedcontext.support.ClientPrograms.Sdk;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real client SDKs of both MCP eras against the real endpoint: the Python {@code mcp}
 * SDK pinned to 2026-07-28, in auto mode (which must settle on 2026-07-28 here) and in
 * legacy mode; the TypeScript SDK v2 client pinned to 2026-07-28 and in its default
 * legacy mode. Each program lists tools, authenticates, creates a session, posts in every
 * tier, checks that exactly the agents who may see a post are notified
 * (subscriptions/listen in 2026, resources/subscribe plus the GET stream in 2025) and
 * reads back exactly what SPEC §5 allows; see {@code src/test/clients}. The Java SDK
 * (2025) runs the same scenario in {@link McpCollaborationTests}.
 */
class ClientSdkScenarioTests extends IntegrationTest {

	/** Fewer checks than a full run makes means the program skipped part of it. */
	private static final int MINIMUM_CHECKS = 40;

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "PYTHON, 2026-07-28, 2026-07-28", "PYTHON, auto, 2026-07-28", "PYTHON, legacy, 2025-11-25",
			"TYPESCRIPT, 2026-07-28, 2026-07-28", "TYPESCRIPT, legacy, 2025-11-25" })
	void theScenarioPassesWithTheRealClient(Sdk sdk, String mode, String expectedVersion) {
		String admin = token("scenario-admin-" + sdk.name().toLowerCase() + "-" + mode, "ops", Permission.READ,
				Permission.WRITE, Permission.ADMIN);
		Outcome outcome = ClientPrograms.run(sdk, mode, Map.of("SC_URL", "http://127.0.0.1:" + this.port + "/mcp",
				"SC_API_KEY", API_KEY, "SC_ADMIN_TOKEN", admin));
		assertThat(outcome.summary()).as("the program's SUMMARY line\n%s", outcome.tail()).isNotNull();
		assertThat(outcome.summary().get("failed").size()).as("failed expectations\n%s", outcome.tail()).isZero();
		assertThat(outcome.summary().get("ok").asBoolean()).isTrue();
		assertThat(outcome.exitCode()).as(outcome.tail()).isZero();
		assertThat(outcome.summary().get("protocol_version").asString()).isEqualTo(expectedVersion);
		assertThat(outcome.summary().get("passed").asInt()).isGreaterThanOrEqualTo(MINIMUM_CHECKS);
	}

}
