package dev.sharedcontext.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.sharedcontext.support.Api;

/**
 * Writes an HTTP/1.1 request byte for byte over a socket, for requests that well-behaved
 * clients refuse to send (encoded slashes, dot segments, oversized headers, invalid UTF-8
 * bodies).
 */
final class RawHttp {

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	Reply send(String method, String target, Map<String, String> headers, byte[] body) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (body != null) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
				if (body != null) {
					out.write(body);
				}
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer (431, 413) and close before it has read the whole
				// request: the answer is still there to read
			}
			return Reply.parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Reply get(String target) {
		return send("GET", target, Map.of(), null);
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int n;
		try {
			while ((n = in.read(buffer)) > 0) {
				all.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// a reset after the server has answered and closed still leaves the answer
			if (all.size() == 0) {
				throw ex;
			}
		}
		return all.toByteArray();
	}

	/** Status, headers (lower-case names) and body of a response. */
	record Reply(int status, Map<String, String> headers, String body) {

		static Reply parse(byte[] raw) {
			// framing in ISO-8859-1 (one char per byte, so chunk sizes count right), body
			// as UTF-8
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			String body = text.substring(end + 4);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = unchunk(body);
			}
			return new Reply(status, headers,
					new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
		}

		private static String unchunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int at = 0;
			while (true) {
				int lineEnd = chunked.indexOf("\r\n", at);
				int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
				if (size == 0) {
					return body.toString();
				}
				body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
				at = lineEnd + 2 + size + 2;
			}
		}

		String contentType() {
			return this.headers.getOrDefault("content-type", "");
		}

		JsonNode json() {
			return Api.JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.status + " " + this.headers + " " + this.body;
		}

	}

}
