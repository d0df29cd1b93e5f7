package dev.sharedcontext.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events client for tests, over real HTTP: parses the stream as a browser
 * does and queues the events. {@link #next} and {@link #ended} wait with a deadline.
 */
public final class SseClient implements AutoCloseable {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final HttpResponse<InputStream> response;

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final CountDownLatch ended = new CountDownLatch(1);

	private final List<String> comments = new CopyOnWriteArrayList<>();

	private SseClient(HttpResponse<InputStream> response) {
		this.response = response;
		if (response.statusCode() == 200) {
			Thread reader = new Thread(this::read, "test-sse-reader");
			reader.setDaemon(true);
			reader.start();
		}
		else {
			this.ended.countDown();
		}
	}

	/** Opens {@code path} with these headers (plus the bearer token when not null). */
	public static SseClient open(String base, String path, String token, Map<String, String> headers) {
		return open(CLIENT, base, path, token, headers);
	}

	/**
	 * {@link #open(String, String, String, Map)} with this HTTP client (e.g. over TLS).
	 */
	public static SseClient open(HttpClient client, String base, String path, String token,
			Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.header("Accept", "text/event-stream")
			.GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		return send(client, request);
	}

	/**
	 * POSTs {@code body} to {@code path} and reads the answer as a stream when it is one
	 * (an MCP 2026 {@code subscriptions/listen}), with these headers (plus the bearer
	 * token when not null).
	 */
	public static SseClient post(String base, String path, String token, Map<String, String> headers, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		return send(CLIENT, request);
	}

	private static SseClient send(HttpClient client, HttpRequest.Builder request) {
		try {
			return new SseClient(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public int status() {
		return this.response.statusCode();
	}

	public String header(String name) {
		return this.response.headers().firstValue(name).orElse(null);
	}

	/** The body of a response that is not a stream (an error). */
	public String body() {
		try (InputStream in = this.response.body()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The next event, or {@code null} if none arrives within {@code timeout}. */
	public Event next(Duration timeout) {
		try {
			return this.events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * The next {@code count} events; fails if they do not all arrive within
	 * {@code timeout}.
	 */
	public List<Event> next(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<Event> received = new ArrayList<>();
		while (received.size() < count) {
			Event event = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			if (event == null) {
				throw new AssertionError("Got " + received.size() + " of " + count + " events: " + received);
			}
			received.add(event);
		}
		return received;
	}

	/** Whether the server ended the stream within {@code timeout}. */
	/** The comment lines received so far (keep-alives, the opening comment), in order. */
	public List<String> comments() {
		return List.copyOf(this.comments);
	}

	public boolean ended(Duration timeout) {
		try {
			return this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void close() {
		try {
			this.response.body().close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	private void read() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.response.body(), StandardCharsets.UTF_8))) {
			String id = null;
			String name = "message";
			StringBuilder data = null;
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isEmpty()) {
					if (data != null) {
						this.events.add(new Event(id, name, data.toString()));
					}
					id = null;
					name = "message";
					data = null;
				}
				else if (line.startsWith(":")) {
					this.comments.add(line.substring(1).trim());
				}
				else {
					int colon = line.indexOf(':');
					String field = (colon < 0) ? line : line.substring(0, colon);
					String value = (colon < 0) ? "" : line.substring(colon + 1);
					value = value.startsWith(" ") ? value.substring(1) : value;
					switch (field) {
						case "id" -> id = value;
						case "event" -> name = value;
						case "data" ->
							data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
						default -> {
						}
					}
				}
			}
		}
		catch (IOException ex) {
			// closed by the test or the server
		}
		finally {
			this.ended.countDown();
		}
	}

	/** One dispatched event. */
	public record Event(String id, String name, String data) {

		public JsonNode json() {
			return Api.JSON.readTree(this.data);
		}

		public long messageId() {
			return Long.parseLong(this.id);
		}

	}

}
