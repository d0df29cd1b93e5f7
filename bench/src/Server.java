import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server jar as a child process on a free loopback port, with a database and keys of the benchmark's own. */
final class Server {

	final Path javaHome;

	final Path jar;

	final Path dir;

	final Path db;

	final int port;

	final String apiKey;

	private final String jwtSecret;

	private Process process;

	private Path log;

	/** Wall time from launch until /actuator/health said UP. */
	double startupSeconds;

	/** Spring's own "Started ... in X seconds" figure. */
	String springStarted = "?";

	/** Where health says UP: the server's actuator; the reference peer has its own. */
	String healthPath = "/actuator/health";

	/** How long a start may take until health says UP (a loaded machine can need minutes). */
	long startTimeoutSeconds = 120;

	/**
	 * A database other than the SQLite file {@link #db} (PostgreSQL: {@code jdbc:postgresql://...}), with its user
	 * and password; {@code null} for the file.
	 */
	String databaseUrl;

	String databaseUser;

	String databasePassword;

	Server(Path javaHome, Path jar, Path dir, String apiKey, String jwtSecret) throws IOException {
		this.javaHome = javaHome;
		this.jar = jar;
		this.dir = dir;
		this.db = dir.resolve("bench.db");
		this.apiKey = apiKey;
		this.jwtSecret = jwtSecret;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			this.port = socket.getLocalPort();
		}
	}

	/** Another server with the same JVM, jar and keys, on its own port and database in {@code otherDir}. */
	Server sibling(Path otherDir) throws IOException {
		return sibling(otherDir, this.javaHome, this.jar);
	}

	/** Another server with the same keys on its own port and database in {@code otherDir}, on any JVM and jar. */
	Server sibling(Path otherDir, Path otherJavaHome, Path otherJar) throws IOException {
		Files.createDirectories(otherDir);
		Server sibling = new Server(otherJavaHome, otherJar, otherDir, this.apiKey, this.jwtSecret);
		sibling.startTimeoutSeconds = this.startTimeoutSeconds;
		return sibling;
	}

	/** Another server with the same JVM, jar and keys on its own port, on the given PostgreSQL database. */
	Server replica(Path otherDir, PostgresBench.Database database) throws IOException {
		Server replica = sibling(otherDir);
		replica.databaseUrl = database.jdbcUrl();
		replica.databaseUser = database.user();
		replica.databasePassword = database.password();
		return replica;
	}

	long pid() {
		return this.process.pid();
	}

	void start(String label, List<String> jvmOptions) throws Exception {
		start(label, jvmOptions, this.jar);
	}

	void start(String label, List<String> jvmOptions, Path jarFile) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(this.javaHome.resolve("bin/java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jarFile.toString());
		start(label, command, Map.of());
	}

	/**
	 * Starts the server through the shipped launcher (bin/shared-context-server, which execs java, so the pid is the
	 * JVM's) with this JVM as JAVA_HOME, the options as JAVA_OPTS and the start-up caches in {@code cacheDir}.
	 */
	void startWithLauncher(String label, Path launcher, List<String> jvmOptions, Path cacheDir) throws Exception {
		start(label, List.of(launcher.toString()), Map.of("JAVA_HOME", this.javaHome.toString(), "JAVA_OPTS",
				String.join(" ", jvmOptions), "SCS_JAR", this.jar.toString(), "SCS_AOT_DIR", cacheDir.toString()));
	}

	/** Any command that runs the server (a JVM, a launcher, node) with the server's environment plus {@code env}. */
	void start(String label, List<String> command, Map<String, String> env) throws Exception {
		this.log = this.dir.resolve("server-" + label + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile());
		configure(builder.environment());
		builder.environment().putAll(env);
		long begin = System.nanoTime();
		this.process = builder.start();
		long deadline = begin + TimeUnit.SECONDS.toNanos(this.startTimeoutSeconds);
		try (Http http = new Http(this.port)) {
			while (true) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("server exited during start-up; see " + this.log + logTail());
				}
				try {
					Http.Response health = http.send("GET", this.healthPath, "", null);
					if (health.status() == 200 && health.body().contains("UP")) {
						break;
					}
				}
				catch (IOException ex) {
					http.close();
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("server not healthy after " + this.startTimeoutSeconds + " s; see "
							+ this.log + logTail());
				}
				Thread.sleep(20);
			}
		}
		this.startupSeconds = (System.nanoTime() - begin) / 1e9;
		Matcher m = Pattern.compile("Started \\S+ in ([0-9.]+) seconds").matcher(logText());
		this.springStarted = m.find() ? m.group(1) : "?";
		System.out.printf("server %s: pid %d, port %d, healthy after %.2f s (Spring: started in %s s)%n", label,
				pid(), this.port, this.startupSeconds, this.springStarted);
	}

	private String logTail() {
		List<String> lines = logText().lines().toList();
		return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
	}

	String logText() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** Graceful stop (SIGTERM). */
	void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
	}

	/** SIGKILL: what a crash looks like to SQLite. */
	void kill() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly().waitFor();
		}
	}

	/**
	 * The server's environment: fixed keys, loopback, its own database. Rate limits are switched off: they cap
	 * each agent at 1,000 posts a minute by design (SPEC §9), and the suite measures the server, not the limits.
	 */
	private void configure(Map<String, String> environment) {
		environment.put("API_KEY", this.apiKey);
		environment.put("JWT_SECRET_KEY", this.jwtSecret);
		environment.put("HTTP_HOST", "127.0.0.1");
		environment.put("HTTP_PORT", Integer.toString(this.port));
		environment.put("DATABASE_URL", (this.databaseUrl != null) ? this.databaseUrl : "jdbc:sqlite:" + this.db);
		if (this.databaseUser != null) {
			environment.put("DATABASE_USER", this.databaseUser);
		}
		if (this.databasePassword != null) {
			environment.put("DATABASE_PASSWORD", this.databasePassword);
		}
		environment.put("SECRETS_FILE", this.dir.resolve("secrets.properties").toString());
		for (String limit : List.of("AUTH", "MESSAGES", "SEARCH", "MEMORY")) {
			environment.put("RATE_LIMIT_" + limit + "_PER_MINUTE", "0");
		}
	}

	/** Runs the JVM to completion (a training run) with the server's environment; returns its exit code. */
	int runToExit(String label, List<String> arguments) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(this.javaHome.resolve("bin/java").toString());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("run-" + label + ".log").toFile());
		configure(builder.environment());
		Process p = builder.start();
		if (!p.waitFor(300, TimeUnit.SECONDS)) {
			p.destroyForcibly().waitFor();
			return -1;
		}
		return p.exitValue();
	}

	int javaFeatureVersion() throws Exception {
		Matcher m = Pattern.compile("version \"(\\d+)").matcher(javaVersion());
		return m.find() ? Integer.parseInt(m.group(1)) : 17;
	}

	String jcmd(String... args) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(this.javaHome.resolve("bin/jcmd").toString());
		command.add(Long.toString(pid()));
		command.addAll(List.of(args));
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		p.waitFor(120, TimeUnit.SECONDS);
		return out;
	}

	/** Heap in use after a full GC, in MiB, and the raw GC.heap_info text. */
	record Heap(double usedMiB, double committedMiB, String text) {
	}

	Heap heapAfterGc() throws Exception {
		jcmd("GC.run");
		String text = jcmd("GC.heap_info");
		Matcher used = Pattern.compile("used (\\d+)K").matcher(text);
		double usedMiB = used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
		Matcher committed = Pattern.compile("(?:committed|total) (\\d+)K").matcher(text);
		double committedMiB = committed.find() ? Long.parseLong(committed.group(1)) / 1024.0 : Double.NaN;
		return new Heap(usedMiB, committedMiB, text.trim());
	}

	String javaVersion() throws Exception {
		Process p = new ProcessBuilder(this.javaHome.resolve("bin/java").toString(), "-version").redirectErrorStream(true)
			.start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		p.waitFor();
		return out.trim();
	}

	boolean virtualThreads() throws Exception {
		Matcher m = Pattern.compile("version \"(\\d+)").matcher(javaVersion());
		return m.find() && Integer.parseInt(m.group(1)) >= 21;
	}

}
