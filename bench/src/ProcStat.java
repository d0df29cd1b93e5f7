import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, read from {@code /proc} (Linux). */
final class ProcStat {

	/** Clock ticks per second of /proc/[pid]/stat; 100 on every Linux we run on. */
	private static final double TICKS_PER_SECOND = 100.0;

	private ProcStat() {
	}

	/** Server CPU (percent of one core, so up to 200 % on 2 cores) and the largest RSS seen. */
	record Usage(double cpuPercent, double maxRssMiB) {
	}

	static long cpuTicks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/** Busy CPU ticks of the whole machine (all cores), from the first line of /proc/stat. */
	static long systemBusyTicks() {
		try {
			String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			for (int i = 1; i < f.length && i <= 8; i++) {
				if (i != 4 && i != 5) {
					busy += Long.parseLong(f[i]);
				}
			}
			return busy;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	static double rssMiB(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// process gone
		}
		return 0;
	}

	static double ticksToPercent(long ticks, double seconds) {
		return (seconds <= 0) ? 0 : ticks / TICKS_PER_SECOND / seconds * 100.0;
	}

	static Sampler sample(long pid) {
		return new Sampler(pid);
	}

	/** Samples RSS every 200 ms on a daemon thread until stopped. */
	static final class Sampler {

		private final long pid;

		private final long startTicks;

		private final long startNanos;

		private volatile boolean running = true;

		private volatile double maxRss;

		private final Thread thread;

		Sampler(long pid) {
			this.pid = pid;
			this.startTicks = cpuTicks(pid);
			this.startNanos = System.nanoTime();
			this.maxRss = rssMiB(pid);
			this.thread = new Thread(() -> {
				while (this.running) {
					this.maxRss = Math.max(this.maxRss, rssMiB(pid));
					try {
						Thread.sleep(200);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "proc-sampler");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		Usage stop() {
			this.running = false;
			this.thread.interrupt();
			double seconds = (System.nanoTime() - this.startNanos) / 1e9;
			double rss = Math.max(this.maxRss, rssMiB(this.pid));
			return new Usage(ticksToPercent(cpuTicks(this.pid) - this.startTicks, seconds), rss);
		}

	}

}
