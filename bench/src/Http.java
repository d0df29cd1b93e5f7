import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal blocking HTTP/1.1 client over one keep-alive socket: just enough for the benchmark (Content-Length and
 * chunked bodies). A general-purpose client would spend more of the shared 2 cores than the server does on small
 * requests, so the load generator uses this instead. Loopback only: the host is always 127.0.0.1.
 */
final class Http implements AutoCloseable {

	static final int TIMEOUT_MILLIS = 60_000;

	private final int port;

	private Socket socket;

	private OutputStream out;

	private InputStream in;

	Http(int port) {
		this.port = port;
	}

	/** A response: status, the one header we care about, and the body as text. */
	record Response(int status, String sessionId, String body) {
	}

	Response send(String method, String path, String headers, String body) throws IOException {
		if (this.socket == null) {
			connect();
		}
		byte[] payload = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		StringBuilder head = new StringBuilder(256 + headers.length());
		head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(this.port)
			.append("\r\n").append(headers);
		if (body != null) {
			head.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
		}
		head.append("\r\n");
		this.out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		if (payload.length > 0) {
			this.out.write(payload);
		}
		this.out.flush();
		return read();
	}

	private void connect() throws IOException {
		Socket s = new Socket();
		s.setTcpNoDelay(true);
		s.setSoTimeout(TIMEOUT_MILLIS);
		s.connect(new InetSocketAddress("127.0.0.1", this.port), TIMEOUT_MILLIS);
		this.socket = s;
		this.out = s.getOutputStream();
		this.in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
	}

	private Response read() throws IOException {
		String status = line();
		if (status == null) {
			throw new IOException("connection closed by server");
		}
		int code = Integer.parseInt(status.substring(9, 12));
		long length = -1;
		boolean chunked = false;
		boolean close = false;
		String session = null;
		String header;
		while ((header = line()) != null && !header.isEmpty()) {
			int colon = header.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = header.substring(colon + 1).trim();
			switch (name) {
				case "content-length" -> length = Long.parseLong(value);
				case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
				case "connection" -> close = value.equalsIgnoreCase("close");
				case "mcp-session-id" -> session = value;
				default -> {
				}
			}
		}
		byte[] body;
		if (chunked) {
			ByteArrayOutputStream buffer = new ByteArrayOutputStream();
			while (true) {
				String size = line();
				int semi = size.indexOf(';');
				int n = Integer.parseInt((semi >= 0) ? size.substring(0, semi).trim() : size.trim(), 16);
				if (n == 0) {
					while (!line().isEmpty()) {
						// trailers
					}
					break;
				}
				buffer.write(this.in.readNBytes(n));
				line();
			}
			body = buffer.toByteArray();
		}
		else if (length >= 0) {
			body = this.in.readNBytes((int) length);
			if (body.length < length) {
				throw new IOException("short body");
			}
		}
		else {
			body = (code == 204 || code == 202 || code == 304) ? new byte[0] : this.in.readAllBytes();
			close = true;
		}
		if (close) {
			close();
		}
		return new Response(code, session, new String(body, StandardCharsets.UTF_8));
	}

	private String line() throws IOException {
		StringBuilder sb = new StringBuilder(64);
		int c;
		while ((c = this.in.read()) != -1) {
			if (c == '\n') {
				int len = sb.length();
				if (len > 0 && sb.charAt(len - 1) == '\r') {
					sb.setLength(len - 1);
				}
				return sb.toString();
			}
			sb.append((char) c);
		}
		return (sb.length() == 0) ? null : sb.toString();
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// already gone
			}
			this.socket = null;
		}
	}

}
