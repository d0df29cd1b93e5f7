package dev.sharedcontext;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTests extends IntegrationTest {

	@Test
	void healthIsPublic() {
		Response health = this.api.get("/actuator/health", null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("status").asString()).isEqualTo("UP");
	}

	@Test
	void livenessAndReadinessProbesArePublicAndSayNoMore() {
		for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
			Response health = this.api.get(probe, null);
			assertThat(health.status()).as(probe).isEqualTo(200);
			assertThat(health.json().get("status").asString()).isEqualTo("UP");
			assertThat(health.json().has("components")).as("no details to anyone").isFalse();
		}
		assertThat(this.api.get("/actuator/health/db", null).status()).as("other health groups stay hidden")
			.isIn(401, 403, 404);
	}

	@Test
	void openApiDescribesTheRestApiToAnyone() {
		Response docs = this.api.get("/v3/api-docs", null);
		assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
		assertThat(docs.json().get("paths").has("/api/v1/sessions/{sessionId}/messages")).isTrue();
		assertThat(docs.json().get("paths").has("/mcp")).isFalse();
	}

	@Test
	void anAgentMintsATokenCreatesASessionAndReadsItsMessage() {
		Response minted = this.api.send("POST", "/api/v1/auth/token", null,
				Map.of("agent_id", "alice", "agent_type", "claude"), Map.of("X-API-Key", API_KEY));
		assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
		String token = minted.json().get("token").asString();
		assertThat(token).startsWith("sct_").hasSize(47);

		Response session = this.api.post("/api/v1/sessions", token, Map.of("purpose", "smoke"));
		assertThat(session.status()).as(session.toString()).isEqualTo(201);
		String sessionId = session.json().get("id").asString();
		assertThat(sessionId).matches("session_[a-f0-9]{16}");

		Response posted = this.api.post("/api/v1/sessions/" + sessionId + "/messages", token,
				Map.of("content", "hello"));
		assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
		assertThat(posted.json().get("timestamp").asString())
			.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

		Response messages = this.api.get("/api/v1/sessions/" + sessionId + "/messages", token);
		assertThat(messages.json().get("messages").get(0).get("content").asString()).isEqualTo("hello");
		assertThat(messages.json().get("total_count").asLong()).isEqualTo(1);
	}

}
