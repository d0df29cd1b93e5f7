import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server on PostgreSQL (issue 11): {@code add_message} and {@code get_messages(50)} over MCP with one replica
 * and with two replicas (two server processes on one database, the agents split evenly between them), and
 * lost-after-kill: agents post on both replicas, replica A gets SIGKILL while they do, replica B goes on, and every
 * id acknowledged by either is looked up in the database with its exact content.
 * <p>
 * The database is {@code PG_URL} (a {@code jdbc:postgresql://host:port/db} URL, with {@code PG_USER} and
 * {@code PG_PASSWORD}) when set, or else a throw-away cluster of the Debian {@code postgresql} package found under
 * {@code /usr/lib/postgresql/*}/bin: {@code initdb --locale=C.UTF-8} (as the {@code postgres} user when run as
 * root, which initdb refuses) and {@code pg_ctl start} on a free loopback port, stopped and deleted at the end.
 */
final class PostgresBench {

	/** Where the benchmark's PostgreSQL is: a JDBC URL and credentials (user and password may be null). */
	record Database(String jdbcUrl, String user, String password, String description) {

		Connection connect() throws SQLException {
			return DriverManager.getConnection(this.jdbcUrl, this.user, this.password);
		}

	}

	/** lost-after-kill: what replica A and B acknowledged, and what the database lacks afterwards. */
	record KillResult(double loadSeconds, long acknowledgedA, long acknowledgedB, long inFlightA,
			long acknowledgedBAfterKill, long errorsB, long missing, long stored) {

		boolean pass() {
			return this.missing == 0 && this.inFlightA > 0;
		}

	}

	private static final Pattern SESSION = Pattern.compile("\"session_id\":\"(session_[0-9a-f]{16})\"");

	private final Server template;

	private final Path work;

	private final double seconds;

	private final boolean quick;

	private final List<String> jvmOptions;

	/** Scenario results by "name @clients". */
	final Map<String, Load.Result> results = new LinkedHashMap<>();

	KillResult kill;

	String databaseDescription = "?";

	private Path cluster;

	private Path pgBin;

	private int pgPort;

	PostgresBench(Server template, Path work, double seconds, boolean quick, List<String> jvmOptions) {
		this.template = template;
		this.work = work;
		this.seconds = seconds;
		this.quick = quick;
		this.jvmOptions = jvmOptions;
	}

	void run() throws Exception {
		Database database = database();
		this.databaseDescription = database.description();
		Server a = this.template.replica(Files.createDirectories(this.work.resolve("pg-a")), database);
		Server b = this.template.replica(Files.createDirectories(this.work.resolve("pg-b")), database);
		try {
			a.start("pg-a", this.jvmOptions);
			List<Agent> onA = Agent.connectAll(a, "pg-a-", 64);
			String readSession = createSession(onA.get(0), "pg read benchmark");
			List<String> writeSessions = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				writeSessions.add(createSession(onA.get(0), "pg write benchmark " + i));
			}
			for (int i = 0; i < 300; i++) {
				onA.get(0).restAddMessage(readSession, "read benchmark message " + i + " on PostgreSQL");
			}
			Load.Op add = (agent, seq) -> agent.mcpAddMessage(
					writeSessions.get(Math.floorMod(agent.id.hashCode(), 8)), "pg " + agent.id + " post " + seq);
			Load.Op get = (agent, seq) -> agent.tool("get_messages",
					"{\"session_id\":\"" + readSession + "\",\"limit\":50}");
			record("warm-up", onA, a, this.quick ? 2 : 10, add);
			for (int clients : new int[] { 8, 64 }) {
				record("1 replica add_message", onA.subList(0, clients), a, this.seconds, add);
				record("1 replica get_messages(50)", onA.subList(0, clients), a, this.seconds, get);
			}

			b.start("pg-b", this.jvmOptions);
			List<Agent> onB = Agent.connectAll(b, "pg-b-", 32);
			record("warm-up b", onB, b, this.quick ? 2 : 10, add);
			for (int clients : new int[] { 8, 64 }) {
				List<Agent> split = new ArrayList<>(onA.subList(0, clients / 2));
				split.addAll(onB.subList(0, clients / 2));
				record("2 replicas add_message", split, a, this.seconds, add);
				record("2 replicas get_messages(50)", split, a, this.seconds, get);
			}
			onA.forEach(Agent::close);
			onB.forEach(Agent::close);

			this.kill = killUnderLoad(a, b, database, writeSessions);
		}
		finally {
			a.kill();
			b.kill();
			stopCluster();
		}
	}

	private void record(String name, List<Agent> agents, Server pidSource, double secs, Load.Op op)
			throws InterruptedException {
		// a keep-alive connection left idle while replica B started may have been closed by the server: begin
		// each scenario on fresh ones, as Suite.run does
		agents.forEach(Agent::reconnect);
		Load.Result result = Load.run(name, agents, secs, pidSource.pid(), null, op);
		if (!name.startsWith("warm-up")) {
			this.results.put(name + " @" + agents.size(), result);
		}
	}

	private static String createSession(Agent agent, String purpose) throws IOException {
		String body = agent.tool("create_session", "{\"purpose\":\"" + purpose + "\"}");
		Matcher m = SESSION.matcher(body);
		if (!m.find()) {
			throw new IOException("create_session: " + body);
		}
		return m.group(1);
	}

	/**
	 * 32 agents on A and 32 on B post with a unique content each; 1-3 s after the first acknowledgement A gets
	 * SIGKILL; B's agents go on for another second (B must keep serving); then every acknowledged id is looked up.
	 */
	private KillResult killUnderLoad(Server a, Server b, Database database, List<String> sessions) throws Exception {
		List<Agent> onA = Agent.connectAll(a, "kill-a-", 32);
		List<Agent> onB = Agent.connectAll(b, "kill-b-", 32);
		ConcurrentHashMap<Long, String> ackedA = new ConcurrentHashMap<>();
		ConcurrentHashMap<Long, String> ackedB = new ConcurrentHashMap<>();
		AtomicLong killedAt = new AtomicLong(Long.MIN_VALUE);
		AtomicLong inFlightA = new AtomicLong();
		AtomicLong errorsB = new AtomicLong();
		AtomicLong ackedBAfterKill = new AtomicLong();
		AtomicBoolean stopB = new AtomicBoolean();
		CountDownLatch flowing = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		List<Agent> all = new ArrayList<>(onA);
		all.addAll(onB);
		for (int i = 0; i < all.size(); i++) {
			Agent agent = all.get(i);
			boolean replicaA = i < onA.size();
			String session = sessions.get(i % sessions.size());
			Thread thread = new Thread(() -> {
				for (long seq = 0;; seq++) {
					if (!replicaA && stopB.get()) {
						return;
					}
					String content = "kill-" + agent.id + "-s" + seq + " lost after kill";
					long started = System.nanoTime();
					long id;
					try {
						id = agent.mcpAddMessage(session, content);
					}
					catch (IOException | RuntimeException ex) {
						long kill = killedAt.get();
						if (replicaA && kill != Long.MIN_VALUE) {
							if (started - kill < 0) {
								inFlightA.incrementAndGet();
							}
							return;
						}
						if (!replicaA) {
							errorsB.incrementAndGet();
						}
						agent.reconnect();
						continue;
					}
					long kill = killedAt.get();
					if (replicaA) {
						if (kill != Long.MIN_VALUE && started - kill < 0) {
							inFlightA.incrementAndGet();
						}
						ackedA.put(id, content);
					}
					else {
						ackedB.put(id, content);
						if (kill != Long.MIN_VALUE && started - kill > 0) {
							ackedBAfterKill.incrementAndGet();
						}
					}
					flowing.countDown();
				}
			}, "kill-agent-" + i);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		flowing.await(120, TimeUnit.SECONDS);
		long begin = System.nanoTime();
		Thread.sleep(1000 + new Random().nextInt(2001));
		killedAt.set(System.nanoTime());
		a.kill();
		double loadSeconds = (killedAt.get() - begin) / 1e9;
		Thread.sleep(1000);
		stopB.set(true);
		for (Thread thread : threads) {
			thread.join(Http.TIMEOUT_MILLIS + 5_000);
		}
		all.forEach(Agent::close);

		Map<Long, String> acknowledged = new HashMap<>(ackedA);
		acknowledged.putAll(ackedB);
		Map<Long, String> stored = new HashMap<>();
		long total;
		try (Connection c = database.connect(); Statement s = c.createStatement()) {
			try (ResultSet rs = s.executeQuery("SELECT id, content FROM messages WHERE content LIKE 'kill-%'")) {
				while (rs.next()) {
					stored.put(rs.getLong(1), rs.getString(2));
				}
			}
			try (ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
				rs.next();
				total = rs.getLong(1);
			}
		}
		long missing = acknowledged.entrySet()
			.stream()
			.filter((e) -> !e.getValue().equals(stored.get(e.getKey())))
			.count();
		KillResult result = new KillResult(loadSeconds, ackedA.size(), ackedB.size(), inFlightA.get(),
				ackedBAfterKill.get(), errorsB.get(), missing, total);
		System.out.printf(Locale.ROOT,
				"postgres lost-after-kill: %.2f s of load, A acknowledged %,d (%d in flight at SIGKILL), B %,d "
						+ "(%,d after the kill, %d errors), %d missing, %,d messages in the database%n",
				result.loadSeconds(), result.acknowledgedA(), result.inFlightA(), result.acknowledgedB(),
				result.acknowledgedBAfterKill(), result.errorsB(), result.missing(), result.stored());
		return result;
	}

	// ------------------------------------------------------------------------------------------ the database

	private Database database() throws Exception {
		String url = System.getenv("PG_URL");
		if (url != null && !url.isBlank()) {
			if (!url.startsWith("jdbc:postgresql:")) {
				throw new IllegalArgumentException("PG_URL must be a jdbc:postgresql://host:port/database URL");
			}
			String shown = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
			return new Database(url, System.getenv("PG_USER"), System.getenv("PG_PASSWORD"),
					"PG_URL " + shown + " (" + serverVersion(url) + ")");
		}
		return startCluster();
	}

	private static String serverVersion(String url) {
		try (Connection c = DriverManager.getConnection(url, System.getenv("PG_USER"), System.getenv("PG_PASSWORD"));
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SHOW server_version")) {
			rs.next();
			return "PostgreSQL " + rs.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot connect to PG_URL: " + ex.getMessage(), ex);
		}
	}

	/** A throw-away cluster of the system's PostgreSQL, on a free loopback port, data in a temporary directory. */
	private Database startCluster() throws Exception {
		try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			this.pgBin = versions.map((v) -> v.resolve("bin"))
				.filter((bin) -> Files.isExecutable(bin.resolve("initdb")))
				.max(Comparator.comparingInt((bin) -> Integer.parseInt(bin.getParent().getFileName().toString())))
				.orElseThrow();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("no PG_URL and no /usr/lib/postgresql/*/bin/initdb: install the "
					+ "postgresql package or set PG_URL (jdbc:postgresql://host:port/db, PG_USER, PG_PASSWORD)", ex);
		}
		this.cluster = Files.createTempDirectory("scs-bench-pg-");
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			this.pgPort = socket.getLocalPort();
		}
		if (root()) {
			shell("chown", "-R", "postgres:postgres", this.cluster.toString());
		}
		Path data = this.cluster.resolve("data");
		asPostgres(this.pgBin.resolve("initdb") + " -D " + data + " --auth=trust -E UTF8 --locale=C.UTF-8");
		asPostgres(this.pgBin.resolve("pg_ctl") + " -D " + data + " -l " + this.cluster.resolve("postgres.log")
				+ " -w -t 120 -o '-p " + this.pgPort + " -k " + this.cluster
				+ " -c listen_addresses=127.0.0.1 -c max_connections=200' start");
		String admin = "jdbc:postgresql://127.0.0.1:" + this.pgPort + "/postgres";
		String version;
		try (Connection c = DriverManager.getConnection(admin, "postgres", null); Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE scs_bench");
			try (ResultSet rs = s.executeQuery("SHOW server_version")) {
				rs.next();
				version = rs.getString(1);
			}
		}
		System.out.println("postgres: " + this.pgBin + " on port " + this.pgPort + ", data in " + data);
		return new Database("jdbc:postgresql://127.0.0.1:" + this.pgPort + "/scs_bench", "postgres", null,
				"a local cluster of the system's PostgreSQL " + version + " (" + this.pgBin
						+ ", initdb --locale=C.UTF-8, default settings, max_connections=200), on the same 2 cores");
	}

	private void stopCluster() {
		if (this.cluster == null) {
			return;
		}
		try {
			asPostgres(this.pgBin.resolve("pg_ctl") + " -D " + this.cluster.resolve("data") + " -m immediate stop");
		}
		catch (Exception ex) {
			System.out.println("could not stop the PostgreSQL cluster: " + ex);
		}
		try (var paths = Files.walk(this.cluster)) {
			paths.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			System.out.println("could not delete " + this.cluster + ": " + ex);
		}
	}

	private static boolean root() {
		return "root".equals(System.getProperty("user.name"));
	}

	/** Runs a command line as the postgres user when this is root (initdb refuses root), else as this user. */
	private static void asPostgres(String commandLine) throws Exception {
		if (root()) {
			shell("su", "postgres", "-s", "/bin/sh", "-c", commandLine);
		}
		else {
			shell("/bin/sh", "-c", commandLine);
		}
	}

	private static void shell(String... command) throws Exception {
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
		}
	}

	// ------------------------------------------------------------------------------------------ the report

	/** The PostgreSQL section of the report; {@code sqlite} holds the same scenarios on SQLite, if run. */
	String section(Map<String, Load.Result> sqlite) {
		StringBuilder md = new StringBuilder();
		md.append("## PostgreSQL: one and two replicas\n\n");
		md.append("`bench/src/PostgresBench.java` on ").append(this.databaseDescription).append(". MCP `tools/call` "
				+ "in a closed loop as above; \"2 replicas\" is two server processes on the one database, half the "
				+ "agents connected to each (calls/s is the sum). Server and client CPU are not split per process "
				+ "here: PostgreSQL, both replicas and the load generator share the same 2 cores.\n\n");
		md.append("| scenario | clients | calls/s | p50 ms | p99 ms | max ms | errors |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|\n");
		sqlite.forEach((name, r) -> line(md, "SQLite, 1 server: " + r.name(), r));
		this.results.forEach((name, r) -> line(md, "PostgreSQL, " + r.name(), r));
		KillResult k = this.kill;
		if (k != null) {
			md.append(String.format(Locale.ROOT, "%nLost after kill: 32 agents posting on replica A and 32 on "
					+ "replica B; %.2f s after the first acknowledgement A got SIGKILL, B's agents went on for 1 s more. "
					+ "Every id acknowledged by either replica was looked up in the database with its exact content.%n%n",
					k.loadSeconds()));
			md.append("| acknowledged by A | in flight on A at SIGKILL | acknowledged by B (after the kill) "
					+ "| errors on B | missing | messages in the database | result |\n");
			md.append("|---:|---:|---:|---:|---:|---:|---|\n");
			md.append("| ").append(fmt(k.acknowledgedA())).append(" | ").append(k.inFlightA()).append(" | ")
				.append(fmt(k.acknowledgedB())).append(" (").append(fmt(k.acknowledgedBAfterKill())).append(") | ")
				.append(k.errorsB()).append(" | ").append(k.missing()).append(" | ").append(fmt(k.stored()))
				.append(" | ").append(k.pass() ? "**PASS**" : (k.missing() > 0) ? "**MISS**" : "**MISS** (nothing in flight)")
				.append(" |\n\n");
		}
		return md.toString();
	}

	private static void line(StringBuilder md, String name, Load.Result r) {
		md.append("| ").append(name).append(" | ").append(r.clients()).append(" | ")
			.append(String.format(Locale.ROOT, "%,.0f", r.throughput())).append(" | ")
			.append(String.format(Locale.ROOT, "%.2f", r.percentileMillis(50))).append(" | ")
			.append(String.format(Locale.ROOT, "%.2f", r.percentileMillis(99))).append(" | ")
			.append(String.format(Locale.ROOT, "%.1f", r.maxMillis())).append(" | ").append(r.errors()).append(" |\n");
	}

	private static String fmt(long v) {
		return String.format(Locale.ROOT, "%,d", v);
	}

}
