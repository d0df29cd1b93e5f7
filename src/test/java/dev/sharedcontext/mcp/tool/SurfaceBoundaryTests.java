package dev.sharedcontext.mcp.tool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.McpAgent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every length and number limit of every operation that has both a REST and an MCP
 * surface, posted at min-1, min, max and max+1 through both: the two surfaces accept and
 * refuse the same values with the same error code, because both read the same record.
 */
class SurfaceBoundaryTests extends IntegrationTest {

	/**
	 * One operation's limit: how to call each surface with a value.
	 */
	private record Limit(String name, long min, long max, Function<Long, Response> rest,
			Function<Long, Map<String, Object>> mcpArguments, String tool) {
	}

	@Test
	void restAndMcpGiveTheSameAnswerAtEveryBoundary() {
		String token = token("boundary", "claude", Permission.READ, Permission.WRITE);
		String session = sessionOf(token);
		String base = "/api/v1/sessions/" + session;
		List<Limit> limits = List.of(
				new Limit("purpose length", 1, 1000,
						(n) -> this.api.post("/api/v1/sessions", token, Map.of("purpose", text(n))),
						(n) -> Map.of("purpose", text(n)), "create_session"),
				new Limit("content length", 1, 100_000,
						(n) -> this.api.post(base + "/messages", token, Map.of("content", text(n))),
						(n) -> Map.of("session_id", session, "content", text(n)), "add_message"),
				new Limit("list_sessions limit", 1, 1000, (n) -> this.api.get("/api/v1/sessions?limit=" + n, token),
						(n) -> Map.of("limit", n), "list_sessions"),
				new Limit("list_sessions offset", 0, Integer.MAX_VALUE,
						(n) -> this.api.get("/api/v1/sessions?offset=" + n, token), (n) -> Map.of("offset", n),
						"list_sessions"),
				new Limit("get_messages limit", 1, 1000, (n) -> this.api.get(base + "/messages?limit=" + n, token),
						(n) -> Map.of("session_id", session, "limit", n), "get_messages"),
				new Limit("search limit", 1, 100, (n) -> this.api.get(base + "/search?q=boundaries&limit=" + n, token),
						(n) -> Map.of("session_id", session, "query", "boundaries", "limit", n), "search_context"),
				new Limit("set_memory expires_in", 1, 31_536_000,
						(n) -> this.api.send("PUT", "/api/v1/memory/boundary", token,
								Map.of("value", 1, "expires_in", n), Map.of()),
						(n) -> Map.of("key", "boundary", "value", 1, "expires_in", n), "set_memory"),
				new Limit("search query length", 1, 1000,
						(n) -> this.api.get(base + "/search?limit=1&q=" + text(n), token),
						(n) -> Map.of("session_id", session, "query", text(n), "limit", 1), "search_context"),
				new Limit("fuzzy_threshold", 0, 100,
						(n) -> this.api.get(base + "/search?q=boundaries&fuzzy_threshold=" + n, token),
						(n) -> Map.of("session_id", session, "query", "boundaries", "fuzzy_threshold", n),
						"search_context"),
				new Limit("by-sender limit", 1, 100,
						(n) -> this.api.get(base + "/messages/by-sender/boundary?limit=" + n, token),
						(n) -> Map.of("session_id", session, "sender", "boundary", "limit", n), "search_by_sender"),
				new Limit("by-time limit", 1, 100,
						(n) -> this.api.get(base + "/messages/by-time?start_time=2000-01-01T00:00:00Z"
								+ "&end_time=2999-01-01T00:00:00Z&limit=" + n, token),
						(n) -> Map.of("session_id", session, "start_time", "2000-01-01T00:00:00Z", "end_time",
								"2999-01-01T00:00:00Z", "limit", n),
						"search_by_timerange"),
				new Limit("memory expires_in", 1, 31_536_000,
						(n) -> this.api.send("PUT", "/api/v1/memory/boundary", token,
								Map.of("value", 1, "expires_in", n), Map.of()),
						(n) -> Map.of("key", "boundary", "value", 1, "expires_in", n), "set_memory"),
				new Limit("list_memory limit", 1, 1000, (n) -> this.api.get("/api/v1/memory?limit=" + n, token),
						(n) -> Map.of("limit", n), "list_memory"));
		List<String> disagreements = new ArrayList<>();
		int compared = 0;
		try (McpAgent agent = McpAgent.connect("http://127.0.0.1:" + this.port, API_KEY, token)) {
			for (Limit limit : limits) {
				for (long value : new long[] { limit.min() - 1, limit.min(), limit.max(), limit.max() + 1 }) {
					String rest = answer(limit.rest().apply(value));
					String mcp = answer(agent.call(limit.tool(), limit.mcpArguments().apply(value)));
					compared++;
					if (!rest.equals(mcp)) {
						disagreements.add(limit.name() + "=" + value + ": REST " + rest + ", MCP " + mcp);
					}
					boolean inside = value >= limit.min() && value <= limit.max();
					assertThat(rest).as(limit.name() + "=" + value).isEqualTo(inside ? "ok" : rest);
					if (!inside) {
						assertThat(rest).as(limit.name() + "=" + value).isNotEqualTo("ok");
					}
				}
			}
		}
		assertThat(compared).isEqualTo(limits.size() * 4);
		assertThat(disagreements).isEmpty();
	}

	private String sessionOf(String token) {
		try (McpAgent agent = McpAgent.connect("http://127.0.0.1:" + this.port, API_KEY, token)) {
			return (String) agent.ok("create_session", Map.of("purpose", "boundaries")).get("session_id");
		}
	}

	private static String text(long length) {
		return "x".repeat((int) Math.max(0, length));
	}

	private static String answer(Response response) {
		return (response.status() / 100 == 2) ? "ok" : response.status() / 100 + "xx " + response.code();
	}

	@SuppressWarnings("unchecked")
	private static String answer(McpSchema.CallToolResult result) {
		if (!Boolean.TRUE.equals(result.isError())) {
			return "ok";
		}
		Map<String, Object> content = new HashMap<>((Map<String, Object>) result.structuredContent());
		return "4xx " + content.get("code");
	}

}
