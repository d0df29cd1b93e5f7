import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thousands of open HTTP/1.1 requests held by one selector thread: one loopback connection per request, each sends
 * its request once and then only reads. A held request costs the load generator a socket and a few hundred bytes,
 * not a thread, so 10,000 pending {@code wait_for_messages} calls or 1,000 event streams fit beside the server on
 * the same two cores. Two kinds: a request that is done when its whole response has arrived (a wait), and a stream
 * that stays open and is scanned for a marker (the content of one post).
 */
final class Herd implements AutoCloseable {

	/** One held request. Fields are written by the selector thread and read after the counters say so. */
	static final class Conn {

		final SocketChannel channel;

		final boolean stream;

		private final StringBuilder head = new StringBuilder(512);

		private boolean headerDone;

		int status = -1;

		private long contentLength = -1;

		private boolean chunked;

		private long bodyRead;

		private final byte[] tail = new byte[64];

		private int tailLength;

		/** The first bytes of the body (enough to tell a timed-out wait from a woken one). */
		final StringBuilder bodyStart = new StringBuilder();

		volatile long doneNanos;

		volatile long markNanos;

		volatile boolean closed;

		Conn(SocketChannel channel, boolean stream) {
			this.channel = channel;
			this.stream = stream;
		}

	}

	private final int port;

	private final Selector selector;

	private final Thread loop;

	private final ConcurrentLinkedQueue<Conn> pending = new ConcurrentLinkedQueue<>();

	private final List<Conn> conns = new ArrayList<>();

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);

	private volatile byte[] marker;

	private volatile boolean running = true;

	/** Responses complete (requests), or status lines received (streams). */
	final AtomicInteger answered = new AtomicInteger();

	/** Streams whose bytes contained the marker since it was set. */
	final AtomicInteger marked = new AtomicInteger();

	/** Connections the server closed. */
	final AtomicInteger closedCount = new AtomicInteger();

	Herd(int port) throws IOException {
		this.port = port;
		this.selector = Selector.open();
		this.loop = new Thread(this::select, "herd-selector");
		this.loop.setDaemon(true);
		this.loop.start();
	}

	/**
	 * Opens a connection (blocking connect and write on the caller's thread: loopback, small requests) and hands it
	 * to the selector thread to read.
	 */
	Conn open(String request, boolean stream) throws IOException {
		SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", this.port));
		channel.socket().setTcpNoDelay(true);
		ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
		while (out.hasRemaining()) {
			channel.write(out);
		}
		channel.configureBlocking(false);
		Conn conn = new Conn(channel, stream);
		synchronized (this.conns) {
			this.conns.add(conn);
		}
		this.pending.add(conn);
		this.selector.wakeup();
		return conn;
	}

	List<Conn> conns() {
		synchronized (this.conns) {
			return new ArrayList<>(this.conns);
		}
	}

	/** From now on, streams count the first time they receive these bytes. */
	void mark(String text) {
		this.marked.set(0);
		synchronized (this.conns) {
			for (Conn c : this.conns) {
				c.markNanos = 0;
				c.tailLength = 0;
			}
		}
		this.marker = text.getBytes(StandardCharsets.UTF_8);
	}

	private void select() {
		try {
			while (this.running) {
				this.selector.select(100);
				Conn added;
				while ((added = this.pending.poll()) != null) {
					added.channel.register(this.selector, SelectionKey.OP_READ, added);
				}
				for (SelectionKey key : this.selector.selectedKeys()) {
					Conn conn = (Conn) key.attachment();
					try {
						read(conn, key);
					}
					catch (IOException ex) {
						finish(conn, key);
					}
				}
				this.selector.selectedKeys().clear();
			}
		}
		catch (IOException | RuntimeException ex) {
			if (this.running) {
				System.out.println("herd selector failed: " + ex);
			}
		}
	}

	private void read(Conn conn, SelectionKey key) throws IOException {
		while (true) {
			this.buffer.clear();
			int n = conn.channel.read(this.buffer);
			if (n < 0) {
				finish(conn, key);
				return;
			}
			if (n == 0) {
				return;
			}
			this.buffer.flip();
			if (!conn.headerDone) {
				while (this.buffer.hasRemaining() && !conn.headerDone) {
					conn.head.append((char) (this.buffer.get() & 0xff));
					int len = conn.head.length();
					if (len >= 4 && conn.head.charAt(len - 1) == '\n' && conn.head.charAt(len - 2) == '\r'
							&& conn.head.charAt(len - 3) == '\n' && conn.head.charAt(len - 4) == '\r') {
						header(conn);
					}
				}
			}
			if (conn.headerDone && this.buffer.hasRemaining()) {
				body(conn, key);
			}
		}
	}

	private void header(Conn conn) {
		conn.headerDone = true;
		String[] lines = conn.head.toString().split("\r\n");
		conn.status = Integer.parseInt(lines[0].substring(9, 12));
		for (String line : lines) {
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				conn.contentLength = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				conn.chunked = true;
			}
		}
		if (conn.stream) {
			this.answered.incrementAndGet();
		}
		else if (conn.contentLength == 0) {
			done(conn);
		}
	}

	private void body(Conn conn, SelectionKey key) throws IOException {
		int start = this.buffer.position();
		int n = this.buffer.remaining();
		conn.bodyRead += n;
		if (conn.bodyStart.length() < 400) {
			for (int i = start; i < start + n && conn.bodyStart.length() < 400; i++) {
				conn.bodyStart.append((char) (this.buffer.get(i) & 0xff));
			}
		}
		byte[] wanted = this.marker;
		boolean scanTail = conn.chunked || (conn.stream && wanted != null && conn.markNanos == 0);
		if (scanTail) {
			// keep the last 64 bytes seen: enough for the marker and for the chunked terminator
			byte[] window = new byte[conn.tailLength + n];
			System.arraycopy(conn.tail, 0, window, 0, conn.tailLength);
			this.buffer.get(window, conn.tailLength, n);
			if (conn.stream && wanted != null && conn.markNanos == 0 && indexOf(window, wanted) >= 0) {
				conn.markNanos = System.nanoTime();
				this.marked.incrementAndGet();
			}
			int keep = Math.min(conn.tail.length, window.length);
			System.arraycopy(window, window.length - keep, conn.tail, 0, keep);
			conn.tailLength = keep;
			if (!conn.stream && conn.chunked && endsWith(conn.tail, keep, "0\r\n\r\n")) {
				done(conn);
				finish(conn, key);
			}
		}
		if (!conn.stream && !conn.chunked && conn.contentLength >= 0 && conn.bodyRead >= conn.contentLength) {
			done(conn);
			finish(conn, key);
		}
	}

	private void done(Conn conn) {
		if (conn.doneNanos == 0) {
			conn.doneNanos = System.nanoTime();
			this.answered.incrementAndGet();
		}
	}

	/** The response is complete or the server closed: close our end, so no fd is held longer than needed. */
	private void finish(Conn conn, SelectionKey key) {
		key.cancel();
		if (!conn.closed) {
			conn.closed = true;
			if (!conn.stream) {
				done(conn);
			}
			else {
				this.closedCount.incrementAndGet();
			}
			try {
				conn.channel.close();
			}
			catch (IOException ex) {
				// gone
			}
		}
	}

	private static boolean endsWith(byte[] data, int length, String suffix) {
		byte[] s = suffix.getBytes(StandardCharsets.ISO_8859_1);
		if (length < s.length) {
			return false;
		}
		for (int i = 0; i < s.length; i++) {
			if (data[length - s.length + i] != s[i]) {
				return false;
			}
		}
		return true;
	}

	private static int indexOf(byte[] data, byte[] pattern) {
		outer: for (int i = 0; i <= data.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	@Override
	public void close() {
		this.running = false;
		this.selector.wakeup();
		try {
			this.loop.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (Conn c : conns()) {
			try {
				c.channel.close();
			}
			catch (IOException ex) {
				// gone
			}
		}
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// gone
		}
	}

}
