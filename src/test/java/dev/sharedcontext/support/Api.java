package dev.sharedcontext.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real-HTTP client for tests: JSON in, status + JSON out. */
public final class Api {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Api(String base) {
		this.base = base;
	}

	public Response get(String path, String token) {
		return send("GET", path, token, null, Map.of());
	}

	public Response post(String path, String token, Object body) {
		return send("POST", path, token, body, Map.of());
	}

	public Response patch(String path, String token, Object body) {
		return send("PATCH", path, token, body, Map.of());
	}

	public Response delete(String path, String token) {
		return send("DELETE", path, token, null, Map.of());
	}

	/**
	 * Sends a request. {@code body} may be a String (sent as is) or any object
	 * (serialized as JSON).
	 */
	public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		Map<String, String> all = new LinkedHashMap<>(headers);
		if (token != null) {
			all.put("Authorization", "Bearer " + token);
		}
		all.forEach(request::header);
		if (body != null) {
			String json = (body instanceof String text) ? text : JSON.writeValueAsString(body);
			request.header("Content-Type", "application/json");
			request.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String text = response.body();
			JsonNode json = (text == null || text.isBlank()) ? null : parse(text);
			return new Response(response.statusCode(), json, text, response.headers().map());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode parse(String text) {
		try {
			return JSON.readTree(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Status, parsed JSON (or null), raw text and headers of a response. */
	public record Response(int status, JsonNode json, String text, Map<String, java.util.List<String>> headers) {

		public String code() {
			return (this.json != null && this.json.has("code")) ? this.json.get("code").asString() : null;
		}

		@Override
		public String toString() {
			return this.status + " " + this.text;
		}

	}

}
