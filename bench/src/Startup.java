import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run.sh --only=startup [--starts=5]}: launch → {@code /actuator/health} UP, on an empty database, for
 * the machine's default JVM and the recommended one (Temurin 25), each as plain {@code java -jar} and through
 * {@code bin/shared-context-server} with its start-up cache (the cache is trained by the first launcher start, which
 * is timed and reported apart). Every start gets a fresh directory and database; the figures are the median, min and
 * max of {@code --starts} starts, beside Spring's own "Started ... in" median. The goal row is the issue's: under 2 s
 * on Java 25, for the launcher (what the image runs).
 * <p>
 * With {@code --floor-jar=FILE} (run.sh builds {@code bench/floor}: an empty Spring Boot web application with actuator
 * on the server's Spring Boot version) the same starts are measured for that application too, on each JVM, plain and
 * through the same launcher and cache: the floor that the machine, the JVM and the framework set before the server
 * adds anything of its own.
 */
final class Startup {

	static final double GOAL_SECONDS = 2.0;

	static final String SERVER = "the server";

	static final String FLOOR = "floor: empty Spring Boot app";

	record Row(String jvm, String app, String how, double first, double[] seconds, double[] spring) {

		Row withFirst(double firstSeconds) {
			return new Row(this.jvm, this.app, this.how, firstSeconds, this.seconds, this.spring);
		}

		boolean floor() {
			return !SERVER.equals(this.app);
		}

		double median() {
			return median(this.seconds);
		}

		static double median(double[] values) {
			double[] sorted = values.clone();
			Arrays.sort(sorted);
			int n = sorted.length;
			return (n == 0) ? Double.NaN : (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		}

	}

	private final Server template;

	private final Path work;

	private final Map<String, String> options;

	private final List<String> jvmOptions;

	private final List<Row> rows = new ArrayList<>();

	private int serial;

	Startup(Server template, Path work, Map<String, String> options, List<String> jvmOptions) {
		this.template = template;
		this.work = work;
		this.options = options;
		this.jvmOptions = jvmOptions;
	}

	void run() throws Exception {
		int starts = Integer.parseInt(this.options.getOrDefault("starts", "5"));
		Path defaultJava = Path.of(this.options.getOrDefault("default-java-home", System.getProperty("java.home")));
		Path recommended = Path
			.of(this.options.getOrDefault("recommended-java-home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
		List<Path> homes = new ArrayList<>(List.of(defaultJava));
		if (Files.isExecutable(recommended.resolve("bin/java")) && !recommended.equals(defaultJava)) {
			homes.add(recommended);
		}
		Path launcher = Path.of(this.options.getOrDefault("launcher", "bin/shared-context-server")).toAbsolutePath();
		String floorJar = this.options.get("floor-jar");
		for (Path home : homes) {
			measure(SERVER, this.template.jar, home, starts, launcher);
			if (floorJar != null) {
				measure(FLOOR, Path.of(floorJar).toAbsolutePath(), home, starts, launcher);
			}
		}
	}

	/** One application on one JVM: {@code java -jar}, then the launcher (its first, cache-training start apart). */
	private void measure(String app, Path jar, Path home, int starts, Path launcher) throws Exception {
		String jvm = "Java " + SideBySide.feature(home);
		this.rows.add(measure(jvm, app, "java -jar", jar, home, starts, null, null));
		Path cache = Files.createDirectories(
				this.work.resolve("start-up-cache-" + SideBySide.feature(home) + "-" + this.rows.size()));
		Server first = sibling(home, jar);
		first.startTimeoutSeconds = Math.max(first.startTimeoutSeconds, 300);
		first.startWithLauncher("launcher-first", launcher, this.jvmOptions, cache);
		double firstSeconds = first.startupSeconds;
		first.stop();
		this.rows.add(measure(jvm, app, "bin/shared-context-server (" + SideBySide.cacheKind(home) + ")", jar, home,
				starts, launcher, cache)
			.withFirst(firstSeconds));
	}

	private Row measure(String jvm, String app, String how, Path jar, Path home, int starts, Path launcher,
			Path cache) throws Exception {
		double[] seconds = new double[starts];
		double[] spring = new double[starts];
		for (int i = 0; i < starts; i++) {
			Server server = sibling(home, jar);
			if (launcher != null) {
				server.startWithLauncher("launcher", launcher, this.jvmOptions, cache);
			}
			else {
				server.start("plain", this.jvmOptions);
			}
			seconds[i] = server.startupSeconds;
			spring[i] = parse(server.springStarted);
			server.stop();
		}
		return new Row(jvm, app, how, Double.NaN, seconds, spring);
	}

	private Server sibling(Path home, Path jar) throws Exception {
		return this.template.sibling(this.work.resolve("startup-" + (++this.serial)), home, jar);
	}

	String section() {
		StringBuilder md = new StringBuilder("## Start-up (launch → `/actuator/health` UP, empty database)\n\n");
		md.append("| JVM | application | how | starts | median s | min s | max s | Spring \"Started in\" median s "
				+ "| first start (trains the cache) s | goal < ").append(GOAL_SECONDS).append(" s |\n");
		md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
		for (Row row : this.rows) {
			double[] sorted = row.seconds().clone();
			Arrays.sort(sorted);
			boolean goalRow = !row.floor() && Integer.parseInt(row.jvm().substring("Java ".length())) >= 25;
			md.append("| ")
				.append(row.jvm())
				.append(" | ")
				.append(row.app())
				.append(" | ")
				.append(row.how())
				.append(" | ")
				.append(sorted.length)
				.append(" | ")
				.append(fmt(row.median()))
				.append(" | ")
				.append(fmt(sorted[0]))
				.append(" | ")
				.append(fmt(sorted[sorted.length - 1]))
				.append(" | ")
				.append(fmt(Row.median(row.spring())))
				.append(" | ")
				.append(Double.isNaN(row.first()) ? "—" : fmt(row.first()))
				.append(" | ")
				.append(goalRow ? ((row.median() < GOAL_SECONDS) ? "**PASS**" : "**MISS**") : "—")
				.append(" |\n");
		}
		md.append("\nEach start: a fresh directory and SQLite database, a free loopback port, health polled until UP. ")
			.append("The launcher's own work (its `java -version` and cache look-up) is inside its figures.");
		if (this.rows.stream().anyMatch(Row::floor)) {
			md.append(" The floor rows are `bench/floor`: an empty Spring Boot web application with actuator, on the ")
				.append("server's Spring Boot version, the same address, port, thread model and health endpoint, ")
				.append("started the same ways (through the same launcher, with a cache trained by its own ")
				.append("`aot-train`: health asked for as long as the server's training load runs). It has no ")
				.append("database, no security, no MCP: what the machine, the JVM and the framework cost before the ")
				.append("server adds anything.");
		}
		md.append("\n\n");
		return md.toString();
	}

	private static double parse(String text) {
		try {
			return Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	private static String fmt(double value) {
		return String.format("%.2f", value);
	}

}
