import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole benchmark in one run: raw SQLite baseline, the server's scenarios over MCP and REST at several
 * concurrencies, 1,000 agents, a crash (SIGKILL) and a check that every acknowledged message is stored, then a
 * database of 1,000,000 generated messages for search, start-up and heap. Writes {@code docs/benchmarks.md}.
 * Everything targets 127.0.0.1 and every loop is bounded by time.
 */
public final class Suite {

	private final Map<String, String> options;

	private final boolean quick;

	private final double seconds;

	private final Corpus corpus = new Corpus(5000);

	private final Path work;

	private final Server server;

	private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();

	private final Map<String, Load.Result> results = new LinkedHashMap<>();

	private final List<String> notes = new ArrayList<>();

	private final Map<String, String> profiles = new LinkedHashMap<>();

	/** Flame graph files by profile name, relative to the report. */
	private final Map<String, String> flameGraphs = new LinkedHashMap<>();

	private List<Sqlite.Rate> raw;

	private String readSession;

	private final List<String> writeSessions = new ArrayList<>();

	private double freshStartup;

	private String freshSpringStarted;

	private double bigStartup;

	private String bigSpringStarted;

	private long missingAfterKill = -1;

	private WaitLatency.Result waitLatency;

	private double archivedStartup = Double.NaN;

	private String archivedSpringStarted = "?";

	private String archiveFlag = "";

	private long acknowledgedCount;

	private Server.Heap heapIdle;

	private Server.Heap heapLoaded;

	private double bulkSeconds;

	private double trigramSeconds;

	private long bulkMessages;

	private long totalMessages;

	private double rssBig;

	private Recall.Result recall;

	private String loadBefore;

	private Server crashServer;

	private Crash.Result crash;

	private PostgresBench postgres;

	private Suite(Map<String, String> options) throws IOException {
		this.options = options;
		this.quick = options.containsKey("quick");
		this.seconds = Double.parseDouble(options.getOrDefault("seconds", this.quick ? "2" : "10"));
		this.work = Files.createTempDirectory("scs-bench-");
		String key = "bench-" + Long.toHexString(System.nanoTime()) + "-key-0123456789abcdef";
		String secret = "bench-jwt-secret-" + Long.toHexString(System.nanoTime()) + "-0123456789abcdefghij";
		this.server = new Server(Path.of(options.getOrDefault("java-home", System.getProperty("java.home"))),
				Path.of(options.getOrDefault("jar", "target/shared-context-server.jar")).toAbsolutePath(), this.work,
				key, secret);
		this.server.startTimeoutSeconds = Long.parseLong(options.getOrDefault("start-timeout", "120"));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String name = args[i].replaceFirst("^--", "");
			if (name.contains("=")) {
				options.put(name.substring(0, name.indexOf('=')), name.substring(name.indexOf('=') + 1));
			}
			else {
				options.put(name, "true");
			}
		}
		Suite suite = new Suite(options);
		try {
			suite.run();
		}
		finally {
			suite.server.kill();
			if (suite.crashServer != null) {
				suite.crashServer.kill();
			}
			if (!options.containsKey("keep")) {
				suite.deleteWork();
			}
		}
	}

	private void deleteWork() {
		try (var paths = Files.walk(this.work)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			System.out.println("could not delete " + this.work + ": " + ex);
		}
	}

	private void run() throws Exception {
		long begin = System.nanoTime();
		this.loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
		System.out.println("work directory " + this.work + (this.quick ? " (quick mode)" : ""));
		System.out.println(this.server.javaVersion().lines().findFirst().orElse(""));
		String only = this.options.get("only");
		String report;
		if ("crash".equals(only)) {
			crashUnderLoad();
			report = crashReport((System.nanoTime() - begin) / 1e9);
		}
		else if ("bounds".equals(only)) {
			report = new Bounds(this.server, this.work, this.options)
				.standalone(this.options.getOrDefault("command", "bench/run.sh --only=bounds"));
		}
		else if ("eras".equals(only)) {
			erasAlone();
			report = erasReport((System.nanoTime() - begin) / 1e9);
		}
		else if ("postgres".equals(only)) {
			postgresAlone();
			report = postgresReport((System.nanoTime() - begin) / 1e9);
		}
		else if ("peer".equals(only)) {
			SideBySide side = sideBySide();
			StringBuilder md = new StringBuilder();
			header(md, (System.nanoTime() - begin) / 1e9);
			md.append("Only the side-by-side scenario was run (`--only=peer`).\n\n").append(side.section());
			report = md.toString();
		}
		else if ("flags".equals(only)) {
			SideBySide side = new SideBySide(this.server, this.work, this.options, jvmOptions(), this.seconds,
					this.quick);
			side.flags();
			StringBuilder md = new StringBuilder();
			header(md, (System.nanoTime() - begin) / 1e9);
			md.append(side.flagsSection());
			report = md.toString();
		}
		else if ("startup".equals(only)) {
			Startup startup = new Startup(this.server, this.work, this.options, jvmOptions());
			startup.run();
			StringBuilder md = new StringBuilder();
			header(md, (System.nanoTime() - begin) / 1e9);
			md.append("Only the start-up scenario was run (`--only=startup`).\n\n").append(startup.section());
			report = md.toString();
		}
		else if (only != null) {
			throw new IllegalArgumentException("--only=" + only + ": --only=crash, --only=bounds, --only=eras, "
					+ "--only=postgres, --only=peer, --only=flags and --only=startup are supported");
		}
		else {
			phaseOne();
			phaseTwo();
			crashUnderLoad();
			if (!this.options.containsKey("no-postgres")) {
				postgres();
			}
			String side = this.options.containsKey("no-peer") ? "" : sideBySide().section();
			String bounds = this.options.containsKey("no-bounds") ? ""
					: new Bounds(this.server, this.work, this.options).run();
			report = report((System.nanoTime() - begin) / 1e9) + side + bounds;
		}
		Path out = Path.of(this.options.getOrDefault("out", "docs/benchmarks.md"));
		Files.writeString(out, report, StandardCharsets.UTF_8);
		System.out.println("wrote " + out.toAbsolutePath());
	}

	// ---------------------------------------------------------------------------------------------- phase one

	private void phaseOne() throws Exception {
		this.server.start("fresh", jvmOptions());
		this.freshStartup = this.server.startupSeconds;
		this.freshSpringStarted = this.server.springStarted;
		Path template = this.work.resolve("template.db");
		Sqlite.snapshot(this.server.db, template);
		this.raw = Sqlite.baseline(this.work, template, this.corpus, this.quick ? 1 : 5);

		int poolSize = 256;
		List<Agent> agents = connectAll("agent-", poolSize);
		Agent first = agents.get(0);
		this.readSession = createSession(first, "read benchmark");
		for (int i = 0; i < 8; i++) {
			this.writeSessions.add(createSession(first, "write benchmark " + i));
		}
		for (int i = 0; i < 300; i++) {
			first.restAddMessage(this.readSession, this.corpus.message(i));
		}
		this.heapIdle = this.server.heapAfterGc();

		Load.Op add = legacyAdd();
		Load.Op addModern = modernAdd();
		Load.Op get = (agent, seq) -> agent.tool("get_messages",
				"{\"session_id\":\"" + this.readSession + "\",\"limit\":50}");

		run("warm-up (add+get mix)", agents.subList(0, 64), this.quick ? 2 : 15,
				(agent, seq) -> ((seq & 1) == 0 ? add : get).run(agent, seq));
		for (int clients : new int[] { 1, 8, 64, 256 }) {
			run("mcp add_message", agents.subList(0, clients), this.seconds, add);
			run(MODERN_ADD, agents.subList(0, clients), this.seconds, addModern);
			run("mcp get_messages(50)", agents.subList(0, clients), this.seconds, get);
		}
		double sustained = Double.parseDouble(this.options.getOrDefault("sustained", this.quick ? "5" : "60"));
		// not profiled: on Java 17, JFR's thread-park events (every request that waits > 10 ms for its group
		// commit) cut add_message throughput by about 80 %; shorter runs at the end of this phase are profiled
		run("mcp add_message sustained", agents.subList(0, 64), sustained, add);
		for (int rate : new int[] { 10, 25 }) {
			List<Agent> paced = agents.subList(0, 64);
			paced.forEach(Agent::reconnect);
			String name = "mcp get_messages(50) paced " + rate + "/s each";
			this.results.put(name + " @64", Load.run(name, paced, this.seconds, this.server.pid(), null, get, rate));
		}

		run("mcp search_context", agents.subList(0, 64), this.seconds, (agent, seq) -> agent.tool("search_context",
				"{\"session_id\":\"" + this.readSession + "\",\"query\":\"status update\",\"limit\":10}"));
		run("mcp set_memory+get_memory", agents.subList(0, 64), this.seconds, (agent, seq) -> {
			String key = "bench/" + (seq / 2 % 50);
			if ((seq & 1) == 0) {
				agent.tool("set_memory", "{\"key\":\"" + key + "\",\"value\":{\"n\":" + seq + "}}");
			}
			else {
				agent.tool("get_memory", "{\"key\":\"" + key + "\"}");
			}
		});
		run("rest POST message", agents.subList(0, 64), this.seconds, (agent, seq) -> this.acknowledged.add(agent
			.restAddMessage(this.writeSessions.get(Math.floorMod(agent.id.hashCode(), 8)), this.corpus.message(seq))));
		run("rest GET messages(50)", agents.subList(0, 64), this.seconds,
				(agent, seq) -> agent.rest("GET", "/api/v1/sessions/" + this.readSession + "/messages?limit=50", null));
		run("rest GET search", agents.subList(0, 64), this.seconds, (agent, seq) -> agent.rest("GET",
				"/api/v1/sessions/" + this.readSession + "/search?q=status%20update&limit=10", null));
		run("rest PUT+GET memory", agents.subList(0, 64), this.seconds, (agent, seq) -> {
			String key = "rest/" + (seq / 2 % 50);
			if ((seq & 1) == 0) {
				agent.rest("PUT", "/api/v1/memory/" + key, "{\"value\":{\"n\":" + seq + "}}");
			}
			else {
				agent.rest("GET", "/api/v1/memory/" + key, null);
			}
		});
		agents.forEach(Agent::close);

		// 1,000 new agents at once: connect (initialize + authenticate_agent) concurrently, then work.
		List<Agent> crowd = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			crowd.add(new Agent("crowd-" + i, this.server.port, this.server.apiKey));
		}
		Load.Result many = Load.run("1,000 agents (connect + 1 add : 3 get)", crowd, this.quick ? 5 : 30,
				this.server.pid(), Agent::connect, (agent, seq) -> {
					if (seq % 4 == 0) {
						add.run(agent, seq);
					}
					else {
						get.run(agent, seq);
					}
				});
		this.results.put("crowd", many);
		crowd.forEach(Agent::close);

		this.waitLatency = WaitLatency.measure(this.server.port, this.server.apiKey, this.quick ? 40 : 200);
		System.out.printf(Locale.ROOT, "wait_for_messages after a visible post: p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
				+ " %d leaked, %d missed%n", this.waitLatency.p50Ms(), this.waitLatency.p99Ms(), this.waitLatency.maxMs(),
				this.waitLatency.leaked(), this.waitLatency.missed());

		// Profiled last: on Java 17 a JFR recording slows the server down for a while after it stops as well.
		List<Agent> profiledAgents = connectAll("profiled-", 64);
		profiled("add", () -> run("mcp add_message profiled", profiledAgents, this.seconds, add));
		profiled("get", () -> run("mcp get_messages(50) profiled", profiledAgents, this.seconds, get));
		profiledAgents.forEach(Agent::close);

		this.server.kill();
		long[] ids = this.acknowledged.stream().mapToLong(Long::longValue).toArray();
		this.acknowledgedCount = ids.length;
		this.missingAfterKill = Sqlite.missing(this.server.db, ids);
		System.out.printf("after SIGKILL: %,d acknowledged messages, %d missing%n", ids.length, this.missingAfterKill);
	}

	// ---------------------------------------------------------------------------------------------- phase two

	private void phaseTwo() throws Exception {
		this.bulkMessages = Long.parseLong(this.options.getOrDefault("messages", this.quick ? "60000" : "1000000"));
		long begin = System.nanoTime();
		List<String> sessions = Sqlite.bulkLoad(this.server.db, this.corpus, this.bulkMessages, 20, 50);
		this.bulkSeconds = (System.nanoTime() - begin) / 1e9;
		this.trigramSeconds = Sqlite.catchUpTrigrams(this.server.db);
		System.out.printf("trigram index caught up in %.0f s%n", this.trigramSeconds);
		this.totalMessages = Sqlite.count(this.server.db, "SELECT count(*) FROM messages");
		System.out.printf("bulk load: %,d messages in %.0f s; %,d in the database%n", this.bulkMessages,
				this.bulkSeconds, this.totalMessages);

		this.server.start("1m", jvmOptions());
		this.bigStartup = this.server.startupSeconds;
		this.bigSpringStarted = this.server.springStarted;
		String session = sessions.get(1);
		List<Agent> agents = connectAll("searcher-", 64);
		Agent one = agents.get(0);
		String common = this.corpus.mostCommonWord();
		Map<String, String> queries = new LinkedHashMap<>();
		queries.put("selective (\"" + Corpus.RARE + "\", exact only)", search(session, Corpus.RARE, 100));
		queries.put("selective (\"" + Corpus.RARE + "\", default typo tolerance)", search(session, Corpus.RARE, 60));
		queries.put("typo (\"pangolim\")", search(session, "pangolim", 60));
		queries.put("typo, 5 letters (\"quoka\")", search(session, "quoka", 60));
		queries.put("typo, 4 letters (\"kiwu\")", search(session, "kiwu", 60));
		queries.put("partial, prefix (\"quokk\")", search(session, "quokk", 60));
		queries.put("partial, infix (\"okka\")", search(session, "okka", 60));
		queries.put("medium (\"" + Corpus.MEDIUM + "\")", search(session, Corpus.MEDIUM, 60));
		queries.put("broad (\"" + common + "\")", search(session, common, 60));
		queries.put("broad, two words (\"" + common + " agent\")", search(session, common + " agent", 60));
		for (Map.Entry<String, String> query : queries.entrySet()) {
			run("search 1M " + query.getKey(), List.of(one), this.seconds,
					(agent, seq) -> agent.tool("search_context", query.getValue()));
		}
		this.recall = Recall.measure(one, session);
		System.out.print(Recall.section(this.recall));
		run("search 1M selective, 8 clients", agents.subList(0, 8), this.seconds, (agent, seq) -> agent
			.tool("search_context", queries.values().iterator().next()));
		run("1M get_messages(50)", agents, this.seconds,
				(agent, seq) -> agent.tool("get_messages", "{\"session_id\":\"" + session + "\",\"limit\":50}"));
		this.heapLoaded = this.server.heapAfterGc();
		this.rssBig = ProcStat.rssMiB(this.server.pid());
		System.out.printf("heap after GC at %,d messages: %.1f MiB used (%.0f MiB committed), RSS %.0f MiB%n",
				this.totalMessages, this.heapLoaded.usedMiB(), this.heapLoaded.committedMiB(), this.rssBig);
		agents.forEach(Agent::close);
		this.server.stop();
		archivedStartup();
	}

	/**
	 * Start-up with a class-data archive, the JVM's own start-up cache (an ops choice, docs/operations.md): the jar
	 * extracted with Spring Boot's jarmode tools, one training run, then a timed start with the archive.
	 */
	private void archivedStartup() {
		try {
			Path app = this.work.resolve("app");
			int extracted = this.server.runToExit("extract", List.of("-Djarmode=tools", "-jar",
					this.server.jar.toString(), "extract", "--destination", app.toString()));
			Path jar = app.resolve(this.server.jar.getFileName());
			if (extracted != 0 || !Files.exists(jar)) {
				this.notes.add("jar extraction for the class-data archive failed (exit " + extracted + ")");
				return;
			}
			boolean aot = this.server.javaFeatureVersion() >= 25;
			Path archive = this.work.resolve(aot ? "app.aot" : "app.jsa");
			this.server.runToExit("training", List.of(aot ? "-XX:AOTCacheOutput=" + archive
					: "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar", jar.toString()));
			if (!Files.exists(archive)) {
				this.notes.add("the training run made no class-data archive");
				return;
			}
			this.archiveFlag = aot ? "-XX:AOTCache=app.aot" : "-XX:SharedArchiveFile=app.jsa";
			List<String> options = new ArrayList<>(jvmOptions());
			options.add(aot ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive);
			this.server.start("archived", options, jar);
			this.archivedStartup = this.server.startupSeconds;
			this.archivedSpringStarted = this.server.springStarted;
			this.server.stop();
		}
		catch (Exception ex) {
			this.notes.add("start-up with a class-data archive could not be measured: " + ex);
		}
	}

	private static String search(String session, String query, int threshold) {
		return "{\"session_id\":\"" + session + "\",\"query\":\"" + query + "\",\"limit\":10,\"fuzzy_threshold\":"
				+ threshold + "}";
	}

	// ---------------------------------------------------------------------------------------------- crash

	/**
	 * SIGKILL while 64 agents post (Crash.java), on a database of its own so the other scenarios' numbers are not
	 * affected; {@code --crash-rounds=0} skips it.
	 */
	private void crashUnderLoad() throws Exception {
		int rounds = Integer.parseInt(this.options.getOrDefault("crash-rounds", this.quick ? "3" : "10"));
		if (rounds <= 0) {
			return;
		}
		int agents = Integer.parseInt(this.options.getOrDefault("crash-agents", "64"));
		Path dir = Files.createDirectories(this.work.resolve("crash"));
		this.crashServer = this.server.sibling(dir);
		this.crash = Crash.run(this.crashServer, jvmOptions(), rounds, agents, System.nanoTime());
		System.out.printf("SIGKILL under load: %d rounds, %,d acknowledged, %,d in flight at the kills, %d missing%n",
				rounds, this.crash.acknowledged(), this.crash.inFlight(), this.crash.missing());
	}

	// ---------------------------------------------------------------------------------------------- PostgreSQL

	/**
	 * add_message and get_messages on PostgreSQL with one and two replicas, and lost-after-kill
	 * (PostgresBench.java); {@code --no-postgres} skips it in a full run.
	 */
	private void postgres() throws Exception {
		this.postgres = new PostgresBench(this.server, this.work, this.seconds, this.quick, jvmOptions());
		this.postgres.run();
	}

	/**
	 * {@code --only=postgres}: the same two scenarios on SQLite first (one fresh server, same agents, same
	 * clients), so the PostgreSQL rows have a SQLite row beside them from the same machine load.
	 */
	private void postgresAlone() throws Exception {
		this.server.start("fresh", jvmOptions());
		List<Agent> agents = connectAll("agent-", 64);
		this.readSession = createSession(agents.get(0), "read benchmark");
		for (int i = 0; i < 8; i++) {
			this.writeSessions.add(createSession(agents.get(0), "write benchmark " + i));
		}
		for (int i = 0; i < 300; i++) {
			agents.get(0).restAddMessage(this.readSession, this.corpus.message(i));
		}
		Load.Op add = legacyAdd();
		Load.Op get = (agent, seq) -> agent.tool("get_messages",
				"{\"session_id\":\"" + this.readSession + "\",\"limit\":50}");
		run("warm-up", agents, this.quick ? 2 : 10, add);
		for (int clients : new int[] { 8, 64 }) {
			run("mcp add_message", agents.subList(0, clients), this.seconds, add);
			run("mcp get_messages(50)", agents.subList(0, clients), this.seconds, get);
		}
		agents.forEach(Agent::close);
		this.server.kill();
		postgres();
	}

	private String postgresReport(double totalSeconds) throws Exception {
		StringBuilder md = new StringBuilder();
		header(md, totalSeconds);
		md.append("Only the PostgreSQL scenarios were run (`--only=postgres`), after the same two on SQLite.\n\n");
		postgresSection(md);
		return md.toString();
	}

	/** The PostgreSQL table, with this run's SQLite rows of the same scenarios beside it. */
	private void postgresSection(StringBuilder md) {
		if (this.postgres == null) {
			return;
		}
		Map<String, Load.Result> sqlite = new LinkedHashMap<>();
		for (String key : List.of("mcp add_message @8", "mcp get_messages(50) @8", "mcp add_message @64",
				"mcp get_messages(50) @64")) {
			Load.Result r = result(key);
			if (r != null) {
				sqlite.put(key, r);
			}
		}
		md.append(this.postgres.section(sqlite));
	}

	/**
	 * The reference peer, ours on the default and the recommended JVM (plain and through the launcher) and the
	 * baseline jar, side by side (SideBySide.java); {@code --no-peer} skips it in a full run.
	 */
	private SideBySide sideBySide() throws Exception {
		SideBySide side = new SideBySide(this.server, this.work, this.options, jvmOptions(), this.seconds, this.quick);
		side.run();
		return side;
	}

	// ---------------------------------------------------------------------------------------------- helpers

	private List<String> jvmOptions() {
		List<String> options = new ArrayList<>();
		String extra = this.options.get("jvm");
		if (extra != null && !extra.isBlank()) {
			options.addAll(List.of(extra.trim().split("\\s+")));
		}
		return options;
	}

	/** The 2026-07-28 add_message scenario's name (its 2025 twin is "mcp add_message"). */
	private static final String MODERN_ADD = "mcp add_message 2026-07-28 stateless";

	private Load.Op legacyAdd() {
		return (agent, seq) -> this.acknowledged
			.add(agent.mcpAddMessage(this.writeSessions.get(Math.floorMod(agent.id.hashCode(), 8)),
					this.corpus.message(seq * 7919 + agent.id.hashCode())));
	}

	/** The same posts as the 2025 add, sent as stateless 2026-07-28 requests (Agent.modernAddMessage). */
	private Load.Op modernAdd() {
		return (agent, seq) -> this.acknowledged
			.add(agent.modernAddMessage(this.writeSessions.get(Math.floorMod(agent.id.hashCode(), 8)),
					this.corpus.message(seq * 7919 + agent.id.hashCode())));
	}

	/**
	 * {@code --only=eras}: add_message in both protocol eras alone, on one fresh server, each client count run
	 * back to back in both eras (2025 first) so both see the same machine load.
	 */
	private void erasAlone() throws Exception {
		this.server.start("fresh", jvmOptions());
		List<Agent> agents = connectAll("agent-", 256);
		for (int i = 0; i < 8; i++) {
			this.writeSessions.add(createSession(agents.get(0), "write benchmark " + i));
		}
		Load.Op add = legacyAdd();
		Load.Op addModern = modernAdd();
		run("warm-up (2025 and 2026 add_message)", agents.subList(0, 64), this.quick ? 2 : 15,
				(agent, seq) -> ((seq & 1) == 0 ? add : addModern).run(agent, seq));
		for (int clients : new int[] { 1, 8, 64, 256 }) {
			run("mcp add_message", agents.subList(0, clients), this.seconds, add);
			run(MODERN_ADD, agents.subList(0, clients), this.seconds, addModern);
		}
		agents.forEach(Agent::close);
		this.server.kill();
		long[] ids = this.acknowledged.stream().mapToLong(Long::longValue).toArray();
		this.acknowledgedCount = ids.length;
		this.missingAfterKill = Sqlite.missing(this.server.db, ids);
	}

	private String erasReport(double totalSeconds) throws Exception {
		StringBuilder md = new StringBuilder();
		header(md, totalSeconds);
		md.append("Only `add_message` in both protocol eras was run (`--only=eras`).\n\n");
		erasSection(md);
		md.append(String.format(Locale.ROOT, "Every acknowledged id looked up after SIGKILL: %,d acknowledged, %d missing.%n",
				this.acknowledgedCount, this.missingAfterKill));
		return md.toString();
	}

	/** add_message per protocol era, side by side per client count. */
	private void erasSection(StringBuilder md) {
		md.append("## `add_message` by protocol era\n\n");
		md.append("The same closed loop, the same agents and tokens, the same sessions and message texts, run back to "
				+ "back at each client count. **2025-06-18**: each agent's MCP session (`initialize` once, then "
				+ "`Mcp-Session-Id` on every call, which the server looks up in the database). **2026-07-28**: "
				+ "stateless POSTs with no session, `MCP-Protocol-Version`, `Mcp-Method: tools/call` and "
				+ "`Mcp-Name: add_message` headers and `_meta` (protocol version, client capabilities, client info) "
				+ "in the params; the result carries `resultType`. Both send `X-API-Key` and the agent's token as "
				+ "`Authorization: Bearer`.\n\n");
		md.append("| clients | 2025 calls/s | 2025 p50 ms | 2025 p99 ms | 2026 calls/s | 2026 p50 ms | 2026 p99 ms | "
				+ "2026 / 2025 | errors 2025 / 2026 | other CPU % 2025 / 2026 |\n");
		md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
		for (int c : new int[] { 1, 8, 64, 256 }) {
			Load.Result legacy = result("mcp add_message @" + c);
			Load.Result modern = result(MODERN_ADD + " @" + c);
			if (legacy == null || modern == null) {
				continue;
			}
			md.append("| ").append(c).append(" | ").append(fmt(legacy.throughput(), 0)).append(" | ")
				.append(fmt(legacy.percentileMillis(50), 2)).append(" | ").append(fmt(legacy.percentileMillis(99), 2))
				.append(" | ").append(fmt(modern.throughput(), 0)).append(" | ")
				.append(fmt(modern.percentileMillis(50), 2)).append(" | ").append(fmt(modern.percentileMillis(99), 2))
				.append(" | ").append(fmt(modern.throughput() / legacy.throughput(), 2)).append("× | ")
				.append(legacy.errors()).append(" / ").append(modern.errors()).append(" | ")
				.append(fmt(legacy.otherCpuPercent(), 0)).append(" / ").append(fmt(modern.otherCpuPercent(), 0))
				.append(" |\n");
		}
		md.append("\n");
	}

	private List<Agent> connectAll(String prefix, int n) throws Exception {
		return Agent.connectAll(this.server, prefix, n);
	}

	private static String createSession(Agent agent, String purpose) throws IOException {
		return agent.createSession(purpose);
	}

	private Load.Result run(String name, List<Agent> agents, double seconds, Load.Op op) throws InterruptedException {
		agents.forEach(Agent::reconnect);
		Load.Result result = Load.run(name, agents, seconds, this.server.pid(), null, op);
		this.results.put(name + " @" + agents.size(), result);
		return result;
	}

	interface Step {

		void run() throws Exception;

	}

	/** Runs a step under a JFR recording of the server (profile settings) and keeps its hot-methods view. */
	private void profiled(String name, Step step) throws Exception {
		Path file = this.work.resolve(name + ".jfr");
		this.server.jcmd("JFR.start", "name=" + name, "settings=profile", "filename=" + file);
		step.run();
		this.server.jcmd("JFR.stop", "name=" + name);
		Path jfr = jfrTool();
		if (jfr != null && Files.exists(file)) {
			Process p = new ProcessBuilder(jfr.toString(), "view", "--width", "160", "hot-methods", file.toString())
				.redirectErrorStream(true)
				.start();
			String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			p.waitFor(120, TimeUnit.SECONDS);
			this.profiles.put(name, text.trim());
			Path keep = Path.of(this.options.getOrDefault("jfr-dir", "target/bench"));
			Files.createDirectories(keep);
			Files.copy(file, keep.resolve(name + ".jfr"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			flameGraph(name, file, jfr.getParent().resolve("java"));
		}
	}

	/**
	 * Turns a recording into a CPU flame graph (HTML) beside the report, in
	 * {@code profiles/}, with async-profiler's converter ({@code --jfr-converter=JAR},
	 * which run.sh fetches from Maven Central); without it, says so in the report.
	 */
	private void flameGraph(String name, Path recording, Path java) throws Exception {
		String converter = this.options.get("jfr-converter");
		if (converter == null || !Files.exists(Path.of(converter))) {
			this.notes.add("No flame graph for `" + name + "`: async-profiler's jfr-converter was not available.");
			return;
		}
		Path out = Path.of(this.options.getOrDefault("out", "docs/benchmarks.md")).toAbsolutePath();
		Path dir = out.getParent().resolve("profiles");
		Files.createDirectories(dir);
		Path html = dir.resolve(name + ".html");
		Process p = new ProcessBuilder(java.toString(), "-jar", converter, "--cpu",
				"--title", "shared-context-server: " + name + " (64 MCP agents, JFR execution samples)", "--minwidth",
				"0.2", recording.toString(), html.toString())
			.redirectErrorStream(true)
			.start();
		String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.exists(html)) {
			this.flameGraphs.put(name, out.getParent().relativize(html).toString());
		}
		else {
			this.notes.add("No flame graph for `" + name + "`: the converter failed: " + text.trim());
		}
	}

	/** A {@code jfr} tool that has {@code view} (JDK 21+): the server's own, else Temurin 25's, else none. */
	private Path jfrTool() {
		for (Path home : List.of(this.server.javaHome, Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"))) {
			Path tool = home.resolve("bin/jfr");
			if (Files.isExecutable(tool) && Files.exists(home.resolve("lib/modules"))) {
				try {
					Process p = new ProcessBuilder(tool.toString(), "help", "view").redirectErrorStream(true).start();
					String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
					p.waitFor();
					if (text.contains("hot-methods")) {
						return tool;
					}
				}
				catch (IOException | InterruptedException ex) {
					// try the next
				}
			}
		}
		return null;
	}

	// ---------------------------------------------------------------------------------------------- report

	private Load.Result result(String key) {
		return this.results.get(key);
	}

	private String report(double totalSeconds) throws Exception {
		StringBuilder md = new StringBuilder();
		header(md, totalSeconds);

		Load.Result sustained = result("mcp add_message sustained @64");
		Load.Result get64 = result("mcp get_messages(50) @64");
		Load.Result crowd = result("crowd");
		Sqlite.Rate rawSingle = rate(Sqlite.SCHEMA + ", 1 message per transaction");
		Sqlite.Rate rawBatch = rate(Sqlite.SCHEMA + ", 100 messages per transaction");
		Sqlite.Rate bareSingle = rate("bare table, 1 row per transaction");
		Sqlite.Rate bareBatch = rate("bare table, 100 rows per transaction");
		Load.Result selective = this.results.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("search 1M selective (") && e.getKey().contains("default"))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
		Load.Result broad = this.results.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("search 1M broad (") && !e.getKey().contains("two words"))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);

		md.append("## Targets (SPEC §10, issue 6)\n\n| target | measured | result |\n|---|---|---|\n");
		target(md, "`add_message` over MCP ≥ 5,000 calls/s sustained (" + fmt(sustained.seconds(), 0)
				+ " s, 64 agents), every acknowledged message stored",
				fmt(sustained.throughput(), 0) + " calls/s, " + sustained.errors() + " errors; "
						+ String.format("%,d", this.acknowledgedCount) + " acknowledged (all add scenarios), "
						+ this.missingAfterKill + " missing after SIGKILL",
				sustained.throughput() >= 5000 && this.missingAfterKill == 0 && sustained.errors() == 0,
				sustained.throughput() >= 5000 ? ""
						: String.format(Locale.ROOT, "%.0f%% of the target", sustained.throughput() / 50.0));
		if (this.crash != null) {
			target(md, "every acknowledged `add_message` survives SIGKILL *while* " + this.crash.agents()
					+ " agents post (" + this.crash.rounds().size() + " rounds, same file)",
					String.format("%,d acknowledged, %,d in flight at the kills, ", this.crash.acknowledged(),
							this.crash.inFlight()) + this.crash.missing() + " missing",
					this.crash.pass(), "");
		}
		target(md, "`get_messages` (50) p99 < 5 ms at 64 concurrent clients",
				"p99 " + fmt(get64.percentileMillis(99), 2) + " ms (p50 " + fmt(get64.percentileMillis(50), 2) + " ms, "
						+ fmt(get64.throughput(), 0) + " calls/s)",
				get64.percentileMillis(99) < 5 && get64.errors() == 0, get64.percentileMillis(99) < 5 ? ""
						: String.format(Locale.ROOT, "%.1f× the target", get64.percentileMillis(99) / 5));
		for (int rate : new int[] { 10, 25 }) {
			Load.Result paced = result("mcp get_messages(50) paced " + rate + "/s each @64");
			if (paced != null) {
				target(md, "`get_messages` (50) p99 < 5 ms at 64 concurrent clients each sending " + rate
						+ " requests/s (" + fmt(64.0 * rate, 0) + "/s in all, open loop)",
						"p99 " + fmt(paced.percentileMillis(99), 2) + " ms (p50 " + fmt(paced.percentileMillis(50), 2)
								+ " ms, max " + fmt(paced.maxMillis(), 1) + " ms)",
						paced.percentileMillis(99) < 5 && paced.errors() == 0, paced.percentileMillis(99) < 5 ? ""
								: String.format(Locale.ROOT, "%.1f× the target", paced.percentileMillis(99) / 5));
			}
		}
		target(md, "1,000 concurrent agents, 0 errors",
				crowd.errors() + " errors in " + String.format("%,d", crowd.calls()) + " calls (p99 "
						+ fmt(crowd.percentileMillis(99), 0) + " ms, max " + fmt(crowd.maxMillis(), 0) + " ms)",
				crowd.errors() == 0, "");
		WaitLatency.Result wait = this.waitLatency;
		target(md, "`wait_for_messages` returns within 100 ms of a visible post, never with an invisible one ("
				+ wait.rounds() + " rounds, a private post first each time)",
				"after the post's acknowledgement: p50 " + fmt(wait.p50Ms(), 2) + " ms, p99 " + fmt(wait.p99Ms(), 2)
						+ " ms, max " + fmt(wait.maxMs(), 2) + " ms; " + wait.leaked() + " invisible messages returned, "
						+ wait.missed() + " visible ones missed",
				wait.maxMs() < 100 && wait.leaked() == 0 && wait.missed() == 0, "");
		target(md, "start-up < 3 s (empty database)",
				fmt(this.freshStartup, 2) + " s launch → health UP (Spring: " + this.freshSpringStarted + " s)",
				this.freshStartup < 3, "");
		target(md, "start-up < 3 s (" + String.format("%,d", this.totalMessages) + " messages)",
				fmt(this.bigStartup, 2) + " s (Spring: " + this.bigSpringStarted + " s)", this.bigStartup < 3, "");
		if (!Double.isNaN(this.archivedStartup)) {
			target(md, "start-up < 3 s with a class-data archive (`" + this.archiveFlag + "`, same database)",
					fmt(this.archivedStartup, 2) + " s (Spring: " + this.archivedSpringStarted + " s)",
					this.archivedStartup < 3, "");
		}
		if (selective != null) {
			target(md, "search over ≥ 1,000,000 messages, selective query p50 < 20 ms",
					"p50 " + fmt(selective.percentileMillis(50), 2) + " ms, p99 "
							+ fmt(selective.percentileMillis(99), 2) + " ms",
					selective.percentileMillis(50) < 20 && this.totalMessages >= 1_000_000, "");
		}
		if (broad != null) {
			md.append("| search, broad query (report only) | p50 ").append(fmt(broad.percentileMillis(50), 1))
				.append(" ms, p99 ").append(fmt(broad.percentileMillis(99), 1)).append(" ms | — |\n");
		}
		target(md, "heap < 256 MiB at 1M messages",
				fmt(this.heapLoaded.usedMiB(), 1) + " MiB used after full GC (" + fmt(this.heapLoaded.committedMiB(), 0)
						+ " MiB committed; RSS " + fmt(this.rssBig, 0) + " MiB incl. SQLite page cache)",
				this.heapLoaded.usedMiB() < 256 && this.totalMessages >= 1_000_000, "");
		md.append("| ratio to raw SQLite (same schema, same pragmas, one JDBC connection, no network) | ")
			.append(fmt(sustained.throughput(), 0))
			.append(" / ")
			.append(fmt(rawSingle.perSecond(), 0))
			.append(" (1 message per transaction) = **")
			.append(fmt(sustained.throughput() / rawSingle.perSecond(), 2))
			.append("×**; ")
			.append(fmt(sustained.throughput(), 0))
			.append(" / ")
			.append(fmt(rawBatch.perSecond(), 0))
			.append(" (100 per transaction) = **")
			.append(fmt(sustained.throughput() / rawBatch.perSecond(), 2))
			.append("×** | — |\n\n");

		md.append(String.format(Locale.ROOT, "A closed loop of 64 clients that send each request as soon as the "
				+ "previous one is answered keeps 64 requests in the server at all times, so by Little's law the mean "
				+ "latency is 64 / throughput = %.1f ms here (%.0f calls/s): a p99 under 5 ms in that setting needs "
				+ "more than 12,800 calls/s. The paced rows keep 64 clients connected and active, each at a fixed "
				+ "rate, with latency counted from when each request was due.%n%n", 64000.0 / get64.throughput(),
				get64.throughput()));
		md.append("## Raw SQLite on this machine\n\n");
		md.append("`bench/src/Sqlite.java`: one JDBC connection (sqlite-jdbc, the server's version) with the "
				+ "server's pragmas (WAL, synchronous=NORMAL, foreign_keys, busy_timeout, IMMEDIATE transactions), "
				+ "prepared statements, ~" + (this.quick ? 1 : 5) + " s per row. \"Server schema\" is a copy of "
				+ "the server's empty database (every index, the word FTS5 index kept by a trigger) and each "
				+ "message is written the way the server writes it: touch the session's `updated_at`, then "
				+ "`INSERT ... RETURNING id`. The last two rows put the trigram FTS5 index back into the same "
				+ "transaction, as it was before migration V6 (the server now fills it in the background: "
				+ "`TrigramIndexer`).\n\n");
		md.append("| case | rows/s |\n|---|---:|\n");
		for (Sqlite.Rate r : this.raw) {
			md.append("| ").append(r.name()).append(" | ").append(fmt(r.perSecond(), 0)).append(" |\n");
		}
		md.append("\n");

		md.append("## Latency vs concurrency (MCP `tools/call`)\n\n");
		md.append(
				"| scenario | clients | calls/s | p50 ms | p99 ms | max ms | errors | server CPU % | server RSS MiB | client CPU % | other CPU % |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String name : List.of("mcp add_message", MODERN_ADD, "mcp get_messages(50)")) {
			for (int c : new int[] { 1, 8, 64, 256 }) {
				row(md, result(name + " @" + c));
			}
		}
		md.append("\n");
		erasSection(md);
		md.append("\n## All scenarios\n\n");
		md.append(
				"| scenario | clients | calls/s | p50 ms | p99 ms | max ms | errors | server CPU % | server RSS MiB | client CPU % | other CPU % |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		this.results.values().forEach((r) -> row(md, r));
		md.append("\nCPU is in percent of one core (200 % = both cores). Latency is measured by the client from "
				+ "sending the request to reading the whole response, over a kept-alive loopback connection.\n\n");

		md.append("## Search over ").append(String.format("%,d", this.totalMessages)).append(" messages\n\n");
		md.append(String.format(Locale.ROOT,
				"%,d generated messages (8–23 words each, Zipf-distributed vocabulary of 5,000 words, 70 %% public) "
						+ "were written straight into the server's database file by `Sqlite.bulkLoad` (batches of "
						+ "20,000 per transaction, through the server's triggers, so the word index holds them) in "
						+ "%.0f s (%.0f messages/s), then the trigram index was filled as the server's "
						+ "TrigramIndexer does (batches of 5,000) in %.0f s; dealt over 20 sessions of %,d. Queries run over MCP "
						+ "`search_context` (limit 10) in one session, as a `bench` agent (sees public messages and its "
						+ "own). \"%s\" is in 20 messages, all in that session; \"%s\" in about 1 %%; \"%s\" in most.\n\n",
				this.bulkMessages, this.bulkSeconds, this.bulkMessages / this.bulkSeconds, this.trigramSeconds,
				this.bulkMessages / 20,
				Corpus.RARE, Corpus.MEDIUM, this.corpus.mostCommonWord()));
		md.append("| query | clients | p50 ms | p99 ms | max ms | calls/s | errors |\n|---|---:|---:|---:|---:|---:|---:|\n");
		this.results.forEach((k, r) -> {
			if (k.startsWith("search 1M")) {
				md.append("| ").append(r.name().replace("search 1M ", "")).append(" | ").append(r.clients()).append(" | ")
					.append(fmt(r.percentileMillis(50), 2)).append(" | ").append(fmt(r.percentileMillis(99), 2))
					.append(" | ").append(fmt(r.maxMillis(), 2)).append(" | ").append(fmt(r.throughput(), 0))
					.append(" | ").append(r.errors()).append(" |\n");
			}
		});
		md.append('\n');
		for (String broadQuery : List.of("broad (\"", "broad, two words (\"")) {
			this.results.entrySet()
				.stream()
				.filter((e) -> e.getKey().startsWith("search 1M " + broadQuery))
				.findFirst()
				.ifPresent((e) -> md.append("- ").append(e.getValue().name().replace("search 1M ", "")).append(": p50 ")
					.append(fmt(e.getValue().percentileMillis(50), 1)).append(" ms < 50 ms: **")
					.append(e.getValue().percentileMillis(50) < 50 ? "PASS" : "MISS").append("**\n"));
		}
		md.append('\n');
		if (this.recall != null) {
			md.append(Recall.section(this.recall));
		}
		md.append("\n## Start-up and memory\n\n| | |\n|---|---|\n");
		md.append("| start-up, empty database (launch → `/actuator/health` UP) | ").append(fmt(this.freshStartup, 2))
			.append(" s (Spring's \"Started in\": ").append(this.freshSpringStarted).append(" s) |\n");
		md.append("| start-up, ").append(String.format("%,d", this.totalMessages)).append(" messages | ")
			.append(fmt(this.bigStartup, 2)).append(" s (Spring: ").append(this.bigSpringStarted).append(" s) |\n");
		if (!Double.isNaN(this.archivedStartup)) {
			md.append("| start-up, same database, with a class-data archive (`").append(this.archiveFlag)
				.append("`, jar extracted with `-Djarmode=tools extract`, one training run) | ")
				.append(fmt(this.archivedStartup, 2)).append(" s (Spring: ").append(this.archivedSpringStarted)
				.append(" s) |\n");
		}
		md.append("| heap used after full GC, idle, empty database | ").append(fmt(this.heapIdle.usedMiB(), 1))
			.append(" MiB |\n");
		md.append("| heap used after full GC, ").append(String.format("%,d", this.totalMessages))
			.append(" messages, after the searches | ").append(fmt(this.heapLoaded.usedMiB(), 1)).append(" MiB |\n");
		md.append("| server RSS then | ").append(fmt(this.rssBig, 0)).append(" MiB |\n\n");
		md.append("```\n").append(this.heapLoaded.text()).append("\n```\n\n");

		md.append("## Durability check\n\n");
		md.append(String.format(Locale.ROOT, "Every id acknowledged by `add_message` (MCP) and `POST .../messages` "
				+ "(REST) during phase one — %,d of them — was looked up in the database file after the server "
				+ "was killed with SIGKILL: **%d missing**.%n%n", this.acknowledgedCount, this.missingAfterKill));

		crashSection(md);

		postgresSection(md);

		if (!this.profiles.isEmpty()) {
			md.append("## Profiles (JFR, `jfr view hot-methods`)\n\n");
			md.append("Recorded with `jcmd <pid> JFR.start settings=profile` around a 64-client `add_message` run "
					+ "and a 64-client `get_messages` run at the end of phase one (the `profiled` rows: their "
					+ "throughput includes the profiler's cost, large on Java 17, where the recording of every thread "
					+ "park over 10 ms cut `add_message` by about 80 %); the recordings are kept in "
					+ "`target/bench/*.jfr`.\n\n");
			if (!this.flameGraphs.isEmpty()) {
				md.append("CPU flame graphs of the same recordings (async-profiler's `jfrconv --cpu`; open in a "
						+ "browser): ");
				md.append(String.join(", ", this.flameGraphs.entrySet()
					.stream()
					.map((e) -> "[" + e.getKey() + "](" + e.getValue() + ")")
					.toList()));
				md.append(".\n\n");
			}
			this.profiles.forEach((name, text) -> md.append("### ").append(name).append("\n\n```\n").append(text)
				.append("\n```\n\n"));
		}
		if (!this.notes.isEmpty()) {
			md.append("## Notes\n\n");
			this.notes.forEach((n) -> md.append("- ").append(n).append("\n"));
		}
		String analysis = this.options.getOrDefault("analysis", "bench/analysis.md");
		if (analysis != null && Files.exists(Path.of(analysis))) {
			md.append("\n").append(Files.readString(Path.of(analysis)).trim()).append("\n");
		}
		return md.toString();
	}

	/** Title, command, date and the machine the run was on. */
	private void header(StringBuilder md, double totalSeconds) throws Exception {
		String cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter((l) -> l.startsWith("model name"))
			.findFirst()
			.map((l) -> l.substring(l.indexOf(':') + 1).trim())
			.orElse("?");
		String mem = Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((l) -> l.startsWith("MemTotal"))
			.findFirst()
			.map((l) -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
			.orElse("?");
		String javaVersion = this.server.javaVersion().replace("\n", "; ");
		boolean virtual = this.server.virtualThreads();
		md.append("# Benchmarks\n\n");
		md.append("Generated by `").append(this.options.getOrDefault("command", "bench/run.sh")).append("` on ")
			.append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
			.append(" in ")
			.append(String.format(Locale.ROOT, "%.0f", totalSeconds))
			.append(" s")
			.append(this.quick ? " — **quick mode: a few seconds per scenario, a smoke run, not a measurement**" : "")
			.append(". Do not edit by hand: re-run the command. How the suite works: `bench/README.md`.\n\n");
		md.append("## Machine\n\n| | |\n|---|---|\n");
		md.append("| CPU | ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(cpu)
			.append(" |\n");
		md.append("| memory | ").append(mem).append(" |\n");
		md.append("| server JVM | ").append(javaVersion).append(" |\n");
		md.append("| threads | ")
			.append(virtual ? "virtual threads (spring.threads.virtual.enabled, Java 21+): Tomcat requests, SSE and "
					+ "wait_for_messages hold no platform thread while they wait"
					: "platform threads (Java 17: spring.threads.virtual.enabled has no effect; Tomcat pool of 200)")
			.append(" |\n");
		md.append("| server JVM options | `").append(String.join(" ", jvmOptions())).append("` (default heap "
				+ "ergonomics unless given) |\n");
		md.append("| load generator | `bench/src` (Java, one thread and one keep-alive connection per agent, "
				+ "closed loop), on the same 2 cores as the server |\n");
		md.append("| load average before the run | ").append(this.loadBefore).append(" |\n\n");
		md.append("The load generator runs on the same two cores as the server, so every figure below is the "
				+ "server *and* its clients sharing 2 cores. The `other cpu` column is what the rest of the machine "
				+ "(other builds, other sessions) used meanwhile, in percent of one core: where it is well above 0, "
				+ "the numbers of that row were taken on a loaded machine and are pessimistic.\n\n");
	}

	/** {@code --only=crash}: the header and the SIGKILL-under-load section alone. */
	private String crashReport(double totalSeconds) throws Exception {
		StringBuilder md = new StringBuilder();
		header(md, totalSeconds);
		md.append("Only the SIGKILL-under-load scenario was run (`--only=crash`).\n\n");
		crashSection(md);
		if (!this.notes.isEmpty()) {
			md.append("## Notes\n\n");
			this.notes.forEach((n) -> md.append("- ").append(n).append("\n"));
		}
		return md.toString();
	}

	/** Per round: acknowledged, in flight at the kill, missing (must be 0), and what the file holds. */
	private void crashSection(StringBuilder md) {
		Crash.Result c = this.crash;
		if (c == null) {
			return;
		}
		md.append("## Durability under load (SIGKILL while posting)\n\n");
		md.append(String.format(Locale.ROOT, "`bench/src/Crash.java`: %d rounds on one database file. Each round "
				+ "starts the server on that file (recovering from the previous round's crash), connects %d agents "
				+ "(own MCP session and token each), lets them post `add_message` in a closed loop for a random 1–3 s "
				+ "(counted from the first acknowledgement) and then sends the server SIGKILL while their requests are in flight. The file is then opened with "
				+ "sqlite-jdbc and every id acknowledged so far (a complete 200 response with a `message_id`, in this "
				+ "round or an earlier one) is looked up with its exact content. \"In flight\" counts the requests "
				+ "sent before the kill and not completely answered by then; \"never answered\" those that got an I/O "
				+ "error instead of a response, and how many of them were committed anyway (allowed: the client never "
				+ "heard). After the last round the server is started once more on the file: healthy after %s s.%n%n",
				c.rounds().size(), c.agents(),
				Double.isNaN(c.restartSeconds()) ? "— (**failed**)" : fmt(c.restartSeconds(), 2)));
		md.append("| round | start-up s | load s before kill | acknowledged | in flight at kill | never answered (stored anyway) "
				+ "| acknowledged so far | missing | messages in file | errors | result |\n");
		md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
		for (Crash.Round r : c.rounds()) {
			md.append("| ").append(r.round()).append(" | ").append(fmt(r.startupSeconds(), 2)).append(" | ")
				.append(fmt(r.loadSeconds(), 2)).append(" | ").append(fmt(r.acknowledged(), 0)).append(" | ")
				.append(r.inFlight()).append(" | ").append(r.unanswered()).append(" (").append(r.unansweredStored())
				.append(") | ").append(fmt(r.checked(), 0)).append(" | ").append(r.missing()).append(" | ")
				.append(fmt(r.stored(), 0)).append(" | ").append(r.errors()).append(" | ")
				.append((r.missing() == 0 && r.inFlight() > 0) ? "**PASS**"
						: (r.missing() > 0) ? "**MISS**" : "**MISS** (nothing in flight)")
				.append(" |\n");
		}
		md.append(String.format(Locale.ROOT, "| all | | | %s | %d | | | %d | | %d | %s |%n%n",
				fmt(c.acknowledged(), 0), c.inFlight(), c.missing(), c.errors(), c.pass() ? "**PASS**" : "**MISS**"));
	}

	private Sqlite.Rate rate(String name) {
		return this.raw.stream().filter((r) -> r.name().equals(name)).findFirst().orElseThrow();
	}

	private static void target(StringBuilder md, String target, String measured, boolean pass, String by) {
		md.append("| ").append(target).append(" | ").append(measured).append(" | ")
			.append(pass ? "**PASS**" : "**MISS**" + (by.isEmpty() ? "" : " (" + by + ")")).append(" |\n");
	}

	private static void row(StringBuilder md, Load.Result r) {
		if (r == null) {
			return;
		}
		md.append("| ").append(r.name()).append(" | ").append(r.clients()).append(" | ").append(fmt(r.throughput(), 0))
			.append(" | ").append(fmt(r.percentileMillis(50), 2)).append(" | ").append(fmt(r.percentileMillis(99), 2))
			.append(" | ").append(fmt(r.maxMillis(), 1)).append(" | ").append(r.errors()).append(" | ")
			.append(fmt(r.server().cpuPercent(), 0)).append(" | ").append(fmt(r.server().maxRssMiB(), 0)).append(" | ")
			.append(fmt(r.clientCpuPercent(), 0)).append(" | ").append(fmt(r.otherCpuPercent(), 0)).append(" |\n");
	}

	private static String fmt(double v, int decimals) {
		return String.format(Locale.ROOT, "%,." + decimals + "f", v);
	}

}
