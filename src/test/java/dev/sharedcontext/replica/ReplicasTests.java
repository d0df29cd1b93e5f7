package dev.sharedcontext.replica;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.Mcp2026;
import dev.sharedcontext.support.McpAgent;
import dev.sharedcontext.support.Postgres;
import dev.sharedcontext.support.ServerProcess;
import dev.sharedcontext.support.SseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas, each a server process of its own (the application's classpath), on one
 * PostgreSQL database: what agents see across them, live updates and revocation crossing
 * from A to B within the issue's one second, one message budget over both, and no
 * acknowledged message lost when A is killed with SIGKILL in the middle of a write load
 * (last, since it ends A). One pair of servers serves every case.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasTests {

	/**
	 * The issue's promise for a live update or a revocation to reach the other replica
	 * (the signal itself takes milliseconds; the one-second probe and token cache are the
	 * fallback).
	 */
	private static final Duration WITHIN = Duration.ofSeconds(1);

	/** A deadline for things that are not about speed. */
	private static final Duration DEADLINE = Duration.ofSeconds(30);

	/** Posts per agent and minute on both replicas. */
	private static final int MESSAGES_PER_MINUTE = 30;

	@TempDir
	static Path dir;

	private static Process a;

	private static Process b;

	private static Api apiA;

	private static Api apiB;

	private static String baseB;

	private static String root;

	@BeforeAll
	static void startTwoReplicas() throws IOException {
		String database = Postgres.newDatabase();
		Path policy = dir.resolve("agent-permissions.yml");
		Files.writeString(policy, "default: [read, write]\nagents:\n  root: [read, write, admin]\n");
		Map<String, String> environment = Map.of("AGENT_PERMISSIONS_FILE", policy.toString(),
				"RATE_LIMIT_MESSAGES_PER_MINUTE", Integer.toString(MESSAGES_PER_MINUTE), "LIVE_HEARTBEAT", "600");
		int portA = ServerProcess.freePort();
		int portB = ServerProcess.freePort();
		CompletableFuture<Process> startingB = CompletableFuture
			.supplyAsync(() -> ServerProcess.start(dir, portB, database, environment, List.of("-Xmx384m")));
		try {
			a = ServerProcess.start(dir, portA, database, environment, List.of("-Xmx384m"));
		}
		finally {
			b = startingB.join();
		}
		apiA = new Api("http://127.0.0.1:" + portA);
		baseB = "http://127.0.0.1:" + portB;
		apiB = new Api(baseB);
		root = mint(apiB, "root", "ops", List.of("read", "write", "admin")).token();
	}

	@AfterAll
	static void stopReplicas() {
		for (Process process : new Process[] { a, b }) {
			if (process != null) {
				ServerProcess.kill(process);
			}
		}
	}

	@Test
	@Order(1)
	void agentsOnEitherReplicaSeeEachOthersVisiblePostsAndNeverTheInvisibleOnes() {
		Agent alice = agent(apiA, "alice", "claude");
		Agent bob = agent(apiB, "bob", "claude");
		Agent carol = agent(apiB, "carol", "gemini");
		Agent dave = agent(apiA, "dave", "gemini");
		Agent admin = new Agent("root", "ops", true, root);
		String session = createSession(apiA, alice.token, "tiers across replicas");
		List<Posted> posted = new ArrayList<>();
		for (String tier : List.of("public", "private", "agent_only")) {
			posted.add(post(apiA, alice, session, tier));
			posted.add(post(apiB, bob, session, tier));
		}
		posted.add(post(apiB, carol, session, "private"));
		posted.add(post(apiA, admin, session, "admin_only"));
		posted.add(post(apiB, admin, session, "admin_only"));

		for (Agent reader : List.of(alice, bob, carol, dave, admin)) {
			Set<String> expected = new HashSet<>();
			for (Posted message : posted) {
				if (message.visibleTo(reader)) {
					expected.add(message.content);
				}
			}
			for (Api replica : List.of(apiA, apiB)) {
				assertThat(contents(replica, reader.token, session)).as("%s through %s", reader.id, replica)
					.containsExactlyInAnyOrderElementsOf(expected);
			}
		}
	}

	@Test
	@Order(2)
	void aPostOnAReachesEveryKindOfWaiterOnBWithinASecondAndOnlyWhereVisible() throws Exception {
		Agent alice = agent(apiA, "alice2", "claude");
		Agent bob = agent(apiB, "bob2", "claude");
		String shared = createSession(apiB, alice.token, "live across replicas");
		String hidden = createSession(apiB, alice.token, "alice's notes");
		long before = post(apiB, bob, shared, "public").id;

		try (McpAgent subscriber = McpAgent.connect(baseB, IntegrationTest.API_KEY, bob.token);
				SseClient dashboard = SseClient.open(baseB, "/api/v1/sessions/" + shared + "/events?after_id=" + before,
						bob.token, Map.of());
				SseClient listen = SseClient.post(baseB, "/mcp", bob.token,
						Mcp2026.headers("subscriptions/listen", null),
						Mcp2026.body("\"listen-b\"", "subscriptions/listen", """
								"notifications":{"resourceSubscriptions":["session://%s","session://%s"]},"""
							.formatted(hidden, shared)))) {
			assertThat(dashboard.status()).isEqualTo(200);
			assertThat(listen.status()).isEqualTo(200);
			assertThat(listen.next(DEADLINE).json().get("method").asString())
				.isEqualTo("notifications/subscriptions/acknowledged");
			for (String session : List.of(shared, hidden)) {
				subscriber.client().subscribeResource(new McpSchema.SubscribeRequest("session://" + session));
			}
			// the 2025 GET stream is open on B once a post made on B notifies it
			post(apiB, bob, shared, "public");
			await().atMost(DEADLINE).until(() -> subscriber.updatedResources().contains("session://" + shared));
			assertThat(listen.next(DEADLINE)).isNotNull();
			long seen = dashboard.next(DEADLINE).messageId();
			subscriber.updatedResources().clear();

			Map<String, Long> arrivals = new ConcurrentHashMap<>();
			CompletableFuture<JsonNode> wait = CompletableFuture
				.supplyAsync(() -> Mcp2026.tool(apiB, bob.token, "wait_for_messages", """
						{"session_id":"%s","after_id":%d,"timeout_seconds":60}""".formatted(shared, seen)))
				.whenComplete((result, ex) -> arrivals.put("wait_for_messages", System.nanoTime()));
			CompletableFuture<SseClient.Event> streamed = CompletableFuture.supplyAsync(() -> dashboard.next(DEADLINE))
				.whenComplete((event, ex) -> arrivals.put("dashboard", System.nanoTime()));
			CompletableFuture<List<String>> listened = CompletableFuture.supplyAsync(() -> {
				List<String> heard = new ArrayList<>();
				while (!heard.contains("session://" + shared)) {
					SseClient.Event event = listen.next(DEADLINE);
					assertThat(event).as("B's listen stream heard only %s", heard).isNotNull();
					heard.add(event.json().at("/params/uri").asString());
				}
				arrivals.put("subscriptions/listen", System.nanoTime());
				return heard;
			});
			await().during(Duration.ofMillis(500)).atMost(DEADLINE).until(() -> !wait.isDone());

			// the invisible posts first: once the visible one (a later id) has arrived,
			// B has read past them
			post(apiA, alice, hidden, "private");
			post(apiA, alice, shared, "private");
			Posted visible = post(apiA, alice, shared, "public");
			long acknowledged = System.nanoTime();
			await().atMost(WITHIN).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
				if (subscriber.updatedResources().contains("session://" + shared)) {
					arrivals.putIfAbsent("resources/subscribe", System.nanoTime());
				}
				assertThat(arrivals).containsKeys("wait_for_messages", "dashboard", "subscriptions/listen",
						"resources/subscribe");
			});
			arrivals.forEach((what, at) -> System.out.printf("A→B %s: %d ms%n", what,
					TimeUnit.NANOSECONDS.toMillis(at - acknowledged)));

			JsonNode released = wait.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).get("structuredContent");
			assertThat(released.get("messages")).hasSize(1);
			assertThat(released.at("/messages/0/id").asLong()).isEqualTo(visible.id);
			assertThat(streamed.get().messageId()).isEqualTo(visible.id);
			assertThat(listened.get()).doesNotContain("session://" + hidden);
			assertThat(subscriber.updatedResources()).containsExactly("session://" + shared);
		}
	}

	@Test
	@Order(3)
	void aTokenRevokedOnAIsRefusedOnBWithinASecond() {
		Issued victim = mint(apiA, "victim", "claude", List.of("read", "write"));
		assertThat(apiB.get("/api/v1/auth/me", victim.token()).status()).isEqualTo(200);
		Response revoked = apiA.delete("/api/v1/admin/tokens/" + victim.tokenId(), root);
		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
		long acknowledged = System.nanoTime();
		await().atMost(WITHIN)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> apiB.get("/api/v1/auth/me", victim.token()).status() == 401);
		System.out.printf("A→B revocation: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acknowledged));
	}

	@Test
	@Order(4)
	void oneAgentsMessageBudgetIsSharedByBothReplicas() {
		Agent spender = agent(apiA, "spender", "claude");
		String session = createSession(apiA, spender.token, "one budget");
		int tries = MESSAGES_PER_MINUTE * 3 / 2;
		int refused = 0;
		for (int i = 0; i < tries; i++) {
			Api replica = (i % 2 == 0) ? apiA : apiB;
			Response response = replica.post("/api/v1/sessions/" + session + "/messages", spender.token,
					Map.of("content", "spend " + i));
			assertThat(response.status()).as(response.toString()).isIn(201, 429);
			if (response.status() == 429) {
				refused++;
			}
		}
		// per-replica budgets would allow every post (each replica sees only half);
		// one shared budget refuses about a third, less what refills meanwhile
		assertThat(refused).isBetween(tries - MESSAGES_PER_MINUTE - 5, tries - MESSAGES_PER_MINUTE);
	}

	@Test
	@Order(5)
	void killingAMidLoadLosesNoMessageItAcknowledged() throws Exception {
		String session = createSession(apiB, root, "write load");
		List<Agent> writers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			writers.add(agent(apiA, "writer" + i, "claude"));
		}
		Map<Long, String> acknowledged = new ConcurrentHashMap<>();
		AtomicBoolean killed = new AtomicBoolean();
		AtomicLong failures = new AtomicLong();
		List<CompletableFuture<Void>> load = new CopyOnWriteArrayList<>();
		for (Agent writer : writers) {
			load.add(CompletableFuture.runAsync(() -> {
				for (int n = 0; n < MESSAGES_PER_MINUTE - 1 && !killed.get(); n++) {
					String content = writer.id + " #" + n;
					try {
						Response response = apiA.post("/api/v1/sessions/" + session + "/messages", writer.token,
								Map.of("content", content));
						if (response.status() == 201) {
							acknowledged.put(response.json().get("id").asLong(), content);
						}
						else {
							failures.incrementAndGet();
						}
					}
					catch (RuntimeException ex) {
						failures.incrementAndGet();
						return;
					}
				}
			}));
		}
		await().atMost(DEADLINE).until(() -> acknowledged.size() >= 40);
		ServerProcess.kill(a);
		killed.set(true);
		CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		System.out.printf("write load: %d acknowledged before the kill, %d failed%n", acknowledged.size(),
				failures.get());

		Map<Long, String> stored = new HashMap<>();
		JsonNode messages = apiB.get("/api/v1/sessions/" + session + "/messages?limit=1000", root)
			.json()
			.get("messages");
		messages.forEach((m) -> stored.put(m.get("id").asLong(), m.get("content").asString()));
		assertThat(stored).containsAllEntriesOf(acknowledged);
	}

	private record Issued(String token, String tokenId) {
	}

	private static Issued mint(Api api, String agentId, String agentType, List<String> permissions) {
		Response response = api.send("POST", "/api/v1/auth/token", null,
				Map.of("agent_id", agentId, "agent_type", agentType, "requested_permissions", permissions),
				Map.of("X-API-Key", IntegrationTest.API_KEY));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return new Issued(response.json().get("token").asString(), response.json().get("token_id").asString());
	}

	private static Agent agent(Api api, String id, String type) {
		return new Agent(id, type, false, mint(api, id, type, List.of("read", "write")).token());
	}

	private static String createSession(Api api, String token, String purpose) {
		Response session = api.post("/api/v1/sessions", token, Map.of("purpose", purpose));
		assertThat(session.status()).as(session.toString()).isEqualTo(201);
		return session.json().get("id").asString();
	}

	private static Posted post(Api api, Agent sender, String session, String visibility) {
		String content = sender.id + " " + visibility + " " + System.nanoTime();
		Response response = api.post("/api/v1/sessions/" + session + "/messages", sender.token,
				Map.of("content", content, "visibility", visibility));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return new Posted(response.json().get("id").asLong(), content, visibility, sender);
	}

	private static Set<String> contents(Api api, String token, String session) {
		Response response = api.get("/api/v1/sessions/" + session + "/messages?limit=1000", token);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Set<String> contents = new HashSet<>();
		response.json().get("messages").forEach((m) -> contents.add(m.get("content").asString()));
		return contents;
	}

	private record Agent(String id, String type, boolean admin, String token) {
	}

	/** A post and the rule of who may read it (SPEC §5's table, written out again). */
	private record Posted(long id, String content, String visibility, Agent sender) {

		boolean visibleTo(Agent reader) {
			return switch (this.visibility) {
				case "public" -> true;
				case "private" -> reader.id.equals(this.sender.id);
				case "agent_only" -> reader.type.equals(this.sender.type);
				case "admin_only" -> reader.admin;
				default -> throw new IllegalArgumentException(this.visibility);
			};
		}

	}

}
