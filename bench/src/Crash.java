import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durability under load (SPEC §9: an acknowledged write survives {@code kill -9}): the server is killed with SIGKILL
 * <em>while</em> agents post {@code add_message}, not after the load stops, so the kill lands in the middle of group
 * commits, half-written responses and requests still queued. Each round starts the server on the same database file
 * (so every round after the first also proves recovery from the previous crash), connects the agents, lets them post
 * for a random 1 to 3 s from the first acknowledgement, kills the server, then reads the file with sqlite-jdbc and looks up every message
 * acknowledged so far, in this round and all earlier ones, by id and exact content.
 */
final class Crash {

	/**
	 * One round.
	 * @param loadSeconds from the first acknowledged post of the round to the SIGKILL
	 * @param acknowledged complete 200 responses with a {@code message_id} in this round
	 * @param inFlight requests sent before the SIGKILL and not completely answered by then (a response already in
	 * the socket buffer may still arrive whole afterwards: then it counts as acknowledged too)
	 * @param unanswered requests that never got a complete response (an I/O error after the kill)
	 * @param unansweredStored of those, how many were committed anyway (allowed: the client just never heard)
	 * @param missing acknowledged ids (all rounds so far) absent from the file or stored with other content
	 * @param checked acknowledged ids (all rounds so far) looked up after this kill
	 * @param stored messages in the database file after this kill
	 * @param errors failed calls before the kill (should be 0)
	 */
	record Round(int round, double loadSeconds, long acknowledged, long inFlight, long unanswered,
			long unansweredStored, long missing, long checked, long stored, double startupSeconds, long errors,
			List<String> errorSamples) {
	}

	/** Every round, and the start-up after the last kill (recovery of the last crash). */
	record Result(List<Round> rounds, int agents, double restartSeconds) {

		long acknowledged() {
			return this.rounds.stream().mapToLong(Round::acknowledged).sum();
		}

		long inFlight() {
			return this.rounds.stream().mapToLong(Round::inFlight).sum();
		}

		long missing() {
			return this.rounds.isEmpty() ? -1 : this.rounds.get(this.rounds.size() - 1).missing();
		}

		long errors() {
			return this.rounds.stream().mapToLong(Round::errors).sum();
		}

		boolean pass() {
			return !this.rounds.isEmpty() && this.rounds.stream().allMatch((r) -> r.missing() == 0 && r.inFlight() > 0)
					&& !Double.isNaN(this.restartSeconds);
		}

	}

	private static final long NOT_KILLED = Long.MIN_VALUE;

	private static final Pattern SESSION = Pattern.compile("\"session_id\":\"(session_[0-9a-f]{16})\"");

	private Crash() {
	}

	static Result run(Server server, List<String> jvmOptions, int rounds, int agentCount, long seed)
			throws Exception {
		Random random = new Random(seed);
		Map<Long, String> acknowledged = new HashMap<>();
		List<Round> results = new ArrayList<>();
		for (int r = 1; r <= rounds; r++) {
			long delayMillis = 1000 + random.nextInt(2001);
			Round round = round(server, jvmOptions, r, agentCount, delayMillis, acknowledged);
			results.add(round);
			System.out.printf(
					"crash round %d: %.2f s of load, %,d acknowledged, %d in flight at SIGKILL (%d never answered, "
							+ "%d of those stored), %d of %,d acknowledged so far missing, %,d in the file, %d errors%n",
					round.round(), round.loadSeconds(), round.acknowledged(), round.inFlight(), round.unanswered(),
					round.unansweredStored(), round.missing(), round.checked(), round.stored(), round.errors());
			round.errorSamples().forEach((s) -> System.out.println("    error: " + Agent.abbreviate(s)));
		}
		double restart = Double.NaN;
		try {
			server.start("crash-restart", jvmOptions);
			restart = server.startupSeconds;
			server.stop();
		}
		catch (Exception ex) {
			System.out.println("restart after the last crash failed: " + ex);
			server.kill();
		}
		return new Result(results, agentCount, restart);
	}

	private static Round round(Server server, List<String> jvmOptions, int round, int agentCount, long delayMillis,
			Map<Long, String> acknowledgedSoFar) throws Exception {
		server.start("crash-" + round, jvmOptions);
		double startup = server.startupSeconds;
		List<Agent> agents = Agent.connectAll(server, "crash-" + round + "-", agentCount);
		List<String> sessions = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String body = agents.get(0).tool("create_session", "{\"purpose\":\"crash round " + round + "\"}");
			Matcher m = SESSION.matcher(body);
			if (!m.find()) {
				throw new IOException("create_session: " + body);
			}
			sessions.add(m.group(1));
		}

		ConcurrentHashMap<Long, String> acked = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<String> unanswered = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
		AtomicLong errors = new AtomicLong();
		AtomicInteger inFlight = new AtomicInteger();
		// set just before the SIGKILL; a request sent before it and answered (or failed) after it was in flight
		AtomicLong killedAt = new AtomicLong(NOT_KILLED);
		CountDownLatch ready = new CountDownLatch(agentCount);
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch flowing = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < agentCount; i++) {
			Agent agent = agents.get(i);
			String session = sessions.get(i % sessions.size());
			Thread thread = new Thread(() -> {
				ready.countDown();
				try {
					go.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				// no stop flag: each agent posts until the dead server fails its request, so the load runs right
				// up to the kill
				for (long seq = 0;; seq++) {
					String content = "crash-r" + round + "-" + agent.id + "-s" + seq + " durability under load";
					long started = System.nanoTime();
					long id;
					try {
						id = agent.mcpAddMessage(session, content);
					}
					catch (Agent.CallFailed ex) {
						errors.incrementAndGet();
						if (samples.size() < 5) {
							samples.add(ex.toString());
						}
						continue;
					}
					catch (IOException | RuntimeException ex) {
						long kill = killedAt.get();
						if (kill != NOT_KILLED) {
							if (started - kill < 0) {
								unanswered.add(content);
								inFlight.incrementAndGet();
							}
							return;
						}
						errors.incrementAndGet();
						if (samples.size() < 5) {
							samples.add(ex.toString());
						}
						agent.reconnect();
						continue;
					}
					long kill = killedAt.get();
					if (kill != NOT_KILLED && started - kill < 0) {
						inFlight.incrementAndGet();
					}
					acked.put(id, content);
					flowing.countDown();
				}
			}, "crash-agent-" + i);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		ready.await();
		go.countDown();
		// the 1-3 s count from the first acknowledgement: on a loaded machine a cold server can take a while to
		// answer at all, and the kill is meant to land in a running load
		flowing.await(120, TimeUnit.SECONDS);
		long begin = System.nanoTime();
		Thread.sleep(delayMillis);
		killedAt.set(System.nanoTime());
		server.kill();
		double loadSeconds = (killedAt.get() - begin) / 1e9;
		for (Thread thread : threads) {
			thread.join(Http.TIMEOUT_MILLIS + 5_000);
		}
		agents.forEach(Agent::close);

		acknowledgedSoFar.putAll(acked);
		Map<Long, String> stored = new HashMap<>();
		Set<String> contents = new HashSet<>();
		try (Connection c = Sqlite.open(server.db); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT id, content FROM messages WHERE content LIKE 'crash-r%'")) {
			while (rs.next()) {
				stored.put(rs.getLong(1), rs.getString(2));
				contents.add(rs.getString(2));
			}
		}
		long missing = acknowledgedSoFar.entrySet()
			.stream()
			.filter((e) -> !e.getValue().equals(stored.get(e.getKey())))
			.count();
		long unansweredStored = unanswered.stream().filter(contents::contains).count();
		long total = Sqlite.count(server.db, "SELECT count(*) FROM messages");
		return new Round(round, loadSeconds, acked.size(), inFlight.get(), unanswered.size(), unansweredStored,
				missing, acknowledgedSoFar.size(), total, startup, errors.get(), new ArrayList<>(samples));
	}

}
