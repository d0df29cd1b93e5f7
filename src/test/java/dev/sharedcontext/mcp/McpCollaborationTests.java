package dev.sharedcontext.mcp;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.McpAgent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole collaboration over {@code /mcp} with the official MCP Java SDK client: two
 * agents of one type, one of another type and an admin authenticate, share a session,
 * post in all four tiers, and each sees exactly what SPEC §5 allows in tool results,
 * resource reads and notifications.
 */
class McpCollaborationTests extends IntegrationTest {

	private McpAgent alice;

	private McpAgent alex;

	private McpAgent gemma;

	private McpAgent admin;

	private String sessionId;

	private final Map<String, Long> posted = new java.util.HashMap<>();

	@BeforeEach
	void collaborate() {
		String aliceToken = authenticate("alice", "claude");
		String alexToken = authenticate("alex", "claude");
		String gemmaToken = authenticate("gemma", "gemini");
		String adminToken = token("root", "ops", Permission.READ, Permission.WRITE, Permission.ADMIN);
		this.alice = connect(aliceToken);
		this.alex = connect(alexToken);
		this.gemma = connect(gemmaToken);
		this.admin = connect(adminToken);
		this.sessionId = (String) this.alice.ok("create_session", Map.of("purpose", "review the release plan"))
			.get("session_id");
		for (McpAgent agent : List.of(this.alice, this.alex, this.gemma, this.admin)) {
			agent.client().subscribeResource(new McpSchema.SubscribeRequest("session://" + this.sessionId));
		}
	}

	@AfterEach
	void disconnect() {
		for (McpAgent agent : new McpAgent[] { this.alice, this.alex, this.gemma, this.admin }) {
			if (agent != null) {
				agent.close();
			}
		}
	}

	@Test
	void everyAgentSeesExactlyWhatItsTiersAllowInToolsResourcesAndNotifications() {
		post(this.alice, "public", "plan: ship on friday");
		awaitUpdates(1, 1, 1, 1);
		post(this.alice, "private", "note to self: check the changelog");
		post(this.alice, "agent_only", "claude agents: take the backend");
		post(this.admin, "admin_only", "ops: freeze deploys after thursday");
		post(this.gemma, "public", "gemini here, taking the docs");
		// notifications are sent in commit order, so once everyone has the last public
		// one, the earlier ones are in
		awaitUpdates(4, 3, 2, 3);

		Set<String> aliceSees = Set.of("public", "private", "agent_only", "gemini-public");
		assertVisible(this.alice, aliceSees);
		assertVisible(this.alex, Set.of("public", "agent_only", "gemini-public"));
		assertVisible(this.gemma, Set.of("public", "gemini-public"));
		assertVisible(this.admin, Set.of("public", "admin_only", "gemini-public"));
	}

	/**
	 * The issue-9 client scenario with the Java SDK (2025 era), as the Python and
	 * TypeScript programs run it in {@link ClientSdkScenarioTests}: tools listed per
	 * caller, then one post per tier, the invisible ones first, each notifying exactly
	 * the agents that may see it while the others hear nothing for a bounded window.
	 */
	@Test
	void theClientScenarioNotifiesExactlyWhoMaySeeEachPostStepByStep() {
		try (McpAgent anonymous = McpAgent.connect(baseUrl(), API_KEY, null)) {
			assertThat(toolNames(anonymous)).contains("authenticate_agent");
		}
		assertThat(toolNames(this.alice)).contains("create_session", "add_message", "get_messages");
		assertThat(toolNames(this.admin)).contains("set_message_visibility");
		// the SDK opens its GET stream in the background: one public post that all hear
		post(this.alice, "public", "everyone listening?");
		awaitUpdates(1, 1, 1, 1);
		post(this.alice, "private", "note to self");
		expectUpdates(Map.of(this.alice, 2), Map.of(this.alex, 1, this.gemma, 1, this.admin, 1));
		post(this.alice, "agent_only", "claude agents only");
		expectUpdates(Map.of(this.alice, 3, this.alex, 2), Map.of(this.gemma, 1, this.admin, 1));
		post(this.admin, "admin_only", "admins only");
		expectUpdates(Map.of(this.admin, 2), Map.of(this.alice, 3, this.alex, 2, this.gemma, 1));
		post(this.alice, "public", "all of you");
		expectUpdates(Map.of(this.alice, 4, this.alex, 3, this.gemma, 2, this.admin, 3), Map.of());
		assertThat(count(this.alice)).isEqualTo(4);
		assertThat(count(this.alex)).isEqualTo(3);
		assertThat(count(this.gemma)).isEqualTo(2);
		assertThat(count(this.admin)).isEqualTo(3);
	}

	@Test
	void countsOnlyCountWhatTheCallerMaySee() {
		post(this.alice, "public", "one");
		post(this.alice, "private", "two");
		post(this.alice, "agent_only", "three");
		post(this.admin, "admin_only", "four");
		assertThat(count(this.alice)).isEqualTo(3);
		assertThat(count(this.alex)).isEqualTo(2);
		assertThat(count(this.gemma)).isEqualTo(1);
		assertThat(count(this.admin)).isEqualTo(2);
		assertThat(((Number) this.gemma.ok("get_session", Map.of("session_id", this.sessionId)).get("message_count"))
			.longValue()).isEqualTo(1);
	}

	@Test
	void waitForMessagesReturnsTheNextVisibleMessageAndNeverAnInvisibleOne() throws Exception {
		long last = post(this.alice, "public", "start");
		// a thread of its own: blocking the common pool's only worker (on 2 cores)
		// starves the SDK client's callbacks
		ExecutorService thread = Executors.newSingleThreadExecutor();
		CompletableFuture<Map<String, Object>> waiting = CompletableFuture.supplyAsync(() -> this.gemma
			.ok("wait_for_messages", Map.of("session_id", this.sessionId, "after_id", last, "timeout_seconds", 30)),
				thread);
		thread.shutdown();
		post(this.alice, "private", "gemma must not see this");
		post(this.alice, "agent_only", "nor this");
		long visible = post(this.alex, "public", "gemma may see this");
		Map<String, Object> result = waiting.get(30, TimeUnit.SECONDS);
		List<Map<String, Object>> messages = messages(result);
		assertThat(messages).extracting((m) -> ((Number) m.get("id")).longValue()).containsExactly(visible);
		assertThat(result.get("timed_out")).isEqualTo(false);
	}

	@Test
	void waitForMessagesTimesOutEmptyWhenNothingVisibleArrives() {
		long last = post(this.alice, "agent_only", "claude only");
		Map<String, Object> result = this.gemma.ok("wait_for_messages",
				Map.of("session_id", this.sessionId, "after_id", last - 1, "timeout_seconds", 1));
		assertThat(messages(result)).isEmpty();
		assertThat(result.get("timed_out")).isEqualTo(true);
	}

	@Test
	void anAgentWithoutAdminCannotPostAdminOnlyOrChangeVisibilityAndNothingChanges() {
		long id = post(this.alice, "public", "hello");
		assertThat(this.alice.error("add_message",
				Map.of("session_id", this.sessionId, "content", "x", "visibility", "admin_only")))
			.isEqualTo("PERMISSION_DENIED");
		assertThat(this.alice.error("set_message_visibility", Map.of("message_id", id, "visibility", "private")))
			.isEqualTo("PERMISSION_DENIED");
		assertThat(count(this.admin)).isEqualTo(1);
		Map<String, Object> changed = this.admin.ok("set_message_visibility",
				Map.of("message_id", id, "visibility", "admin_only"));
		assertThat(changed.get("success")).isEqualTo(true);
		assertThat(count(this.gemma)).isZero();
	}

	@Test
	void resourceTemplatesAndPromptsAreListed() {
		assertThat(this.alice.client().listResourceTemplates().resourceTemplates())
			.extracting(McpSchema.ResourceTemplate::uriTemplate)
			.contains("session://{session_id}");
		assertThat(this.alice.client().listResources().resources()).extracting(McpSchema.Resource::uri)
			.contains("session://" + this.sessionId);
		assertThat(this.alice.client().listPrompts().prompts()).extracting(McpSchema.Prompt::name)
			.contains("setup-collaboration", "debug-session");
		McpSchema.GetPromptResult prompt = this.alice.client()
			.getPrompt(new McpSchema.GetPromptRequest("debug-session", Map.of("session_id", this.sessionId)));
		assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text()).contains(this.sessionId);
		McpSchema.CompleteResult completion = this.alice.client()
			.completeCompletion(new McpSchema.CompleteRequest(new McpSchema.ResourceReference("session://{session_id}"),
					new McpSchema.CompleteRequest.CompleteArgument("session_id", "session_")));
		assertThat(completion.completion().values()).contains(this.sessionId);
	}

	@Test
	void memoryIsPrivateToEachAgentInToolsAndResources() {
		this.alice.ok("set_memory", Map.of("key", "plan", "value", Map.of("step", 1)));
		this.alex.ok("set_memory", Map.of("key", "plan", "value", "alex's plan", "session_id", this.sessionId));
		this.alex.ok("set_memory", Map.of("key", "plan", "value", "alex's global plan"));
		assertThat(this.alice.ok("get_memory", Map.of("key", "plan")).get("value")).isEqualTo(Map.of("step", 1));
		assertThat(this.alex.ok("get_memory", Map.of("key", "plan")).get("value")).isEqualTo("alex's global plan");
		assertThat(this.gemma.error("get_memory", Map.of("key", "plan"))).isEqualTo("MEMORY_NOT_FOUND");
		assertThat(this.admin.error("get_memory", Map.of("key", "plan"))).isEqualTo("MEMORY_NOT_FOUND");
		assertThat(this.alice.error("set_memory", Map.of("key", "plan", "value", 2, "overwrite", false)))
			.isEqualTo("MEMORY_KEY_EXISTS");
		assertThat((List<?>) this.gemma.ok("list_memory", Map.of()).get("entries")).isEmpty();

		McpSchema.ReadResourceResult own = this.alice.client()
			.readResource(new McpSchema.ReadResourceRequest("agent://alice/memory"));
		assertThat(((McpSchema.TextResourceContents) own.contents().get(0)).text()).contains("\"step\":1");
		org.assertj.core.api.Assertions
			.assertThatThrownBy(
					() -> this.admin.client().readResource(new McpSchema.ReadResourceRequest("agent://alice/memory")))
			.hasMessageContaining("not found");

		this.alice.ok("delete_memory", Map.of("key", "plan"));
		assertThat(this.alice.error("get_memory", Map.of("key", "plan"))).isEqualTo("MEMORY_NOT_FOUND");
		assertThat(this.alex.ok("get_memory", Map.of("key", "plan")).get("value")).isEqualTo("alex's global plan");
	}

	@SuppressWarnings("unchecked")
	@Test
	void searchFindsOnlyWhatEachAgentMaySee() {
		post(this.alice, "public", "deployment checklist for friday");
		post(this.alice, "private", "private deployment worries");
		post(this.alice, "agent_only", "claude deployment duties");
		post(this.admin, "admin_only", "admin deployment freeze");
		Map<String, Set<String>> expected = Map.of("alice", Set.of("public", "private", "agent_only"), "alex",
				Set.of("public", "agent_only"), "gemma", Set.of("public"), "admin", Set.of("public", "admin_only"));
		Map<String, McpAgent> agents = Map.of("alice", this.alice, "alex", this.alex, "gemma", this.gemma, "admin",
				this.admin);
		agents.forEach((name, agent) -> {
			for (Map<String, Object> arguments : List.<Map<String, Object>>of(
					Map.of("session_id", this.sessionId, "query", "deployment"), Map.of("query", "deploymnet"))) {
				List<Map<String, Object>> results = (List<Map<String, Object>>) agent.ok("search_context", arguments)
					.get("results");
				Set<Long> ids = results.stream()
					.map((r) -> ((Number) ((Map<String, Object>) r.get("message")).get("id")).longValue())
					.collect(Collectors.toSet());
				assertThat(ids).as(name + " " + arguments)
					.isEqualTo(expected.get(name).stream().map(this.posted::get).collect(Collectors.toSet()));
			}
		});
		List<?> bySender = (List<?>) this.gemma
			.ok("search_by_sender", Map.of("session_id", this.sessionId, "sender", "alice"))
			.get("messages");
		assertThat(bySender).hasSize(1);
	}

	@Test
	void onlyAdminsReadTheAuditLog() {
		assertThat(this.alice.error("get_audit_log", Map.of())).isEqualTo("PERMISSION_DENIED");
		Map<String, Object> page = this.admin.ok("get_audit_log", Map.of("event_type", "permission_denied"));
		assertThat((List<?>) page.get("events")).isNotEmpty();
		Map<String, Object> issued = this.admin.ok("get_audit_log", Map.of("event_type", "auth_success", "limit", 10));
		assertThat(issued.toString()).contains("alice").doesNotContain("sct_");
	}

	private String authenticate(String agentId, String agentType) {
		try (McpAgent anonymous = McpAgent.connect(baseUrl(), API_KEY, null)) {
			Map<String, Object> result = anonymous.ok("authenticate_agent",
					Map.of("agent_id", agentId, "agent_type", agentType));
			assertThat(result.get("permissions")).isEqualTo(List.of("read", "write"));
			return (String) result.get("token");
		}
	}

	private McpAgent connect(String token) {
		return McpAgent.connect(baseUrl(), API_KEY, token);
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	private long post(McpAgent agent, String visibility, String content) {
		Map<String, Object> result = agent.ok("add_message",
				Map.of("session_id", this.sessionId, "content", content, "visibility", visibility));
		long id = ((Number) result.get("message_id")).longValue();
		this.posted.put(agent == this.gemma ? "gemini-" + visibility : visibility, id);
		return id;
	}

	private long count(McpAgent agent) {
		return ((Number) agent.ok("get_messages", Map.of("session_id", this.sessionId)).get("total_count")).longValue();
	}

	private void awaitUpdates(int alice, int alex, int gemma, int admin) {
		await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
			assertThat(this.alice.updatedResources()).hasSize(alice);
			assertThat(this.alex.updatedResources()).hasSize(alex);
			assertThat(this.gemma.updatedResources()).hasSize(gemma);
			assertThat(this.admin.updatedResources()).hasSize(admin);
		});
	}

	/**
	 * The notified agents reach their counts; then, for a bounded window, nobody's count
	 * moves (the uninvolved keep theirs: a notification for an invisible post would have
	 * been sent together with the visible ones).
	 */
	private void expectUpdates(Map<McpAgent, Integer> notified, Map<McpAgent, Integer> unchanged) {
		await().atMost(10, TimeUnit.SECONDS)
			.untilAsserted(() -> notified.forEach((agent, n) -> assertThat(agent.updatedResources()).hasSize(n)));
		Map<McpAgent, Integer> all = new java.util.HashMap<>(notified);
		all.putAll(unchanged);
		await().during(1500, TimeUnit.MILLISECONDS)
			.atMost(5, TimeUnit.SECONDS)
			.until(() -> all.entrySet().stream().allMatch((e) -> e.getKey().updatedResources().size() == e.getValue()));
	}

	private static List<String> toolNames(McpAgent agent) {
		return agent.client().listTools().tools().stream().map(McpSchema.Tool::name).toList();
	}

	private void assertVisible(McpAgent agent, Set<String> labels) {
		Set<Long> expected = labels.stream().map(this.posted::get).collect(Collectors.toSet());
		Map<String, Object> result = agent.ok("get_messages", Map.of("session_id", this.sessionId));
		assertThat(messages(result)).extracting((m) -> ((Number) m.get("id")).longValue())
			.containsExactlyInAnyOrderElementsOf(expected);
		assertThat(((Number) result.get("total_count")).longValue()).isEqualTo(expected.size());
		McpSchema.ReadResourceResult resource = agent.client()
			.readResource(new McpSchema.ReadResourceRequest("session://" + this.sessionId));
		JsonNode body = Api.JSON.readTree(((McpSchema.TextResourceContents) resource.contents().get(0)).text());
		Set<Long> inResource = new java.util.HashSet<>();
		body.get("messages").forEach((m) -> inResource.add(m.get("id").asLong()));
		assertThat(inResource).isEqualTo(expected);
		assertThat(body.get("statistics").get("message_count").asLong()).isEqualTo(expected.size());
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> messages(Map<String, Object> result) {
		return (List<Map<String, Object>>) result.get("messages");
	}

}
