import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How soon {@code wait_for_messages} returns after a visible message is acknowledged (issue 3: within 100 ms), and
 * that an invisible one never wakes it with content: per round, one agent blocks in {@code wait_for_messages},
 * another posts a {@code private} message (the waiter may not see it) and then a public one; the latency is from
 * the public post's acknowledgement to the waiter's answer. Loopback only, bounded rounds.
 */
final class WaitLatency {

	private static final Pattern SESSION = Pattern.compile("\"session_id\":\"(session_[0-9a-f]{16})\"");

	private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\":(\\d+)");

	private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

	/** p50/p99/max in milliseconds, and how many answers contained a message the waiter may not see. */
	record Result(int rounds, double p50Ms, double p99Ms, double maxMs, int leaked, int missed) {
	}

	private WaitLatency() {
	}

	static Result measure(int port, String apiKey, int rounds) throws Exception {
		ExecutorService waiting = Executors.newSingleThreadExecutor();
		try (Agent waiter = new Agent("wait-waiter", port, apiKey); Agent poster = new Agent("wait-poster", port, apiKey)) {
			waiter.connect();
			poster.connect();
			Matcher session = SESSION.matcher(poster.tool("create_session", "{\"purpose\":\"wait latency\"}"));
			session.find();
			String sessionId = session.group(1);
			long last = poster.mcpAddMessage(sessionId, "start");
			double[] latencies = new double[rounds];
			int leaked = 0;
			int missed = 0;
			for (int i = 0; i < rounds; i++) {
				long after = last;
				Future<String> answer = waiting.submit(() -> waiter.tool("wait_for_messages",
						"{\"session_id\":\"" + sessionId + "\",\"after_id\":" + after + ",\"timeout_seconds\":30}"));
				Thread.sleep(30); // let the waiter block before anything is posted
				Matcher hidden = MESSAGE_ID.matcher(poster.tool("add_message", "{\"session_id\":\"" + sessionId
						+ "\",\"content\":\"private " + i + "\",\"visibility\":\"private\"}"));
				hidden.find();
				long hiddenId = Long.parseLong(hidden.group(1));
				Thread.sleep(10);
				long visible = poster.mcpAddMessage(sessionId, "visible " + i);
				long acknowledged = System.nanoTime();
				String body = answer.get(30, TimeUnit.SECONDS);
				latencies[i] = (System.nanoTime() - acknowledged) / 1e6;
				Matcher ids = ID.matcher(body);
				boolean sawVisible = false;
				while (ids.find()) {
					long id = Long.parseLong(ids.group(1));
					leaked += (id == hiddenId) ? 1 : 0;
					sawVisible |= (id == visible);
				}
				missed += sawVisible ? 0 : 1;
				last = visible;
			}
			Arrays.sort(latencies);
			return new Result(rounds, latencies[rounds / 2], latencies[Math.min(rounds - 1, (int) (rounds * 0.99))],
					latencies[rounds - 1], leaked, missed);
		}
		finally {
			waiting.shutdownNow();
		}
	}

}
