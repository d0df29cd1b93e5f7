package dev.sharedcontext.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.audit.AuditDetails;
import dev.sharedcontext.auth.token.IssuedToken;
import dev.sharedcontext.auth.token.TokenFormat;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.AuditTrail;
import dev.sharedcontext.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each permission allows over REST (SPEC §4): a refused operation is 403
 * {@code PERMISSION_DENIED}, changes nothing and is audited once as
 * {@code permission_denied}; admin operations work for admins and are audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionTests extends IntegrationTest {

	@Autowired
	private JdbcClient jdbc;

	private AuditTrail audit;

	private String reader;

	private String writer;

	private String admin;

	private String sessionId;

	private long publicMessageId;

	private IssuedToken someonesToken;

	@BeforeAll
	void createSessionWithAMessage() {
		this.audit = new AuditTrail(this.jdbc);
		this.reader = token("reader", "claude", Permission.READ);
		this.writer = token("writer", "claude", Permission.READ, Permission.WRITE);
		this.admin = token("root", "human", Permission.READ, Permission.WRITE, Permission.ADMIN);
		Api http = new Api("http://127.0.0.1:" + this.port);
		this.sessionId = http.post("/api/v1/sessions", this.writer, Map.of("purpose", "permissions"))
			.json()
			.get("id")
			.asString();
		Response posted = http.post(messages(), this.writer, Map.of("content", "hello"));
		assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
		this.publicMessageId = posted.json().get("id").asLong();
		this.someonesToken = this.tokenService.issueFromHost("someone", "claude", List.of(Permission.READ), null,
				TokenFormat.SCT, new AuditDetails());
	}

	@Test
	void readOnlyTokenReadsSessionsAndMessages() {
		assertThat(this.api.get("/api/v1/sessions", this.reader).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/sessions/" + this.sessionId, this.reader).status()).isEqualTo(200);
		assertThat(this.api.get(messages(), this.reader).status()).isEqualTo(200);
	}

	@Test
	void readOnlyTokenCannotCreateASessionAndNothingIsStored() {
		long before = sessionCount();
		Denial denial = denied("POST", "/api/v1/sessions", this.reader, Map.of("purpose", "should not exist"), "reader",
				"write");
		assertThat(denial.audit().action()).isEqualTo("create_session");
		assertThat(denial.response().text()).doesNotContain("session_");
		assertThat(sessionCount()).isEqualTo(before);
		assertThat(this.jdbc.sql("SELECT count(*) FROM sessions WHERE purpose = 'should not exist'")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void readOnlyTokenCannotPostAMessageAndNothingIsStored() {
		long before = messageCount();
		AuditTrail.Row row = denied("POST", messages(), this.reader, Map.of("content", "should not exist"), "reader",
				"write")
			.audit();
		assertThat(row.action()).isEqualTo("add_message");
		assertThat(row.sessionId()).isEqualTo(this.sessionId);
		assertThat(messageCount()).isEqualTo(before);
		assertThat(this.api.get(messages(), this.admin).json().get("total_count").asLong()).isEqualTo(before);
	}

	@Test
	void writerCannotPostAnAdminOnlyMessageAndNothingIsStored() {
		long before = messageCount();
		AuditTrail.Row row = denied("POST", messages(), this.writer,
				Map.of("content", "should not exist", "visibility", "admin_only"), "writer", "admin")
			.audit();
		assertThat(row.sessionId()).isEqualTo(this.sessionId);
		assertThat(messageCount()).isEqualTo(before);
	}

	@Test
	void adminPostsAnAdminOnlyMessage() {
		Response posted = this.api.post(messages(), this.admin,
				Map.of("content", "for admins", "visibility", "admin_only"));
		assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
		assertThat(posted.json().get("visibility").asString()).isEqualTo("admin_only");
	}

	Stream<Arguments> adminOnlyRequests() {
		return Stream.of(Arguments.of("GET", "/api/v1/admin/tokens", null),
				Arguments.of("POST", "/api/v1/admin/tokens",
						Map.of("agent_id", "escalated", "agent_type", "claude", "permissions", List.of("admin"))),
				Arguments.of("DELETE", "/api/v1/admin/tokens/" + this.someonesToken.tokenId(), null), Arguments
					.of("PATCH", "/api/v1/admin/messages/" + this.publicMessageId, Map.of("visibility", "private")));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("adminOnlyRequests")
	void nonAdminsAreRefusedAdminOperationsAndEachDenialIsAudited(String method, String path, Object body) {
		denied(method, path, this.writer, body, "writer", "admin");
		denied(method, path, this.reader, body, "reader", "admin");
		// nothing changed
		assertThat(this.jdbc.sql("SELECT count(*) FROM tokens WHERE agent_id = 'escalated'").query(Long.class).single())
			.isZero();
		assertThat(this.api.get("/api/v1/sessions", this.someonesToken.token()).status()).isEqualTo(200);
		assertThat(this.jdbc.sql("SELECT visibility FROM messages WHERE id = :id")
			.param("id", this.publicMessageId)
			.query(String.class)
			.single()).isEqualTo("public");
	}

	@Test
	void adminChangesAMessagesVisibilityAndTheChangeIsAuditedWithBeforeAndAfter() {
		long id = this.api.post(messages(), this.writer, Map.of("content", "to be hidden")).json().get("id").asLong();
		String requestId = AuditTrail.newRequestId();
		Response changed = this.api.send("PATCH", "/api/v1/admin/messages/" + id, this.admin,
				Map.of("visibility", "admin_only"), Map.of(AuditTrail.REQUEST_ID_HEADER, requestId));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.json().get("visibility").asString()).isEqualTo("admin_only");
		assertThat(changed.json().get("id").asLong()).isEqualTo(id);

		assertThat(ids(this.api.get(messages(), this.writer))).doesNotContain(id);
		assertThat(ids(this.api.get(messages(), this.admin))).contains(id);

		assertThat(this.audit.forRequest(requestId)).singleElement().satisfies((row) -> {
			assertThat(row.eventType()).isEqualTo("admin_action");
			assertThat(row.action()).isEqualTo("set_message_visibility");
			assertThat(row.result()).isEqualTo("success");
			assertThat(row.agentId()).isEqualTo("root");
			assertThat(row.sessionId()).isEqualTo(this.sessionId);
			assertThat(row.detail("before")).isEqualTo("public");
			assertThat(row.detail("after")).isEqualTo("admin_only");
			assertThat(row.detail("resource_id")).isEqualTo(Long.toString(id));
			assertThat(row.rawDetails()).doesNotContain("to be hidden");
		});
	}

	@Test
	void adminCannotChangeTheVisibilityOfAnotherAgentsPrivateMessage() {
		long id = this.api.post(messages(), this.writer, Map.of("content", "secret", "visibility", "private"))
			.json()
			.get("id")
			.asLong();
		Response changed = this.api.patch("/api/v1/admin/messages/" + id, this.admin, Map.of("visibility", "public"));
		assertThat(changed.status()).isEqualTo(404);
		assertThat(changed.code()).isEqualTo("MESSAGE_NOT_FOUND");
		assertThat(changed.text()).doesNotContain("secret");
		assertThat(ids(this.api.get(messages(), this.reader))).doesNotContain(id);
	}

	@Test
	void adminIssuesListsAndRevokesTokens() {
		Response issued = this.api.post("/api/v1/admin/tokens", this.admin,
				Map.of("agent_id", "ops-bot", "agent_type", "custom", "permissions", List.of("read", "debug")));
		assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
		assertThat(permissions(issued.json())).containsExactly("read", "debug");
		String tokenId = issued.json().get("token_id").asString();

		Response listed = this.api.get("/api/v1/admin/tokens?agent_id=ops-bot", this.admin);
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.json().get("tokens")).singleElement()
			.satisfies((t) -> assertThat(t.get("id").asString()).isEqualTo(tokenId));
		assertThat(listed.text()).doesNotContain(issued.json().get("token").asString());

		assertThat(this.api.delete("/api/v1/admin/tokens/" + tokenId, this.admin).status()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/sessions", issued.json().get("token").asString()).status()).isEqualTo(401);
	}

	@Test
	void tokenMintedWithTheApiKeyGetsNoAdminUnderTheDefaultPolicy() {
		Response minted = this.api.send(
				"POST", "/api/v1/auth/token", null, Map.of("agent_id", "climber", "agent_type", "claude",
						"requested_permissions", List.of("read", "write", "admin", "debug")),
				Map.of("X-API-Key", API_KEY));
		assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
		assertThat(permissions(minted.json())).containsExactly("read", "write");
		String token = minted.json().get("token").asString();
		assertThat(this.api.get("/api/v1/admin/tokens", token).status()).isEqualTo(403);
		assertThat(this.api.post(messages(), token, Map.of("content", "x", "visibility", "admin_only")).status())
			.isEqualTo(403);
	}

	@Test
	void tokenMintedWithoutRequestedPermissionsGetsReadAndWrite() {
		Response minted = this.api.send("POST", "/api/v1/auth/token", null,
				Map.of("agent_id", "plain", "agent_type", "claude"), Map.of("X-API-Key", API_KEY));
		assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
		assertThat(permissions(minted.json())).containsExactly("read", "write");
	}

	@Test
	void tokenAskingOnlyForPermissionsThePolicyRefusesIsNotIssued() {
		Response minted = this.api.send("POST", "/api/v1/auth/token", null,
				Map.of("agent_id", "sneaky", "agent_type", "claude", "requested_permissions", List.of("admin")),
				Map.of("X-API-Key", API_KEY));
		assertThat(minted.status()).isEqualTo(403);
		assertThat(minted.code()).isEqualTo("PERMISSION_DENIED");
		assertThat(minted.text()).doesNotContain("sct_");
	}

	/**
	 * Sends a request that must be refused with 403, and returns its one
	 * permission_denied audit row.
	 */
	private Denial denied(String method, String path, String token, Object body, String agentId, String required) {
		String requestId = AuditTrail.newRequestId();
		Response response = this.api.send(method, path, token, body, Map.of(AuditTrail.REQUEST_ID_HEADER, requestId));
		assertThat(response.status()).as(method + " " + path + ": " + response).isEqualTo(403);
		assertThat(response.code()).isEqualTo("PERMISSION_DENIED");
		List<AuditTrail.Row> rows = this.audit.forRequest(requestId);
		assertThat(rows).as("audit rows of " + method + " " + path).singleElement().satisfies((row) -> {
			assertThat(row.eventType()).isEqualTo("permission_denied");
			assertThat(row.result()).isEqualTo("denied");
			assertThat(row.agentId()).isEqualTo(agentId);
			assertThat(row.detail("required")).isEqualTo(required);
		});
		return new Denial(response, rows.get(0));
	}

	private long sessionCount() {
		return this.api.get("/api/v1/sessions", this.admin).json().get("total_count").asLong();
	}

	private long messageCount() {
		return this.jdbc.sql("SELECT count(*) FROM messages WHERE session_id = :id")
			.param("id", this.sessionId)
			.query(Long.class)
			.single();
	}

	private String messages() {
		return "/api/v1/sessions/" + this.sessionId + "/messages";
	}

	private static List<Long> ids(Response page) {
		List<Long> ids = new ArrayList<>();
		for (JsonNode message : page.json().get("messages")) {
			ids.add(message.get("id").asLong());
		}
		return ids;
	}

	private static List<String> permissions(JsonNode token) {
		List<String> permissions = new ArrayList<>();
		for (JsonNode permission : token.get("permissions")) {
			permissions.add(permission.asString());
		}
		return permissions;
	}

	record Denial(Response response, AuditTrail.Row audit) {
	}

}
