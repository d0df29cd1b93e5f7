package dev.sharedcontext.message;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.visibility.Visibility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every cell of the visibility table (SPEC §5) through the real HTTP API: one message per
 * tier, read by its sender, another agent of the same type, an agent of another type, an
 * admin of another type, and without a token. Lists, the tier filter and every count
 * agree with the table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisibilityMatrixTests extends IntegrationTest {

	private final Map<String, String> readers = new HashMap<>();

	private final Map<Visibility, Long> messageIds = new EnumMap<>(Visibility.class);

	private String aliceWriter;

	private String aliceAdmin;

	private String sessionId;

	@BeforeAll
	void postOneMessagePerTier() {
		Api http = new Api("http://127.0.0.1:" + this.port);
		this.aliceWriter = token("alice", "claude", Permission.READ, Permission.WRITE);
		// admin_only needs admin to post: the same agent, holding an admin token
		this.aliceAdmin = token("alice", "claude", Permission.READ, Permission.WRITE, Permission.ADMIN);
		this.readers.put("same_type", token("bob", "claude", Permission.READ, Permission.WRITE));
		this.readers.put("other_type", token("carol", "gemini", Permission.READ, Permission.WRITE));
		this.readers.put("admin", token("root", "human", Permission.READ, Permission.WRITE, Permission.ADMIN));
		Response session = http.post("/api/v1/sessions", this.aliceWriter, Map.of("purpose", "visibility matrix"));
		assertThat(session.status()).as(session.toString()).isEqualTo(201);
		this.sessionId = session.json().get("id").asString();
		for (Visibility tier : Visibility.values()) {
			String sender = (tier == Visibility.ADMIN_ONLY) ? this.aliceAdmin : this.aliceWriter;
			Response posted = http.post(messages(this.sessionId), sender,
					Map.of("content", "a " + tier.value() + " message", "visibility", tier.value()));
			assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
			assertThat(posted.json().get("sender_type").asString()).isEqualTo("claude");
			this.messageIds.put(tier, posted.json().get("id").asLong());
		}
	}

	@ParameterizedTest(name = "{0} read by {1}: {2}")
	@CsvSource(textBlock = """
			public,     sender,     true
			public,     same_type,  true
			public,     other_type, true
			public,     admin,      true
			private,    sender,     true
			private,    same_type,  false
			private,    other_type, false
			private,    admin,      false
			agent_only, sender,     true
			agent_only, same_type,  true
			agent_only, other_type, false
			agent_only, admin,      false
			admin_only, sender,     true
			admin_only, same_type,  false
			admin_only, other_type, false
			admin_only, admin,      true
			""")
	void eachTierIsListedExactlyToTheReadersTheTableAllows(String tierName, String reader, boolean visible) {
		Visibility tier = Visibility.of(tierName);
		String token = reader(reader, tier);
		long id = this.messageIds.get(tier);

		Response all = this.api.get(messages(this.sessionId), token);
		assertThat(all.status()).as(all.toString()).isEqualTo(200);
		assertThat(ids(all)).as("unfiltered list").matches((ids) -> ids.contains(id) == visible, "contains " + id);

		Response filtered = this.api.get(messages(this.sessionId) + "?visibility=" + tierName, token);
		assertThat(filtered.status()).as(filtered.toString()).isEqualTo(200);
		assertThat(ids(filtered)).as("visibility=" + tierName).isEqualTo(visible ? List.of(id) : List.of());
		assertThat(filtered.json().get("total_count").asLong()).isEqualTo(visible ? 1 : 0);
		assertThat(filtered.json().get("has_more").asBoolean()).isFalse();
		if (visible) {
			assertThat(filtered.json().get("messages").get(0).get("content").asString())
				.isEqualTo("a " + tierName + " message");
		}
		else {
			assertThat(all.text()).doesNotContain("a " + tierName + " message");
		}
	}

	@Test
	void privateMessageIsInvisibleToAnotherAgentOfTheSameType() {
		Response bob = this.api.get(messages(this.sessionId) + "?visibility=private", this.readers.get("same_type"));
		assertThat(bob.json().get("messages")).isEmpty();
		assertThat(bob.text()).doesNotContain("a private message");
	}

	@Test
	void adminReadsItsOwnPrivateMessagesButNoOneElses() {
		String admin = this.readers.get("admin");
		String session = newSession(admin);
		long own = post(session, admin, "root's own note", "private");
		post(session, this.aliceWriter, "alice's note", "private");

		Response page = this.api.get(messages(session) + "?visibility=private", admin);
		assertThat(ids(page)).containsExactly(own);
		assertThat(page.json().get("total_count").asLong()).isEqualTo(1);
		assertThat(page.text()).doesNotContain("alice's note");
	}

	@ParameterizedTest(name = "{0} counts {1}")
	@CsvSource(textBlock = """
			sender_writer, 3
			sender_admin,  4
			same_type,     2
			other_type,    1
			admin,         2
			""")
	void everyCountCountsOnlyWhatTheCallerMaySee(String reader, long expected) {
		String token = switch (reader) {
			case "sender_writer" -> this.aliceWriter;
			case "sender_admin" -> this.aliceAdmin;
			default -> this.readers.get(reader);
		};
		Response list = this.api.get(messages(this.sessionId), token);
		assertThat(list.json().get("total_count").asLong()).as("total_count").isEqualTo(expected);
		assertThat(list.json().get("messages")).hasSize((int) expected);

		Response paged = this.api.get(messages(this.sessionId) + "?limit=1", token);
		assertThat(paged.json().get("total_count").asLong()).as("total_count with limit=1").isEqualTo(expected);
		assertThat(paged.json().get("has_more").asBoolean()).isEqualTo(expected > 1);

		Response session = this.api.get("/api/v1/sessions/" + this.sessionId, token);
		assertThat(session.status()).as(session.toString()).isEqualTo(200);
		assertThat(session.json().get("message_count").asLong()).as("message_count of the session").isEqualTo(expected);

		Response sessions = this.api.get("/api/v1/sessions?limit=1000", token);
		assertThat(sessions.status()).as(sessions.toString()).isEqualTo(200);
		JsonNode listed = null;
		for (JsonNode candidate : sessions.json().get("sessions")) {
			if (candidate.get("id").asString().equals(this.sessionId)) {
				listed = candidate;
			}
		}
		assertThat(listed).as("session in GET /sessions").isNotNull();
		assertThat(listed.get("message_count").asLong()).as("message_count in the list").isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "?visibility=public", "?visibility=private", "?visibility=agent_only",
			"?visibility=admin_only" })
	void messagesWithoutATokenAreRefusedWith401(String query) {
		Response response = this.api.get(messages(this.sessionId) + query, null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("AUTHENTICATION_REQUIRED");
		assertThat(response.text()).doesNotContain(" message\"");
	}

	@Test
	void sessionsWithoutATokenAreRefusedWith401() {
		assertThat(this.api.get("/api/v1/sessions/" + this.sessionId, null).status()).isEqualTo(401);
		assertThat(this.api.get("/api/v1/sessions", null).status()).isEqualTo(401);
	}

	@Test
	void pagesWalkTheVisibleMessagesInIdOrderAndSayWhetherMoreExist() {
		String alice = this.aliceWriter;
		String bob = this.readers.get("same_type");
		String session = newSession(alice);
		List<Long> publicIds = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			publicIds.add(post(session, alice, "public " + i, "public"));
			if (i < 5) {
				// interleaved messages alice may not see must not shift her pages or
				// counts
				post(session, bob, "bob private " + i, "private");
			}
		}

		assertPage(session, alice, "?limit=3", publicIds.subList(0, 3), 7, true);
		assertPage(session, alice, "?limit=3&offset=3", publicIds.subList(3, 6), 7, true);
		assertPage(session, alice, "?limit=3&offset=6", publicIds.subList(6, 7), 7, false);
		assertPage(session, alice, "?limit=3&offset=7", List.of(), 7, false);
		assertPage(session, alice, "?limit=3&offset=100", List.of(), 7, false);
		assertPage(session, alice, "?limit=7", publicIds, 7, false);
		assertPage(session, alice, "?limit=1000", publicIds, 7, false);
		assertPage(session, alice, "?limit=1", publicIds.subList(0, 1), 7, true);
		assertPage(session, alice, "", publicIds, 7, false);

		Response bobs = this.api.get(messages(session) + "?limit=1000", bob);
		assertThat(bobs.json().get("total_count").asLong()).isEqualTo(12);
		assertThat(ids(bobs)).isSorted().containsAll(publicIds);
		List<Long> bobPrivate = idsOf(bobs, "private");
		assertThat(bobPrivate).hasSize(5);
		assertPage(session, bob, "?visibility=private&limit=2&offset=4", bobPrivate.subList(4, 5), 5, false);
		assertPage(session, bob, "?visibility=public&limit=5", publicIds.subList(0, 5), 7, true);
	}

	@Test
	void afterIdReturnsOnlyNewerVisibleMessagesAndCountsOnlyThose() {
		String alice = this.aliceWriter;
		String bob = this.readers.get("same_type");
		String session = newSession(alice);
		List<Long> publicIds = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			publicIds.add(post(session, alice, "public " + i, "public"));
			post(session, bob, "bob private " + i, "private");
		}
		assertPage(session, alice, "?after_id=" + publicIds.get(2), publicIds.subList(3, 5), 2, false);
		assertPage(session, alice, "?after_id=" + publicIds.get(0) + "&limit=2", publicIds.subList(1, 3), 4, true);
		assertPage(session, alice, "?after_id=" + publicIds.get(0) + "&limit=2&offset=2", publicIds.subList(3, 5), 4,
				false);
		assertPage(session, alice, "?after_id=" + publicIds.get(4), List.of(), 0, false);
		assertPage(session, alice, "?after_id=0", publicIds, 5, false);

		// bob's private messages 2, 3 and 4 were posted after alice's public message 2
		Response bobAfter = this.api.get(messages(session) + "?visibility=private&after_id=" + publicIds.get(2), bob);
		assertThat(bobAfter.json().get("total_count").asLong()).isEqualTo(3);
		assertThat(bobAfter.json().get("messages"))
			.allSatisfy((m) -> assertThat(m.get("sender").asString()).isEqualTo("bob"));
	}

	/**
	 * The token of a reader; the "sender" of admin_only is the admin token it was posted
	 * with.
	 */
	private String reader(String reader, Visibility tier) {
		if (reader.equals("sender")) {
			return (tier == Visibility.ADMIN_ONLY) ? this.aliceAdmin : this.aliceWriter;
		}
		return this.readers.get(reader);
	}

	private void assertPage(String session, String token, String query, List<Long> expectedIds, long total,
			boolean hasMore) {
		Response page = this.api.get(messages(session) + query, token);
		assertThat(page.status()).as(query + ": " + page).isEqualTo(200);
		assertThat(ids(page)).as(query + " ids").isEqualTo(expectedIds);
		assertThat(page.json().get("total_count").asLong()).as(query + " total_count").isEqualTo(total);
		assertThat(page.json().get("has_more").asBoolean()).as(query + " has_more").isEqualTo(hasMore);
	}

	private String newSession(String token) {
		Response session = this.api.post("/api/v1/sessions", token, Map.of("purpose", "pagination"));
		assertThat(session.status()).as(session.toString()).isEqualTo(201);
		return session.json().get("id").asString();
	}

	private long post(String session, String token, String content, String visibility) {
		Response posted = this.api.post(messages(session), token, Map.of("content", content, "visibility", visibility));
		assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
		return posted.json().get("id").asLong();
	}

	private static String messages(String session) {
		return "/api/v1/sessions/" + session + "/messages";
	}

	private static List<Long> ids(Response page) {
		return idsOf(page, null);
	}

	private static List<Long> idsOf(Response page, String visibility) {
		List<Long> ids = new ArrayList<>();
		for (JsonNode message : page.json().get("messages")) {
			if (visibility == null || message.get("visibility").asString().equals(visibility)) {
				ids.add(message.get("id").asLong());
			}
		}
		return ids;
	}

}
