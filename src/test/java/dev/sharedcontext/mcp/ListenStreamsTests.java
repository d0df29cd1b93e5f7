package dev.sharedcontext.mcp;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.auth.token.IssuedToken;
import dev.sharedcontext.auth.token.TokenFormat;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.SseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MCP 2026-07-28 {@code subscriptions/listen} over raw HTTP, as a 2026 client sends it:
 * the acknowledgement first with the request id verbatim, one
 * {@code notifications/resources/updated} per visible post and none for an invisible one,
 * keep-alives, the revocation cut-off, the stream cap, and bad params refused with the
 * request id. Keep-alives every second, so a stream a test closes is noticed and its
 * lease released quickly; four streams per agent, so the cap is reachable.
 */
@TestPropertySource(
		properties = { "shared-context.mcp.stream-keep-alive=1", "shared-context.limits.streams-per-agent=4" })
class ListenStreamsTests extends IntegrationTest {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	@Test
	void acknowledgementComesFirstAndEchoesAStringIdVerbatim() {
		String alice = token("ack-alice", "claude", Permission.READ, Permission.WRITE);
		String session = session(alice);
		try (SseClient stream = listen(alice, "\"listen-1\"",
				"{\"toolsListChanged\":true,\"resourceSubscriptions\":[\"" + uri(session) + "\"]}")) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
			assertThat(stream.header("Cache-Control")).isEqualTo("no-store");
			assertThat(stream.header("X-Accel-Buffering")).isEqualTo("no");
			assertThat(stream.header("Mcp-Session-Id")).isNull();
			SseClient.Event ack = stream.next(DEADLINE);
			assertThat(ack).isNotNull();
			assertThat(ack.id()).as("no resumability in 2026: no event ids").isNull();
			JsonNode message = ack.json();
			assertThat(message.get("method").asString()).isEqualTo("notifications/subscriptions/acknowledged");
			JsonNode subscriptionId = message.at("/params/_meta/io.modelcontextprotocol~1subscriptionId");
			assertThat(subscriptionId.isString()).isTrue();
			assertThat(subscriptionId.asString()).isEqualTo("listen-1");
			JsonNode honoured = message.at("/params/notifications");
			assertThat(honoured.has("toolsListChanged")).as("we send no list-changed notifications").isFalse();
			assertThat(honoured.get("resourceSubscriptions").toString()).isEqualTo("[\"" + uri(session) + "\"]");
			assertThat(stream.comments()).doesNotContain("stream open");
		}
	}

	@Test
	void numericIdIsEchoedAsANumberOnEveryMessageAndKeepAlivesFlow() {
		String alice = token("num-alice", "claude", Permission.READ, Permission.WRITE);
		String session = session(alice);
		try (SseClient stream = listen(alice, "7", "{\"resourceSubscriptions\":[\"" + uri(session) + "\"]}")) {
			JsonNode ack = stream.next(DEADLINE).json();
			JsonNode ackId = ack.at("/params/_meta/io.modelcontextprotocol~1subscriptionId");
			assertThat(ackId.isIntegralNumber()).isTrue();
			assertThat(ackId.asLong()).isEqualTo(7);
			post(alice, session, "hello", "public");
			SseClient.Event updated = stream.next(DEADLINE);
			assertThat(updated).isNotNull();
			assertThat(updated.id()).isNull();
			JsonNode message = updated.json();
			assertThat(message.get("method").asString()).isEqualTo("notifications/resources/updated");
			assertThat(message.at("/params/uri").asString()).isEqualTo(uri(session));
			assertThat(message.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asLong()).isEqualTo(7);
			org.awaitility.Awaitility.await().atMost(DEADLINE).until(() -> stream.comments().contains("keep-alive"));
		}
	}

	@Test
	void eachTierReachesExactlyTheListenersTheVisibilityTableAllows() {
		String alice = token("tier-alice", "claude", Permission.READ, Permission.WRITE);
		String bob = token("tier-bob", "claude", Permission.READ, Permission.WRITE);
		String carol = token("tier-carol", "gemini", Permission.READ, Permission.WRITE);
		String root = token("tier-root", "ops", Permission.READ, Permission.WRITE, Permission.ADMIN);
		Map<String, String> sessions = new HashMap<>();
		for (String tier : List.of("public", "agent_only_same_type", "agent_only_other_type", "private_other",
				"private_own", "admin_only")) {
			sessions.put(tier, session(alice));
		}
		try (SseClient bobs = listen(bob, "\"bob\"", subscriptions(sessions.values()));
				SseClient roots = listen(root, "\"root\"", subscriptions(List.of(sessions.get("admin_only"))))) {
			assertThat(bobs.next(DEADLINE).json().get("method").asString()).endsWith("acknowledged");
			assertThat(roots.next(DEADLINE).json().get("method").asString()).endsWith("acknowledged");
			// the invisible ones first: the notifier handles posts in order, so once the
			// visible ones have arrived the invisible ones have been decided
			post(carol, sessions.get("agent_only_other_type"), "gemini only", "agent_only");
			post(alice, sessions.get("private_other"), "alice only", "private");
			post(root, sessions.get("admin_only"), "admins only", "admin_only");
			post(alice, sessions.get("public"), "everyone", "public");
			post(alice, sessions.get("agent_only_same_type"), "claude only", "agent_only");
			post(bob, sessions.get("private_own"), "bob only", "private");

			Set<String> visible = Set.of(uri(sessions.get("public")), uri(sessions.get("agent_only_same_type")),
					uri(sessions.get("private_own")));
			Set<String> heard = new HashSet<>();
			while (!heard.containsAll(visible)) {
				SseClient.Event event = bobs.next(DEADLINE);
				assertThat(event).as("bob heard only %s", heard).isNotNull();
				heard.add(event.json().at("/params/uri").asString());
			}
			assertThat(heard).containsExactlyInAnyOrderElementsOf(visible);
			JsonNode rootHeard = roots.next(DEADLINE).json();
			assertThat(rootHeard.at("/params/uri").asString()).isEqualTo(uri(sessions.get("admin_only")));
		}
	}

	@Test
	void aLocalPostIsAnnouncedOnceNotAgainByTheProbeForOtherProcesses() {
		String alice = token("once-alice", "claude", Permission.READ, Permission.WRITE);
		String session = session(alice);
		try (SseClient stream = listen(alice, "1", subscriptions(List.of(session)))) {
			stream.next(DEADLINE);
			post(alice, session, "once", "public");
			assertThat(stream.next(DEADLINE)).isNotNull();
			// the probe runs every second: three seconds give it two chances to repeat it
			assertThat(stream.next(Duration.ofSeconds(3))).isNull();
		}
	}

	@Test
	void revokingTheTokenClosesTheStreamWithinTheCutOff() {
		String alice = token("revoke-alice", "claude", Permission.READ, Permission.WRITE);
		String admin = token("revoke-admin", "ops", Permission.READ, Permission.ADMIN);
		IssuedToken bob = this.tokenService.issueFromHost("revoke-bob", "claude", List.of(Permission.READ), null,
				TokenFormat.SCT, new AuditDetails());
		String session = session(alice);
		try (SseClient stream = listen(bob.token(), "\"r\"", subscriptions(List.of(session)))) {
			assertThat(stream.next(DEADLINE)).isNotNull();
			assertThat(this.api.delete("/api/v1/admin/tokens/" + bob.tokenId(), admin).status()).isEqualTo(204);
			assertThat(stream.ended(DEADLINE)).isTrue();
		}
	}

	@Test
	void badParamsAreRefusedWithTheRequestId() {
		String alice = token("bad-alice", "claude", Permission.READ, Permission.WRITE);
		String session = session(alice);
		for (String notifications : List.of("\"all\"", "{\"toolsListChanged\":\"yes\"}",
				"{\"resourceSubscriptions\":\"" + uri(session) + "\"}", "{\"resourceSubscriptions\":[1]}")) {
			Response response = listenOnce(alice, "\"bad-1\"", notifications);
			assertThat(response.status()).as(notifications).isEqualTo(400);
			assertThat(response.json().at("/error/code").asInt()).as(notifications).isEqualTo(-32602);
			assertThat(response.json().get("id").asString()).isEqualTo("bad-1");
		}
	}

	@Test
	void aResourceTheCallerMayNotReadRefusesTheWholeListen() {
		String alice = token("nf-alice", "claude", Permission.READ, Permission.WRITE);
		String writeOnly = token("nf-writer", "claude", Permission.WRITE);
		String session = session(alice);
		String unknown = "session://session_0123456789abcdef";
		for (String[] attempt : new String[][] { { alice, unknown }, { alice, "file:///etc/passwd" },
				{ writeOnly, uri(session) }, { null, uri(session) } }) {
			Response response = listenOnce(attempt[0], "42",
					"{\"resourceSubscriptions\":[\"" + uri(session) + "\",\"" + attempt[1] + "\"]}");
			String what = attempt[1] + ((attempt[0] == null) ? " without a token" : "");
			assertThat(response.status()).as(what).isEqualTo(400);
			assertThat(response.json().at("/error/code").asInt()).as(what).isEqualTo(-32602);
			assertThat(response.json().at("/error/data/uri").asString()).as(what)
				.isEqualTo((attempt[0] == alice) ? attempt[1] : uri(session));
			assertThat(response.json().get("id").asInt()).isEqualTo(42);
		}
	}

	@Test
	void streamsPastTheCapAreRefusedWithTooManyRequests() {
		String dave = token("cap-dave", "claude", Permission.READ, Permission.WRITE);
		List<SseClient> open = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				SseClient stream = listen(dave, Integer.toString(i), "{}");
				open.add(stream);
				assertThat(stream.status()).isEqualTo(200);
				assertThat(stream.next(DEADLINE).json().at("/params/notifications").isEmpty()).isTrue();
			}
			Response refused = listenOnce(dave, "\"fifth\"", "{}");
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.headers()).containsKey("retry-after");
			assertThat(refused.json().get("id").asString()).isEqualTo("fifth");
		}
		finally {
			open.forEach(SseClient::close);
		}
	}

	private SseClient listen(String token, String id, String notifications) {
		return SseClient.post(base(), "/mcp", token, headers(), body(id, notifications));
	}

	private Response listenOnce(String token, String id, String notifications) {
		return this.api.send("POST", "/mcp", token, body(id, notifications), headers());
	}

	private static String body(String id, String notifications) {
		return """
				{"jsonrpc":"2.0","id":%s,"method":"subscriptions/listen","params":{"_meta":{
				 "io.modelcontextprotocol/protocolVersion":"2026-07-28",
				 "io.modelcontextprotocol/clientCapabilities":{},
				 "io.modelcontextprotocol/clientInfo":{"name":"listen-test","version":"1"}},
				 "notifications":%s}}""".formatted(id, notifications);
	}

	private static Map<String, String> headers() {
		return Map.of("X-API-Key", API_KEY, "Accept", "application/json, text/event-stream", "MCP-Protocol-Version",
				"2026-07-28", "Mcp-Method", "subscriptions/listen");
	}

	private static String subscriptions(java.util.Collection<String> sessions) {
		return "{\"resourceSubscriptions\":["
				+ String.join(",", sessions.stream().map((id) -> "\"" + uri(id) + "\"").toList()) + "]}";
	}

	private String session(String token) {
		return this.api.post("/api/v1/sessions", token, Map.of("purpose", "listen tests")).json().get("id").asString();
	}

	private void post(String token, String session, String content, String visibility) {
		Response posted = this.api.post("/api/v1/sessions/" + session + "/messages", token,
				Map.of("content", content, "visibility", visibility));
		assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
	}

	private static String uri(String session) {
		return "session://" + session;
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
