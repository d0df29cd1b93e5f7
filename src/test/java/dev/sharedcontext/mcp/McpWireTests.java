package dev.sharedcontext.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact bytes {@code POST /mcp} answers, pinned by a transcript: every request in
 * {@code wire-transcript.txt} is sent and its status, content type and body must equal
 * the ones recorded under it. It covers what the protocol records, the dispatcher and the
 * endpoint's checks produce for well-formed and malformed messages, so a refactoring of
 * the wire layer that changes a single byte fails here. Answers that hold per-run values
 * (session ids, tokens, times) are left to the other tests.
 * <p>
 * A request line is {@code > [session=latest|old|none|unknown] [accept=...]
 * [version=...] body}; {@code <empty>} is an empty body. After an intended change, run
 * with {@code -Dmcp.wire.record=true} to rewrite the answers, and review the diff.
 */
class McpWireTests extends IntegrationTest {

	private static final Path TRANSCRIPT = Path.of("src/test/resources/dev/sharedcontext/mcp/wire-transcript.txt");

	private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
			+ "{\"protocolVersion\":\"%s\",\"capabilities\":{},\"clientInfo\":{\"name\":\"wire\",\"version\":\"1\"}}}";

	@Test
	void everyAnswerIsByteForByteTheRecordedOne() throws IOException {
		String expected = Files.readString(TRANSCRIPT, StandardCharsets.UTF_8);
		Map<String, String> sessions = Map.of("latest", initialize("2025-11-25"), "old", initialize("2025-03-26"),
				"unknown", "0".repeat(32));
		StringBuilder actual = new StringBuilder();
		for (String line : expected.split("\n", -1)) {
			if (line.startsWith("< ")) {
				continue;
			}
			actual.append(line).append('\n');
			if (line.startsWith("> ")) {
				Response response = send(line.substring(2), sessions);
				actual.append("< ")
					.append(response.status())
					.append(' ')
					.append(response.headers().getOrDefault("content-type", List.of("-")).get(0))
					.append('\n');
				if (!response.text().isEmpty()) {
					actual.append("< ").append(response.text().replace("\n", "\\n")).append('\n');
				}
			}
		}
		String transcript = actual.substring(0, actual.length() - 1);
		if (Boolean.getBoolean("mcp.wire.record")) {
			Files.writeString(TRANSCRIPT, transcript, StandardCharsets.UTF_8);
		}
		assertThat(transcript).isEqualTo(expected);
	}

	private Response send(String request, Map<String, String> sessions) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-API-Key", API_KEY);
		headers.put("Accept", "application/json, text/event-stream");
		String rest = request;
		while (rest.startsWith("session=") || rest.startsWith("accept=") || rest.startsWith("version=")) {
			int end = rest.indexOf(' ');
			String option = rest.substring(0, end);
			rest = rest.substring(end + 1);
			String value = option.substring(option.indexOf('=') + 1);
			if (option.startsWith("session=")) {
				if (!value.equals("none")) {
					headers.put("Mcp-Session-Id", sessions.get(value));
				}
			}
			else if (option.startsWith("accept=")) {
				headers.put("Accept", value.replace('+', ' '));
			}
			else {
				headers.put("MCP-Protocol-Version", value);
			}
		}
		return this.api.send("POST", "/mcp", null, rest.equals("<empty>") ? "" : rest, headers);
	}

	private String initialize(String version) {
		Response response = this.api.send("POST", "/mcp", null, INITIALIZE.formatted(version),
				Map.of("X-API-Key", API_KEY, "Accept", "application/json"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.headers().get("mcp-session-id").get(0);
	}

}
