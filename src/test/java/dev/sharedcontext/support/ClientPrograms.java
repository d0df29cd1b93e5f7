package dev.sharedcontext.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;

/**
 * The client scenario programs in {@code src/test/clients} (Python {@code mcp},
 * TypeScript {@code @modelcontextprotocol/client}) run as processes against a test
 * server, with the SDKs {@code .ci/clients} installed. The SDK installs live outside the
 * build (a venv and node_modules cannot come from Maven) in a cache keyed by the hash of
 * their lock files, the same key {@code .ci/clients} computes; the cache root is
 * {@code -Dsc.clients.cache}, else {@code SC_CLIENTS_CACHE}, else
 * {@code ~/.cache/shared-context-clients}. Without an install the calling test is skipped
 * with a message naming the command, unless {@code SC_CLIENTS_REQUIRED=true}
 * ({@code .ci/run} sets it), where a missing SDK fails instead of passing unnoticed.
 */
public final class ClientPrograms {

	private static final Path SOURCES = Path.of("src", "test", "clients");

	private static final String INSTALL = "Run `bash .ci/clients` (it installs the Python mcp SDK and the TypeScript "
			+ "MCP client into ~/.cache/shared-context-clients; .ci/run does it before ./mvnw verify)";

	private ClientPrograms() {
	}

	/** The SDK a scenario program runs on. */
	public enum Sdk {

		PYTHON, TYPESCRIPT;

		/** Its folder under src/test/clients, and the cache directory's prefix. */
		String folder() {
			return (this == PYTHON) ? "python" : "ts";
		}

		/** The file whose hash keys the installation, as in .ci/clients. */
		Path lock() {
			return SOURCES.resolve(folder()).resolve((this == PYTHON) ? "requirements.txt" : "package-lock.json");
		}

		/** The installed SDK's directory, or the test is skipped (or failed in CI). */
		Path installation() {
			Path dir = cache().resolve(folder() + "-" + key(lock()));
			boolean installed = Files.exists(dir.resolve(".complete"));
			String reason = "The " + name().toLowerCase() + " MCP client SDK is not installed in " + dir + ". "
					+ INSTALL + ".";
			if (!installed && Boolean.parseBoolean(System.getenv("SC_CLIENTS_REQUIRED"))) {
				throw new AssertionError(reason + " SC_CLIENTS_REQUIRED=true: failing instead of skipping.");
			}
			Assumptions.assumeTrue(installed, reason);
			return dir;
		}

	}

	/** What a scenario program reported: its exit code, summary line and whole output. */
	public record Outcome(int exitCode, JsonNode summary, String output) {

		/** The output's tail, for assertion messages. */
		public String tail() {
			return this.output.substring(Math.max(0, this.output.length() - 6000));
		}

	}

	/**
	 * Runs one scenario program to its end (a deadline of three minutes) against
	 * {@code url}.
	 * @param sdk which program
	 * @param mode its {@code --mode}
	 * @param environment SC_URL, SC_API_KEY, SC_ADMIN_TOKEN and the like
	 */
	public static Outcome run(Sdk sdk, String mode, Map<String, String> environment) {
		Path installation = sdk.installation();
		try {
			Path work = Files.createTempDirectory("scs-client-" + sdk.folder());
			List<String> command = new ArrayList<>();
			if (sdk == Sdk.PYTHON) {
				command.add(installation.resolve("venv/bin/python").toString());
				command.add("-W");
				command.add("ignore::DeprecationWarning");
				command.add(SOURCES.resolve("python/scenario.py").toAbsolutePath().toString());
			}
			else {
				// ESM resolves packages from the script's folder upwards: run a copy
				// beside
				// a link to the installed node_modules
				Files.copy(SOURCES.resolve("ts/scenario.mjs"), work.resolve("scenario.mjs"));
				Files.createSymbolicLink(work.resolve("node_modules"), installation.resolve("node_modules"));
				command.add("node");
				command.add(work.resolve("scenario.mjs").toString());
			}
			command.add("--mode");
			command.add(mode);
			ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
			Path log = work.resolve("output.log");
			builder.redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			if (!process.waitFor(3, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new AssertionError(sdk + " " + mode + " did not finish in 3 minutes:\n"
						+ Files.readString(log, StandardCharsets.UTF_8));
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			JsonNode summary = output.lines()
				.filter((line) -> line.startsWith("SUMMARY "))
				.reduce((first, second) -> second)
				.map((line) -> Api.JSON.readTree(line.substring("SUMMARY ".length())))
				.orElse(null);
			return new Outcome(process.exitValue(), summary, output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Path cache() {
		String configured = System.getProperty("sc.clients.cache", System.getenv("SC_CLIENTS_CACHE"));
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		return Path.of(System.getProperty("user.home"), ".cache", "shared-context-clients");
	}

	/** The first 16 hex digits of the file's SHA-256, as {@code .ci/clients} names it. */
	private static String key(Path file) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
			return HexFormat.of().formatHex(digest).substring(0, 16);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
