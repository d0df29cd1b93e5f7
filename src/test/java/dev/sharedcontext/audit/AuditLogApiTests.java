package dev.sharedcontext.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogApiTests extends IntegrationTest {

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private AuditRetention retention;

	private String admin;

	@BeforeEach
	void adminToken() {
		this.admin = token("auditor", "ops", Permission.READ, Permission.ADMIN);
	}

	@Nested
	class Query {

		@Test
		void anAuthenticationFailureIsListed() {
			Response rejected = api.get("/api/v1/sessions", "sct_not-a-real-token");
			assertThat(rejected.status()).isEqualTo(401);

			JsonNode events = audit("event_type=auth_failure").json().get("events");

			assertThat(events).isNotEmpty();
			assertThat(events.get(0).get("result").asString()).isEqualTo("failure");
			assertThat(events.get(0).get("action").asString()).isEqualTo("GET /api/v1/sessions");
			assertThat(events.get(0).get("details").get("reason").asString()).isNotBlank();
			assertThat(events.get(0).get("request_id").asString()).isNotBlank();
			assertThat(rejected.text()).doesNotContain("sct_not-a-real-token");
			assertThat(audit("event_type=auth_failure").text()).doesNotContain("sct_not-a-real-token");
		}

		@Test
		void tokenIssuesAreListedByAgent() {
			Response issued = api.post("/api/v1/admin/tokens", admin,
					Map.of("agent_id", "issued-agent", "agent_type", "claude", "permissions", List.of("read")));
			assertThat(issued.status()).as(issued.toString()).isEqualTo(201);

			JsonNode events = audit("event_type=token_issued", "agent_id=auditor").json().get("events");

			assertThat(events).hasSize(1);
			assertThat(events.get(0).get("action").asString()).isEqualTo("admin_issue");
			assertThat(events.get(0).get("details").get("subject").asString()).isEqualTo("issued-agent");
			assertThat(audit("event_type=token_issued").text()).doesNotContain(issued.json().get("token").asString());
		}

		@Test
		void sessionCreationIsListedBySession() {
			String writer = token("writer-1", "claude", Permission.READ, Permission.WRITE);
			String sessionId = api.post("/api/v1/sessions", writer, Map.of("purpose", "audited"))
				.json()
				.get("id")
				.asString();

			JsonNode events = audit("session_id=" + sessionId).json().get("events");

			assertThat(events).hasSize(1);
			assertThat(events.get(0).get("event_type").asString()).isEqualTo("session_created");
			assertThat(events.get(0).get("agent_id").asString()).isEqualTo("writer-1");
			assertThat(events.get(0).get("timestamp").asString()).matches("\\d{4}-.*T.*\\.\\d{3}Z");
		}

		@Test
		void aPermissionDenialIsListedAndTheNonAdminSeesNoEvents() {
			String reader = token("curious", "claude", Permission.READ);

			Response denied = api.get("/api/v1/admin/audit", reader);

			assertThat(denied.status()).isEqualTo(403);
			assertThat(denied.code()).isEqualTo("PERMISSION_DENIED");
			assertThat(denied.json().has("events")).isFalse();
			JsonNode events = audit("event_type=permission_denied", "agent_id=curious").json().get("events");
			assertThat(events).hasSize(1);
			assertThat(events.get(0).get("action").asString()).isEqualTo("get_audit_log");
			assertThat(events.get(0).get("result").asString()).isEqualTo("denied");
		}

		@Test
		void aTimeOutsideTheFourDigitYearsIsInvalidInputNotAServerError() {
			Response response = api.get("/api/v1/admin/audit?since=%2B999999999-12-31T23:59:59Z", admin);
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_INPUT");
		}

		@Test
		void readingTheLogIsAnAuditedAdminAction() {
			audit("event_type=session_created");

			JsonNode events = audit("event_type=admin_action", "agent_id=auditor", "limit=1").json().get("events");

			assertThat(events.get(0).get("action").asString()).isEqualTo("get_audit_log");
			assertThat(events.get(0).get("resource").asString()).isEqualTo("audit_log");
		}

		@Test
		void aTimeRangeSelectsEvents() {
			String writer = token("timed", "claude", Permission.READ, Permission.WRITE);
			Instant before = Instant.now().minusSeconds(1);
			api.post("/api/v1/sessions", writer, Map.of("purpose", "timed"));
			Instant after = Instant.now().plusSeconds(1);

			assertThat(
					audit("agent_id=timed", "since=" + encode(before), "until=" + encode(after)).json().get("events"))
				.hasSize(1);
			assertThat(audit("agent_id=timed", "since=" + encode(after)).json().get("events")).isEmpty();
			assertThat(audit("agent_id=timed", "until=" + encode(before)).json().get("events")).isEmpty();
		}

		@ParameterizedTest
		@ValueSource(strings = { "limit=0", "limit=1001", "cursor=bm90LWEtY3Vyc29y", "cursor=%25%25",
				"cursor=YXVkaXQ6LTE", "since=yesterday", "since=2030-01-01T00:00:00Z&until=2020-01-01T00:00:00Z",
				"event_type=DROP%20TABLE", "agent_id=a%20b" })
		void invalidFiltersAreRejected(String parameter) {
			Response response = api.get("/api/v1/admin/audit?" + parameter, admin);

			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_INPUT");
		}

	}

	@Nested
	class Pagination {

		@Test
		void walkingTheCursorsVisitsEveryEventOnceNewestFirst() {
			String writer = token("pager", "claude", Permission.READ, Permission.WRITE);
			for (int i = 0; i < 23; i++) {
				api.post("/api/v1/sessions", writer, Map.of("purpose", "page " + i));
			}

			List<Long> filtered = walk("agent_id=pager", 5);
			assertThat(filtered).hasSize(23).doesNotHaveDuplicates();
			assertThat(filtered).isSortedAccordingTo((a, b) -> Long.compare(b, a));

			List<Long> all = walk("", 7);
			long existing = jdbc.sql("SELECT count(*) FROM audit_log WHERE id <= :first")
				.param("first", all.get(0))
				.query(Long.class)
				.single();
			assertThat(all).doesNotHaveDuplicates().hasSize((int) existing);
			assertThat(all).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		}

		@Test
		void theLastPageHasNoCursor() {
			JsonNode page = audit("agent_id=nobody-at-all").json();

			assertThat(page.get("events")).isEmpty();
			assertThat(page.has("next_cursor")).isTrue();
			assertThat(page.get("next_cursor").isNull()).isTrue();
		}

		private List<Long> walk(String filter, int limit) {
			List<Long> ids = new ArrayList<>();
			Set<String> cursors = new HashSet<>();
			String cursor = null;
			do {
				Response page = audit(filter, "limit=" + limit, (cursor != null) ? "cursor=" + cursor : "");
				assertThat(page.json().get("events").size()).isLessThanOrEqualTo(limit);
				page.json().get("events").forEach((event) -> ids.add(event.get("id").asLong()));
				JsonNode next = page.json().get("next_cursor");
				cursor = next.isNull() ? null : next.asString();
				assertThat(cursor == null || cursors.add(cursor)).isTrue();
			}
			while (cursor != null);
			return ids;
		}

	}

	@Nested
	class Retention {

		@Test
		void eventsOlderThanTheRetentionAreDeletedAndThePurgeIsRecorded() {
			Instant now = Instant.parse("2031-06-01T00:00:00Z");
			long old = insert(now.minus(Duration.ofDays(91)));
			long older = insert(now.minus(Duration.ofDays(400)));
			long recent = insert(now.minus(Duration.ofDays(89)));

			long deleted = retention.purge(now);

			assertThat(deleted).isGreaterThanOrEqualTo(2);
			assertThat(exists(old)).isFalse();
			assertThat(exists(older)).isFalse();
			assertThat(exists(recent)).isTrue();
			JsonNode purges = audit("event_type=audit_retention").json().get("events");
			assertThat(purges.get(0).get("details").get("retention_days").asInt()).isEqualTo(90);
		}

		@Test
		void nothingToPurgeIsANoOp() {
			assertThat(retention.purge(Instant.parse("1999-01-01T00:00:00Z"))).isZero();
		}

		private long insert(Instant at) {
			return jdbc.sql("""
					INSERT INTO audit_log (occurred_at, event_type, agent_id, result)
					VALUES (:at, 'auth_failure', 'old-agent', 'failure') RETURNING id
					""").param("at", at.toEpochMilli()).query(Long.class).single();
		}

		private boolean exists(long id) {
			return jdbc.sql("SELECT count(*) FROM audit_log WHERE id = :id")
				.param("id", id)
				.query(Long.class)
				.single() == 1;
		}

	}

	private Response audit(String... parameters) {
		StringBuilder path = new StringBuilder("/api/v1/admin/audit?");
		for (String parameter : parameters) {
			if (!parameter.isEmpty()) {
				path.append(parameter).append('&');
			}
		}
		Response response = this.api.get(path.toString(), this.admin);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response;
	}

	private static String encode(Instant instant) {
		return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
	}

}
