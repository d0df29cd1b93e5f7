package dev.sharedcontext.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.McpAgent;
import dev.sharedcontext.support.MutableClock;
import dev.sharedcontext.support.MutableClockConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's activity ({@code updated_at}, the order of {@code list_sessions}) moves
 * only with what the caller may see: a message someone may not read does not tell them,
 * through the session, that it was posted. Time is a {@link MutableClock}, so every step
 * has its own instant.
 */
@Import(MutableClockConfiguration.class)
class SessionActivityTests extends IntegrationTest {

	@Autowired
	private MutableClock clock;

	private String alice;

	private String bob;

	private String carol;

	private String first;

	private String second;

	private Instant secondCreated;

	private Instant firstPublicMessage;

	@BeforeEach
	void twoSessionsTheFirstWithAPublicMessage() {
		this.alice = token("alice", "claude", Permission.READ, Permission.WRITE);
		this.bob = token("bob", "claude", Permission.READ, Permission.WRITE);
		this.carol = token("carol", "gemini", Permission.READ, Permission.WRITE);
		this.first = create(this.alice, "first");
		tick();
		this.secondCreated = this.clock.instant();
		this.second = create(this.alice, "second");
		tick();
		this.firstPublicMessage = this.clock.instant();
		post(this.alice, this.first, "public", "public");
		tick();
	}

	@Test
	void aPrivateMessageMovesTheSessionOnlyForItsSender() {
		Instant privateMessage = this.clock.instant();
		post(this.alice, this.second, "alice's note to self", "private");

		assertThat(updatedAt(this.bob, this.second)).isEqualTo(this.secondCreated);
		assertThat(order(this.bob)).containsExactly(this.first, this.second);
		assertThat(session(this.bob, this.second).get("message_count").asLong()).isZero();

		assertThat(updatedAt(this.alice, this.second)).isEqualTo(privateMessage);
		assertThat(order(this.alice)).containsExactly(this.second, this.first);
	}

	@Test
	void anAgentOnlyMessageMovesTheSessionOnlyForAgentsOfTheSendersType() {
		Instant agentOnly = this.clock.instant();
		post(this.carol, this.second, "for gemini agents", "agent_only");

		assertThat(updatedAt(this.bob, this.second)).isEqualTo(this.secondCreated);
		assertThat(order(this.bob)).containsExactly(this.first, this.second);
		assertThat(updatedAt(this.carol, this.second)).isEqualTo(agentOnly);
		assertThat(order(this.carol)).containsExactly(this.second, this.first);
	}

	@Test
	void aVisibleMessageMovesTheSessionForEveryone() {
		assertThat(updatedAt(this.bob, this.first)).isEqualTo(this.firstPublicMessage);
		Instant reply = this.clock.instant();
		post(this.carol, this.second, "everyone sees this", "public");

		for (String reader : List.of(this.alice, this.bob, this.carol)) {
			assertThat(updatedAt(reader, this.second)).isEqualTo(reply);
			assertThat(order(reader)).containsExactly(this.second, this.first);
		}
	}

	@Test
	void overMcpGetSessionAndListSessionsHideAnotherAgentsPrivateActivity() {
		post(this.alice, this.second, "alice's note to self", "private");
		try (McpAgent agent = McpAgent.connect("http://127.0.0.1:" + this.port, API_KEY, this.bob)) {
			@SuppressWarnings("unchecked")
			Map<String, Object> session = (Map<String, Object>) agent
				.ok("get_session", Map.of("session_id", this.second))
				.get("session");
			assertThat(Instant.parse((String) session.get("updated_at"))).isEqualTo(this.secondCreated);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> listed = (List<Map<String, Object>>) agent
				.ok("list_sessions", Map.of("limit", 1000))
				.get("sessions");
			assertThat(
					listed.stream().map((s) -> (String) s.get("id")).filter(List.of(this.first, this.second)::contains))
				.containsExactly(this.first, this.second);
		}
	}

	private void tick() {
		this.clock.advance(Duration.ofSeconds(1));
	}

	private String create(String token, String purpose) {
		Response created = this.api.post("/api/v1/sessions", token, Map.of("purpose", purpose));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private void post(String token, String sessionId, String content, String visibility) {
		Response posted = this.api.post("/api/v1/sessions/" + sessionId + "/messages", token,
				Map.of("content", content, "visibility", visibility));
		assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
	}

	private JsonNode session(String token, String sessionId) {
		Response response = this.api.get("/api/v1/sessions/" + sessionId, token);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private Instant updatedAt(String token, String sessionId) {
		return Instant.parse(session(token, sessionId).get("updated_at").asString());
	}

	/** This test's two sessions in the order list_sessions gives them to the caller. */
	private List<String> order(String token) {
		Response response = this.api.get("/api/v1/sessions?limit=1000", token);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		for (JsonNode session : response.json().get("sessions")) {
			String id = session.get("id").asString();
			if (id.equals(this.first) || id.equals(this.second)) {
				ids.add(id);
			}
		}
		return ids;
	}

}
