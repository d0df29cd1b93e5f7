package dev.sharedcontext.aot;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.sharedcontext.host.HostContext;

/**
 * {@code java -XX:AOTCacheOutput=app.aot -jar server.jar aot-train [--seconds N] [--clients N]}:
 * a training run for the JVM's start-up and warm-up cache (JDK 25 AOT cache with method
 * profiles, or a CDS archive on 17–24). The JVM writes such a cache at exit from what the
 * process loaded, linked and profiled, so the run must do what a production server does:
 * it boots the full server (web server, security, database, migrations) on a temporary
 * SQLite database and a random loopback port, drives it through real HTTP for N seconds
 * (MCP in both protocol eras — initialize, authenticate_agent, create_session,
 * add_message, get_messages, search_context, set/get_memory —, REST calls and the
 * dashboard's page), shuts it down cleanly and exits. Nothing of the host's own database,
 * keys or configuration file is touched; the temporary directory is deleted.
 * <p>
 * Exit codes: 0 trained (every request answered as expected); 1 the server did not start
 * or requests failed (the cache may still be written, but the launcher treats it as a
 * failed training); 2 usage error.
 */
public final class AotTrainCommand {

	public static final String NAME = "aot-train";

	private static final String USAGE = """
			usage: java [-XX:AOTCacheOutput=FILE | -XX:ArchiveClassesAtExit=FILE] -jar shared-context-server.jar \\
			         aot-train [--seconds N] [--clients N]
			  Training run for the JVM's AOT cache (Java 25+) or CDS archive (17-24): starts the server on a
			  temporary SQLite database and a random loopback port, sends it MCP (both protocol eras), REST and
			  dashboard requests from N clients (default 4) for N seconds (default 20), stops it and exits.
			  bin/shared-context-server does this by itself on first start. Exit code 0: trained; 1: the
			  server did not start or requests failed; 2: usage error.""";

	private static final Set<String> OPTIONS = Set.of("--seconds", "--clients");

	private AotTrainCommand() {
	}

	/** What a training run did. */
	public record Outcome(int exitCode, long requests, long failures) {
	}

	public static int run(Class<?> application, String[] args) {
		return train(application, args, System.out, System.err).exitCode();
	}

	/**
	 * Parses the options and trains; prints a one-line summary (or the usage) and returns
	 * what happened.
	 */
	public static Outcome train(Class<?> application, String[] args, PrintStream out, PrintStream err) {
		if (HostContext.asksForHelp(args)) {
			out.println(USAGE);
			return new Outcome(0, 0, 0);
		}
		double seconds;
		int clients;
		try {
			Map<String, String> options = HostContext.options(args, 1, OPTIONS);
			seconds = number(options.getOrDefault("--seconds", "20"), "--seconds", 0.1, 3600);
			clients = (int) number(options.getOrDefault("--clients", "4"), "--clients", 1, 64);
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage());
			err.println(USAGE);
			return new Outcome(2, 0, 0);
		}
		Path temp;
		try {
			temp = Files.createTempDirectory("scs-aot-train-");
		}
		catch (IOException ex) {
			err.println("aot-train: cannot create a temporary directory: " + ex.getMessage());
			return new Outcome(1, 0, 0);
		}
		try {
			return trainIn(application, temp, seconds, clients, out, err);
		}
		finally {
			delete(temp);
		}
	}

	private static double number(String text, String name, double min, double max) {
		try {
			double value = Double.parseDouble(text);
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max);
	}

	private static Outcome trainIn(Class<?> application, Path temp, double seconds, int clients, PrintStream out,
			PrintStream err) {
		String apiKey = random("aot-key-");
		long begin = System.nanoTime();
		ConfigurableApplicationContext context;
		try {
			// command-line settings win over the environment and config/application.yml:
			// the host's own database,
			// keys, policy file and rate limits play no part in a training run
			context = SpringApplication.run(application, "--server.address=127.0.0.1", "--server.port=0",
					"--shared-context.database.url=jdbc:sqlite:" + temp.resolve("train.db"),
					"--shared-context.database.user=", "--shared-context.database.password=",
					"--shared-context.auth.api-key=" + apiKey,
					"--shared-context.auth.jwt-secret-key=" + random("aot-jwt-secret-"),
					"--shared-context.auth.jwt-secret-keys-previous=",
					"--shared-context.auth.secrets-file=" + temp.resolve("secrets.properties"),
					"--shared-context.auth.permissions-file=" + temp.resolve("no-policy.yml"),
					"--shared-context.rate-limit.authentication-per-minute=0",
					"--shared-context.rate-limit.messages-per-minute=0",
					"--shared-context.rate-limit.searches-per-minute=0",
					"--shared-context.rate-limit.memory-per-minute=0");
		}
		catch (RuntimeException ex) {
			err.println("aot-train: the server did not start: " + ex);
			return new Outcome(1, 0, 0);
		}
		TrainingLoad load;
		try (context) {
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
			load = new TrainingLoad(port, apiKey, err);
			load.drive(clients, seconds);
		}
		out.printf(
				"aot-train: %d requests from %d clients in %.1f s (server up and down included: %.1f s), %d failed%n",
				load.requests.get(), clients, seconds, (System.nanoTime() - begin) / 1e9, load.failures.get());
		boolean ok = load.failures.get() == 0 && load.requests.get() > 0;
		return new Outcome(ok ? 0 : 1, load.requests.get(), load.failures.get());
	}

	private static String random(String prefix) {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return prefix + HexFormat.of().formatHex(bytes);
	}

	private static void delete(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// a temporary directory left behind is harmless
		}
	}

	/**
	 * The representative load: each client is one agent with its own MCP session and
	 * token, and cycles through the calls a coordinating agent makes, over one keep-alive
	 * HTTP/1.1 client.
	 */
	private static final class TrainingLoad {

		private static final String JSON = "application/json";

		private static final String MCP_ACCEPT = "application/json, text/event-stream";

		private static final String LEGACY = "2025-06-18";

		private static final String MODERN = "2026-07-28";

		private static final Pattern TOKEN = Pattern.compile("\"token\":\"(sct_[A-Za-z0-9_-]+)\"");

		private static final Pattern SESSION = Pattern.compile("\"session_id\":\"(session_[0-9a-f]+)\"");

		private final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();

		private final String base;

		private final String apiKey;

		private final PrintStream err;

		final AtomicLong requests = new AtomicLong();

		final AtomicLong failures = new AtomicLong();

		TrainingLoad(int port, String apiKey, PrintStream err) {
			this.base = "http://127.0.0.1:" + port;
			this.apiKey = apiKey;
			this.err = err;
		}

		void drive(int clients, double seconds) {
			long deadline = System.nanoTime() + (long) (seconds * 1e9);
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				String agentId = "aot-train-" + i;
				Thread thread = new Thread(() -> agent(agentId, deadline), agentId);
				thread.start();
				threads.add(thread);
			}
			for (Thread thread : threads) {
				try {
					thread.join();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private void agent(String agentId, long deadline) {
			try {
				String mcpSession = initialize();
				String token = authenticate(mcpSession, agentId);
				String session = match(SESSION,
						mcp(mcpSession, token, "create_session", "{\"purpose\":\"aot training " + agentId + "\"}"));
				long n = 0;
				do {
					cycle(mcpSession, token, session, agentId, n++);
				}
				while (System.nanoTime() - deadline < 0);
			}
			catch (IOException | RuntimeException ex) {
				fail(agentId + ": " + ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/** One round of what an agent does, in both protocol eras and over REST. */
		private void cycle(String mcpSession, String token, String session, String agentId, long n)
				throws IOException, InterruptedException {
			String text = "training message " + n + " from " + agentId + " about the quokka migration plan";
			for (int i = 0; i < 4; i++) {
				mcp(mcpSession, token, "add_message",
						"{\"session_id\":\"" + session + "\",\"content\":\"" + text + " " + i + "\"}");
				mcp(mcpSession, token, "get_messages", "{\"session_id\":\"" + session + "\",\"limit\":50}");
				modern(token, "add_message",
						"{\"session_id\":\"" + session + "\",\"content\":\"" + text + " (2026) " + i + "\"}");
				modern(token, "get_messages", "{\"session_id\":\"" + session + "\",\"limit\":50}");
			}
			mcp(mcpSession, token, "search_context",
					"{\"session_id\":\"" + session + "\",\"query\":\"quokka migration\",\"limit\":10}");
			modern(token, "search_context", "{\"session_id\":\"" + session + "\",\"query\":\"quoka\",\"limit\":10}");
			String key = "aot/" + agentId + "/" + (n % 8);
			mcp(mcpSession, token, "set_memory", "{\"key\":\"" + key + "\",\"value\":{\"n\":" + n + "}}");
			mcp(mcpSession, token, "get_memory", "{\"key\":\"" + key + "\"}");
			String bearer = "Bearer " + token;
			expect(send(HttpRequest.newBuilder(uri("/api/v1/sessions/" + session + "/messages"))
				.header("Authorization", bearer)
				.header("Content-Type", JSON)
				.POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + text + " (rest)\"}"))), "REST post", 200,
					201);
			expect(send(HttpRequest.newBuilder(uri("/api/v1/sessions/" + session + "/messages?limit=50"))
				.header("Authorization", bearer)), "REST messages", 200);
			expect(send(HttpRequest.newBuilder(uri("/api/v1/sessions/" + session + "/search?q=quokka&limit=10"))
				.header("Authorization", bearer)), "REST search", 200);
			expect(send(HttpRequest.newBuilder(uri("/api/v1/memory/rest-" + key))
				.header("Authorization", bearer)
				.header("Content-Type", JSON)
				.PUT(HttpRequest.BodyPublishers.ofString("{\"value\":{\"n\":" + n + "}}"))), "REST memory", 200, 201);
			if (n % 4 == 0) {
				expect(send(HttpRequest.newBuilder(uri("/ui/index.html"))), "dashboard page", 200);
				expect(send(HttpRequest.newBuilder(uri("/actuator/health"))), "health", 200);
			}
		}

		private String initialize() throws IOException, InterruptedException {
			HttpResponse<String> init = send(HttpRequest.newBuilder(uri("/mcp"))
				.header("Accept", MCP_ACCEPT)
				.header("Content-Type", JSON)
				.header("X-API-Key", this.apiKey)
				.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
						+ "\"params\":{\"protocolVersion\":\"" + LEGACY + "\",\"capabilities\":{},"
						+ "\"clientInfo\":{\"name\":\"aot-train\",\"version\":\"1\"}}}")));
			expect(init, "initialize", 200);
			String session = init.headers()
				.firstValue("Mcp-Session-Id")
				.orElseThrow(() -> new IOException("initialize: no Mcp-Session-Id"));
			expect(send(legacy(session, null).POST(HttpRequest.BodyPublishers
				.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))), "initialized", 202);
			return session;
		}

		private String authenticate(String mcpSession, String agentId) throws IOException, InterruptedException {
			return match(TOKEN, mcp(mcpSession, null, "authenticate_agent", "{\"agent_id\":\"" + agentId
					+ "\",\"agent_type\":\"claude\",\"requested_permissions\":[\"read\",\"write\"]}"));
		}

		/** A 2025-era tools/call in the agent's MCP session. */
		private String mcp(String mcpSession, String token, String tool, String arguments)
				throws IOException, InterruptedException {
			HttpResponse<String> response = send(legacy(mcpSession, token)
				.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
						+ "\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}")));
			return result(response, tool);
		}

		/**
		 * A stateless 2026-07-28 tools/call: no MCP session; version, method and name in
		 * headers and _meta.
		 */
		private String modern(String token, String tool, String arguments) throws IOException, InterruptedException {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/mcp"))
				.header("Accept", MCP_ACCEPT)
				.header("Content-Type", JSON)
				.header("X-API-Key", this.apiKey)
				.header("Authorization", "Bearer " + token)
				.header("MCP-Protocol-Version", MODERN)
				.header("Mcp-Method", "tools/call")
				.header("Mcp-Name", tool)
				.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
						+ "\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + ",\"_meta\":{"
						+ "\"io.modelcontextprotocol/protocolVersion\":\"" + MODERN + "\","
						+ "\"io.modelcontextprotocol/clientCapabilities\":{},"
						+ "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"aot-train\",\"version\":\"1\"}}}}")));
			return result(response, tool + " (2026-07-28)");
		}

		private HttpRequest.Builder legacy(String mcpSession, String token) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri("/mcp"))
				.header("Accept", MCP_ACCEPT)
				.header("Content-Type", JSON)
				.header("X-API-Key", this.apiKey)
				.header("Mcp-Session-Id", mcpSession)
				.header("MCP-Protocol-Version", LEGACY);
			return (token != null) ? builder.header("Authorization", "Bearer " + token) : builder;
		}

		private String result(HttpResponse<String> response, String what) throws IOException {
			expect(response, what, 200);
			String body = response.body();
			if (body.contains("\"isError\":true") || body.contains("\"error\":{")) {
				throw new IOException(what + ": " + abbreviate(body));
			}
			return body;
		}

		private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
			this.requests.incrementAndGet();
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}

		/** Counts a failure unless the response has one of the expected statuses. */
		private void expect(HttpResponse<String> response, String what, int... statuses) {
			int status = response.statusCode();
			if (IntStream.of(statuses).noneMatch((s) -> s == status)) {
				fail(what + ": HTTP " + status + " " + abbreviate(response.body()));
			}
		}

		private void fail(String why) {
			if (this.failures.incrementAndGet() <= 5) {
				this.err.println("aot-train: " + why);
			}
		}

		private URI uri(String path) {
			return URI.create(this.base + path);
		}

		private static String match(Pattern pattern, String body) throws IOException {
			Matcher m = pattern.matcher(body);
			if (!m.find()) {
				throw new IOException("unexpected answer: " + abbreviate(body));
			}
			return m.group(1);
		}

		private static String abbreviate(String s) {
			return (s.length() > 200) ? s.substring(0, 200) + "…" : s;
		}

	}

}
