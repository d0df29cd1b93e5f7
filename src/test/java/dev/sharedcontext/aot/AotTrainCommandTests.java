package dev.sharedcontext.aot;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.sharedcontext.SharedContextApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aot-train}, the training run behind the launcher's AOT cache, in its short mode
 * and without the AOT flag: it must boot the whole server, get every one of its
 * representative requests answered as expected (MCP in both eras, REST, dashboard), shut
 * down and report exit code 0 — a training run with failing requests would teach the JVM
 * error paths instead of the hot ones. Its options follow the other host commands (0
 * help, 2 usage).
 */
class AotTrainCommandTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private AotTrainCommand.Outcome train(String... args) {
		return AotTrainCommand.train(SharedContextApplication.class, args,
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	@Test
	void shortTrainingRunDrivesTheServerWithoutAFailureAndExitsZero() {
		AotTrainCommand.Outcome outcome = train("aot-train", "--seconds", "1", "--clients", "2");

		assertThat(outcome.failures()).as(this.err.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(outcome.exitCode()).isZero();
		// per client at least initialize, notifications/initialized, authenticate_agent,
		// create_session and one
		// full round of 16 MCP calls in both eras, 4 REST calls, the dashboard page and
		// health
		assertThat(outcome.requests()).isGreaterThanOrEqualTo(2 * (4 + 16 + 4 + 4 + 2));
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("aot-train: ").contains(", 0 failed");
	}

	@Test
	void helpPrintsTheUsageAndExitsZero() {
		assertThat(train("aot-train", "--help").exitCode()).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("usage:").contains("--seconds");
	}

	@Test
	void unknownOptionOrBadNumberIsAUsageError() {
		assertThat(train("aot-train", "--minutes", "3").exitCode()).isEqualTo(2);
		assertThat(train("aot-train", "--seconds", "soon").exitCode()).isEqualTo(2);
		assertThat(train("aot-train", "--clients").exitCode()).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("unknown option --minutes")
			.contains("--seconds must be a number")
			.contains("--clients needs a value");
	}

}
