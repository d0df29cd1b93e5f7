import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Closed-loop load: one thread per agent, each sends its next request as soon as the previous one is answered, for
 * a fixed time, then stops by itself. Latencies are kept whole and sorted for percentiles.
 */
final class Load {

	/** What one agent does once; returns normally on success, throws on an error. */
	interface Op {

		void run(Agent agent, long seq) throws IOException;

	}

	/** What one agent does before the timed part (its connect, for example). */
	interface Setup {

		void run(Agent agent) throws IOException;

	}

	record Result(String name, int clients, double seconds, long calls, long errors, long[] sortedNanos,
			List<String> errorSamples, ProcStat.Usage server, double clientCpuPercent, double otherCpuPercent) {

		double throughput() {
			return this.calls / this.seconds;
		}

		double percentileMillis(double p) {
			if (this.sortedNanos.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.ceil(p / 100.0 * this.sortedNanos.length) - 1;
			return this.sortedNanos[Math.max(0, Math.min(index, this.sortedNanos.length - 1))] / 1e6;
		}

		double maxMillis() {
			return (this.sortedNanos.length == 0) ? Double.NaN : this.sortedNanos[this.sortedNanos.length - 1] / 1e6;
		}

		String line() {
			return String.format("%-28s c=%-5d %9.0f calls/s  p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms  errors %d"
					+ "  server cpu %5.0f%%  rss %5.0f MiB  client cpu %4.0f%%  other cpu %4.0f%%", this.name, this.clients,
					throughput(), percentileMillis(50), percentileMillis(99), maxMillis(), this.errors,
					this.server.cpuPercent(), this.server.maxRssMiB(), this.clientCpuPercent, this.otherCpuPercent);
		}

	}

	private Load() {
	}

	static Result run(String name, List<Agent> agents, double seconds, long serverPid, Setup setup, Op op)
			throws InterruptedException {
		return run(name, agents, seconds, serverPid, setup, op, 0);
	}

	/**
	 * @param ratePerAgent requests per second each agent sends (open loop, latency counted from when the request
	 * was due, so a stalled server is not hidden by the client waiting for it); 0 for a closed loop
	 */
	static Result run(String name, List<Agent> agents, double seconds, long serverPid, Setup setup, Op op,
			double ratePerAgent) throws InterruptedException {
		return run(name, agents, seconds, serverPid, setup, op, ratePerAgent, null, 0);
	}

	/**
	 * A closed loop that also counts completed calls per second since {@code origin} (a {@link System#nanoTime}
	 * instant, e.g. the server's first request) into {@code timeline}: the warm-up curve.
	 */
	static Result curve(String name, List<Agent> agents, double seconds, long serverPid, Op op, AtomicLongArray timeline,
			long origin) throws InterruptedException {
		return run(name, agents, seconds, serverPid, null, op, 0, timeline, origin);
	}

	private static Result run(String name, List<Agent> agents, double seconds, long serverPid, Setup setup, Op op,
			double ratePerAgent, AtomicLongArray timeline, long origin) throws InterruptedException {
		long interval = (ratePerAgent > 0) ? (long) (1e9 / ratePerAgent) : 0;
		int n = agents.size();
		CountDownLatch ready = new CountDownLatch(n);
		CountDownLatch go = new CountDownLatch(1);
		AtomicLong errors = new AtomicLong();
		ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
		long[][] latencies = new long[n][];
		int[] counts = new int[n];
		long[] deadline = new long[1];
		List<Thread> threads = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			int index = i;
			Agent agent = agents.get(i);
			Thread thread = new Thread(() -> {
				long[] mine = new long[4096];
				int count = 0;
				try {
					if (setup != null) {
						try {
							setup.run(agent);
						}
						catch (IOException | RuntimeException ex) {
							errors.incrementAndGet();
							if (samples.size() < 5) {
								samples.add("setup: " + ex);
							}
							return;
						}
					}
				}
				finally {
					ready.countDown();
				}
				try {
					go.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				long seq = 0;
				long due = System.nanoTime() + ((interval > 0) ? (long) (Math.random() * interval) : 0);
				while (true) {
					long start = System.nanoTime();
					if (interval > 0) {
						if (due - start > 0) {
							java.util.concurrent.locks.LockSupport.parkNanos(due - start);
						}
						start = due;
						due += interval;
					}
					if (System.nanoTime() - deadline[0] >= 0) {
						break;
					}
					try {
						op.run(agent, seq++);
					}
					catch (IOException | RuntimeException ex) {
						errors.incrementAndGet();
						if (samples.size() < 5) {
							samples.add(ex.toString());
						}
						if (!(ex instanceof Agent.CallFailed)) {
							agent.reconnect();
						}
						continue;
					}
					long end = System.nanoTime();
					long took = end - start;
					if (timeline != null) {
						int second = (int) ((end - origin) / 1_000_000_000L);
						if (second >= 0 && second < timeline.length()) {
							timeline.incrementAndGet(second);
						}
					}
					if (count == mine.length) {
						mine = Arrays.copyOf(mine, count * 2);
					}
					mine[count++] = took;
				}
				latencies[index] = mine;
				counts[index] = count;
			}, "agent-" + i);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		ready.await();
		ProcStat.Sampler server = ProcStat.sample(serverPid);
		long clientCpuStart = ProcStat.cpuTicks(ProcessHandle.current().pid());
		long serverCpuStart = ProcStat.cpuTicks(serverPid);
		long systemStart = ProcStat.systemBusyTicks();
		long begin = System.nanoTime();
		deadline[0] = begin + (long) (seconds * 1e9);
		go.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		double elapsed = (System.nanoTime() - begin) / 1e9;
		ProcStat.Usage usage = server.stop();
		long clientTicks = ProcStat.cpuTicks(ProcessHandle.current().pid()) - clientCpuStart;
		long serverTicks = ProcStat.cpuTicks(serverPid) - serverCpuStart;
		long otherTicks = Math.max(0, ProcStat.systemBusyTicks() - systemStart - clientTicks - serverTicks);
		double clientCpu = ProcStat.ticksToPercent(clientTicks, elapsed);
		double otherCpu = ProcStat.ticksToPercent(otherTicks, elapsed);
		int total = 0;
		for (int c : counts) {
			total += c;
		}
		long[] all = new long[total];
		int at = 0;
		for (int i = 0; i < n; i++) {
			if (latencies[i] != null) {
				System.arraycopy(latencies[i], 0, all, at, counts[i]);
				at += counts[i];
			}
		}
		Arrays.sort(all);
		Result result = new Result(name, n, elapsed, total, errors.get(), all, new ArrayList<>(samples), usage,
				clientCpu, otherCpu);
		System.out.println(result.line());
		result.errorSamples().forEach((s) -> System.out.println("    error: " + Agent.abbreviate(s)));
		return result;
	}

}
