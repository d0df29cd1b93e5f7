package dev.sharedcontext.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.McpAgent;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTests extends IntegrationTest {

	private String alice;

	private String bob;

	private String carol;

	private String admin;

	private String session;

	@BeforeEach
	void agentsAndSession() {
		this.alice = token("alice", "claude", Permission.READ, Permission.WRITE);
		this.bob = token("bob", "claude", Permission.READ, Permission.WRITE);
		this.carol = token("carol", "gemini", Permission.READ, Permission.WRITE);
		this.admin = token("root", "ops", Permission.READ, Permission.WRITE, Permission.ADMIN);
		this.session = createSession(this.alice);
	}

	@Nested
	class Matching {

		@Test
		void anExactPhraseIsFound() {
			long phrase = post(alice, "the quick brown fox jumps", "public");
			post(alice, "brown and quick, the fox", "public");

			JsonNode results = searchIn(session, alice, "\"quick brown\"").json().get("results");

			assertThat(ids(results)).containsExactly(phrase);
			assertThat(results.get(0).get("score").asDouble()).isEqualTo(100.0);
			assertThat(results.get(0).get("relevance").asString()).isEqualTo("high");
			assertThat(results.get(0).get("match_preview").asString()).contains("«quick brown»");
			assertThat(results.get(0).get("message").get("content").asString()).isEqualTo("the quick brown fox jumps");
		}

		@Test
		void aPrefixIsFound() {
			long coordinator = post(alice, "the coordinator decides", "public");
			post(alice, "cooperation matters", "public");

			assertThat(ids(searchIn(session, alice, "coordinat*").json().get("results"))).containsExactly(coordinator);
		}

		@Test
		void aWordWithOneTypoIsFound() {
			long coordination = post(alice, "Agent coordination is hard", "public");

			JsonNode results = searchIn(session, alice, "cordination").json().get("results");

			assertThat(ids(results)).containsExactly(coordination);
			assertThat(results.get(0).get("score").asDouble()).isBetween(80.0, 99.9);
			assertThat(results.get(0).get("relevance").asString()).isEqualTo("high");
			assertThat(results.get(0).get("match_preview").asString()).contains("«coordination»");
		}

		@Test
		void aCloserMatchRanksFirst() {
			long farther = post(alice, "the subordination rules", "public");
			long closer = post(alice, "a coordination plan", "public");

			JsonNode results = searchIn(session, alice, "cordination", "fuzzy_threshold=0").json().get("results");

			assertThat(ids(results)).startsWith(closer).contains(farther);
			assertThat(results.get(0).get("score").asDouble()).isGreaterThan(results.get(1).get("score").asDouble());
		}

		@Test
		void anExactMatchRanksBeforeATypo() {
			long typo = post(alice, "coordinaton with a typo", "public");
			long exact = post(alice, "coordination spelled right", "public");

			assertThat(ids(searchIn(session, alice, "coordination").json().get("results"))).containsExactly(exact,
					typo);
		}

		@Test
		void fuzzyThresholdDropsResultsScoringBelowIt() {
			post(alice, "Agent coordination is hard", "public");

			assertThat(searchIn(session, alice, "cordination", "fuzzy_threshold=95").json().get("results")).isEmpty();
			assertThat(searchIn(session, alice, "cordination", "fuzzy_threshold=90").json().get("results")).hasSize(1);
			assertThat(searchIn(session, alice, "coordination", "fuzzy_threshold=100").json().get("results"))
				.hasSize(1);
		}

		@Test
		void metadataIsSearchedUnlessTurnedOff() {
			long tagged = post(alice, "nothing to see", "public", Map.of("label", "zebrafish"));

			assertThat(ids(searchIn(session, alice, "zebrafish").json().get("results"))).containsExactly(tagged);
			assertThat(searchIn(session, alice, "zebrafish", "search_metadata=false").json().get("results")).isEmpty();
		}

		@Test
		void theSearchReportsHowItWasUnderstood() {
			JsonNode body = searchIn(session, alice, "anything", "limit=5", "fuzzy_threshold=70", "search_scope=public",
					"search_metadata=false")
				.json();

			assertThat(body.get("session_id").asString()).isEqualTo(session);
			assertThat(body.get("query").asString()).isEqualTo("anything");
			assertThat(body.get("limit").asInt()).isEqualTo(5);
			assertThat(body.get("fuzzy_threshold").asDouble()).isEqualTo(70.0);
			assertThat(body.get("search_scope").asString()).isEqualTo("public");
			assertThat(body.get("search_metadata").asBoolean()).isFalse();
			assertThat(body.get("count").asInt()).isZero();
		}

		@Test
		void theIndexFollowsMessagesPostedInOtherSessions() {
			String word = uniqueWord();
			String other = createSession(bob);
			long there = post(bob, other, "seen in another session " + word, "public");

			assertThat(searchIn(session, alice, word).json().get("results")).isEmpty();
			assertThat(ids(searchAll(alice, word).json().get("results"))).containsExactly(there);
			assertThat(ids(searchAll(alice, word, "session_id=" + other).json().get("results"))).containsExactly(there);
		}

	}

	@Nested
	class Visibility {

		private String word;

		private Map<String, Long> tiers;

		@BeforeEach
		void oneMessagePerTier() {
			this.word = uniqueWord();
			this.tiers = new HashMap<>();
			this.tiers.put("public", post(alice, "quasar public " + this.word, "public"));
			this.tiers.put("private", post(alice, "quasar private " + this.word, "private"));
			this.tiers.put("agent_only", post(alice, "quasar agent only " + this.word, "agent_only"));
			this.tiers.put("admin_only", post(admin, "quasar admin only " + this.word, "admin_only"));
		}

		@Test
		void theSenderSeesPublicItsPrivateAndItsTypesMessages() {
			assertSees(alice, "public", "private", "agent_only");
		}

		@Test
		void anotherAgentOfTheSameTypeSeesPublicAndAgentOnly() {
			assertSees(bob, "public", "agent_only");
		}

		@Test
		void anAgentOfAnotherTypeSeesOnlyPublic() {
			assertSees(carol, "public");
		}

		@Test
		void anAdminSeesPublicAndAdminOnlyButNotAnotherAgentsPrivateOrAnotherTypesMessages() {
			assertSees(admin, "public", "admin_only");
		}

		@Test
		void aScopeNarrowsButNeverWidens() {
			assertThat(searchIn(session, bob, word, "search_scope=private").json().get("results")).isEmpty();
			assertThat(searchAll(carol, word, "search_scope=agent_only").json().get("results")).isEmpty();
			assertThat(ids(searchIn(session, alice, word, "search_scope=private").json().get("results")))
				.containsExactly(tiers.get("private"));
			assertThat(ids(searchAll(admin, word, "search_scope=admin_only").json().get("results")))
				.containsExactly(tiers.get("admin_only"));
		}

		@Test
		void aMessageMovedToAnotherTierIsFoundByItsNewAudienceOnly() {
			Response moved = api.patch("/api/v1/admin/messages/" + tiers.get("public"), admin,
					Map.of("visibility", "admin_only"));
			assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

			assertThat(searchAll(carol, word).json().get("results")).isEmpty();
			assertThat(ids(searchAll(admin, word).json().get("results"))).contains(tiers.get("public"));
		}

		@Test
		void hostileQueriesNeverWidenWhatIsVisible() {
			for (String hostile : List.of("\"" + word + "\" OR quasar*", word + " OR x*", "NEAR(" + word + " quasar)",
					"quasar NOT " + word, "{content metadata}: " + word, word + "*", "-" + word, "^" + word)) {
				Response inSession = searchIn(session, carol, hostile, "fuzzy_threshold=0");
				assertThat(inSession.status()).as(hostile + " → " + inSession).isIn(200, 400);
				if (inSession.status() == 200) {
					assertThat(ids(inSession.json().get("results"))).as(hostile).isSubsetOf(tiers.get("public"));
				}
				Response everywhere = searchAll(carol, hostile, "fuzzy_threshold=0", "limit=100");
				assertThat(everywhere.status()).as(hostile + " → " + everywhere).isIn(200, 400);
				if (everywhere.status() == 200) {
					assertReadable(everywhere.json().get("results"), "carol", "gemini", false);
				}
			}
		}

		private void assertSees(String viewer, String... visible) {
			List<Long> expected = new ArrayList<>();
			for (String tier : visible) {
				expected.add(tiers.get(tier));
			}
			String typo = word.substring(0, 3) + word.substring(4);
			assertThat(ids(searchIn(session, viewer, word).json().get("results"))).as("per session")
				.containsExactlyInAnyOrderElementsOf(expected);
			assertThat(ids(searchAll(viewer, word).json().get("results"))).as("cross-session")
				.containsExactlyInAnyOrderElementsOf(expected);
			assertThat(ids(searchIn(session, viewer, typo, "fuzzy_threshold=0").json().get("results")))
				.as("typo-tolerant, per session")
				.containsExactlyInAnyOrderElementsOf(expected);
			JsonNode fuzzy = searchAll(viewer, typo, "fuzzy_threshold=0", "limit=100").json().get("results");
			assertThat(ids(fuzzy)).as("typo-tolerant, cross-session")
				.containsAll(expected)
				.doesNotContainAnyElementsOf(invisible(expected));
			JsonNode common = searchAll(viewer, "quasar", "limit=100").json().get("results");
			assertThat(ids(common)).as("common word, cross-session").doesNotContainAnyElementsOf(invisible(expected));
			VisibilityRules rules = VisibilityRules.of(viewer, alice, bob, carol, admin);
			assertReadable(fuzzy, rules.agentId, rules.agentType, rules.admin);
			assertReadable(common, rules.agentId, rules.agentType, rules.admin);
		}

		private List<Long> invisible(List<Long> visible) {
			return tiers.values().stream().filter((id) -> !visible.contains(id)).toList();
		}

	}

	@Nested
	class Input {

		@ParameterizedTest
		@ValueSource(strings = { "\"a\" OR x*", "NEAR(", "*", "-", "^", ":", "\"", "\"\"", "(", ")", "{", "}", "'",
				"';--", "a AND", "NOT", "content:", "🙂", "\\", "%", "x * y" })
		void hostileFtsSyntaxIsAnsweredNeverAnError(String hostile) {
			Response inSession = searchIn(session, alice, hostile);
			Response everywhere = searchAll(alice, hostile);

			assertThat(inSession.status()).as(inSession.toString()).isIn(200, 400);
			assertThat(everywhere.status()).as(everywhere.toString()).isIn(200, 400);
		}

		@Test
		void anOverlongQueryIsRejected() {
			Response response = searchIn(session, alice, "a".repeat(SearchRequest.MAX_QUERY_LENGTH + 1));

			// the same code as search_context over MCP: one translator for both surfaces
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("CONTENT_TOO_LARGE");
			// Ten thousand characters of FTS syntax do not fit in a URL: the server
			// refuses the request line.
			assertThat(searchIn(session, alice, "NEAR( ".repeat(1700)).status()).isEqualTo(400);
		}

		@Test
		void aThousandCharacterQueryIsAccepted() {
			assertThat(searchIn(session, alice, "ab\"* ".repeat(200)).status()).isEqualTo(200);
		}

		@ParameterizedTest
		@ValueSource(strings = { "limit=0", "limit=101", "fuzzy_threshold=-1", "fuzzy_threshold=100.5",
				"search_scope=everything", "limit=abc", "search_metadata=maybe" })
		void outOfRangeParametersAreRejected(String parameter) {
			Response response = searchIn(session, alice, "anything", parameter);

			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_INPUT");
		}

		@Test
		void aBlankQueryIsRejected() {
			assertThat(searchIn(session, alice, "   ").status()).isEqualTo(400);
			assertThat(api.get("/api/v1/search", alice).status()).isEqualTo(400);
		}

		@Test
		void limitsAtTheBoundariesAreHonoured() {
			String word = uniqueWord();
			for (int i = 0; i < 3; i++) {
				post(alice, "repeated " + word + " " + i, "public");
			}

			assertThat(searchIn(session, alice, word, "limit=1").json().get("results")).hasSize(1);
			assertThat(searchIn(session, alice, word, "limit=100").json().get("results")).hasSize(3);
			assertThat(searchIn(session, alice, word, "limit=2", "fuzzy_threshold=0").json().get("results")).hasSize(2);
		}

		@Test
		void anUnknownSessionIsNotFound() {
			Response response = searchIn("session_0000000000000000", alice, "anything");

			assertThat(response.status()).isEqualTo(404);
			assertThat(response.code()).isEqualTo("SESSION_NOT_FOUND");
			assertThat(searchIn("not-a-session", alice, "anything").status()).isEqualTo(400);
			assertThat(searchAll(alice, "anything", "session_id=nope").status()).isEqualTo(400);
		}

		@Test
		void aTokenWithoutReadIsRefused() {
			String writer = token("writer", "claude", Permission.WRITE);

			assertThat(searchIn(session, writer, "anything").code()).isEqualTo("PERMISSION_DENIED");
			assertThat(searchAll(writer, "anything").status()).isEqualTo(403);
			assertThat(api.get("/api/v1/sessions/" + session + "/messages/by-sender/alice", writer).status())
				.isEqualTo(403);
		}

	}

	@Nested
	class BySender {

		@Test
		void anotherAgentSeesOnlyTheSendersVisibleMessages() {
			long shared = post(alice, "shared note", "public");
			long secret = post(alice, "secret note", "private");
			post(bob, "bob's note", "public");

			assertThat(ids(bySender(alice, "alice", "").json().get("messages"))).containsExactly(shared, secret);
			assertThat(ids(bySender(bob, "alice", "").json().get("messages"))).containsExactly(shared);
			assertThat(ids(bySender(carol, "bob", "").json().get("messages"))).hasSize(1);
		}

		@Test
		void theLimitIsHonouredAndBounded() {
			for (int i = 0; i < 3; i++) {
				post(alice, "note " + i, "public");
			}

			JsonNode body = bySender(bob, "alice", "?limit=2").json();
			assertThat(body.get("messages")).hasSize(2);
			assertThat(body.get("count").asInt()).isEqualTo(2);
			assertThat(bySender(bob, "alice", "?limit=100").json().get("messages")).hasSize(3);
			assertThat(bySender(bob, "alice", "?limit=0").status()).isEqualTo(400);
			assertThat(bySender(bob, "alice", "?limit=101").status()).isEqualTo(400);
		}

		@Test
		void aMalformedSenderIsRejected() {
			assertThat(bySender(bob, "a%20b", "").status()).isEqualTo(400);
		}

		private Response bySender(String token, String sender, String query) {
			return api.get("/api/v1/sessions/" + session + "/messages/by-sender/" + sender + query, token);
		}

	}

	@Nested
	class ByTime {

		@Test
		void messagesInTheRangeThatTheCallerMaySeeAreReturned() {
			Instant before = Instant.now().minusSeconds(1);
			long shared = post(alice, "in range", "public");
			long secret = post(alice, "in range, private", "private");
			Instant after = Instant.now().plusSeconds(1);

			assertThat(ids(byTime(alice, before.toString(), after.toString(), "").json().get("messages")))
				.containsExactly(shared, secret);
			assertThat(ids(byTime(bob, before.toString(), after.toString(), "").json().get("messages")))
				.containsExactly(shared);
			assertThat(byTime(bob, "2001-01-01T00:00:00Z", "2001-01-02T00:00:00Z", "").json().get("messages"))
				.isEmpty();
		}

		@Test
		void theLimitIsHonouredAndBounded() {
			post(alice, "one", "public");
			post(alice, "two", "public");

			assertThat(byTime(bob, "2000-01-01", "2100-01-01", "&limit=1").json().get("messages")).hasSize(1);
			assertThat(byTime(bob, "2000-01-01", "2100-01-01", "&limit=0").status()).isEqualTo(400);
			assertThat(byTime(bob, "2000-01-01", "2100-01-01", "&limit=101").status()).isEqualTo(400);
		}

		@Test
		void anInvertedOrMalformedRangeIsRejected() {
			Response inverted = byTime(bob, "2030-01-01T00:00:00Z", "2020-01-01T00:00:00Z", "");
			assertThat(inverted.status()).isEqualTo(400);
			assertThat(inverted.code()).isEqualTo("INVALID_TIME_RANGE");
			assertThat(byTime(bob, "yesterday", "2020-01-01T00:00:00Z", "").code()).isEqualTo("INVALID_INPUT");
			assertThat(api.get("/api/v1/sessions/" + session + "/messages/by-time", bob).status()).isEqualTo(400);
		}

		@ParameterizedTest(name = "{0} .. {1}")
		@CsvSource({ "2020-01-01T00:00:00Z, +999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z, 2020-01-01",
				"+10000-01-01T00:00:00Z, +10001-01-01T00:00:00Z", "-0001-12-31T00:00:00Z, 2020-01-01" })
		void aTimeOutsideTheFourDigitYearsIsInvalidInputNotAServerError(String start, String end) {
			Response response = byTime(bob, start, end, "");
			assertThat(response.status()).as(response.toString()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_INPUT");
			assertThat(response.text()).doesNotContain("overflow");
		}

		@Test
		void theWidestFourDigitRangeIsAccepted() {
			long shared = post(alice, "in any range", "public");
			assertThat(ids(byTime(bob, "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "").json().get("messages")))
				.containsExactly(shared);
		}

		@Test
		void overMcpATimeOutsideTheFourDigitYearsIsAnInvalidInputToolError() {
			try (McpAgent agent = McpAgent.connect("http://127.0.0.1:" + port, API_KEY, bob)) {
				assertThat(agent.error("search_by_timerange", Map.of("session_id", session, "start_time",
						"2020-01-01T00:00:00Z", "end_time", "+999999999-12-31T23:59:59Z")))
					.isEqualTo("INVALID_INPUT");
				assertThat(agent.error("search_by_timerange",
						Map.of("session_id", session, "start_time", "soon", "end_time", "2020-01-01T00:00:00Z")))
					.isEqualTo("INVALID_INPUT");
				assertThat(agent.error("search_by_timerange", Map.of("session_id", session, "start_time",
						"2030-01-01T00:00:00Z", "end_time", "2020-01-01T00:00:00Z")))
					.isEqualTo("INVALID_TIME_RANGE");
				assertThat(agent.ok("search_by_timerange", Map.of("session_id", session, "start_time",
						"2020-01-01T00:00:00Z", "end_time", "9999-12-31T23:59:59Z")))
					.containsEntry("count", 0);
			}
		}

		private Response byTime(String token, String start, String end, String extra) {
			return api.get("/api/v1/sessions/" + session + "/messages/by-time?start_time=" + encode(start)
					+ "&end_time=" + encode(end) + extra, token);
		}

	}

	/** Who a test token belongs to. */
	private record VisibilityRules(String agentId, String agentType, boolean admin) {

		static VisibilityRules of(String token, String alice, String bob, String carol, String admin) {
			if (token.equals(alice)) {
				return new VisibilityRules("alice", "claude", false);
			}
			if (token.equals(bob)) {
				return new VisibilityRules("bob", "claude", false);
			}
			if (token.equals(carol)) {
				return new VisibilityRules("carol", "gemini", false);
			}
			return new VisibilityRules("root", "ops", true);
		}

	}

	/** Every result is one SPEC §5 lets this viewer read, whichever test posted it. */
	private static void assertReadable(JsonNode results, String agentId, String agentType, boolean admin) {
		for (JsonNode result : results) {
			JsonNode message = result.get("message");
			String tier = message.get("visibility").asString();
			boolean readable = switch (tier) {
				case "public" -> true;
				case "private" -> message.get("sender").asString().equals(agentId);
				case "agent_only" -> message.get("sender_type").asString().equals(agentType);
				case "admin_only" -> admin;
				default -> false;
			};
			assertThat(readable).as(agentId + " must not see " + message).isTrue();
		}
	}

	private String createSession(String token) {
		Response created = this.api.post("/api/v1/sessions", token, Map.of("purpose", "search tests"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private long post(String token, String content, String visibility) {
		return post(token, this.session, content, visibility);
	}

	private long post(String token, String content, String visibility, Map<String, Object> metadata) {
		Response posted = this.api.post("/api/v1/sessions/" + this.session + "/messages", token,
				Map.of("content", content, "visibility", visibility, "metadata", metadata));
		assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
		return posted.json().get("id").asLong();
	}

	private long post(String token, String sessionId, String content, String visibility) {
		Response posted = this.api.post("/api/v1/sessions/" + sessionId + "/messages", token,
				Map.of("content", content, "visibility", visibility));
		assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
		return posted.json().get("id").asLong();
	}

	private Response searchIn(String sessionId, String token, String q, String... parameters) {
		Response response = this.api
			.get("/api/v1/sessions/" + sessionId + "/search?q=" + encode(q) + parameters(parameters), token);
		assertThat(response.status()).as(response.toString()).isNotEqualTo(500);
		return response;
	}

	private Response searchAll(String token, String q, String... parameters) {
		Response response = this.api.get("/api/v1/search?q=" + encode(q) + parameters(parameters), token);
		assertThat(response.status()).as(response.toString()).isNotEqualTo(500);
		return response;
	}

	private static String parameters(String... parameters) {
		StringBuilder query = new StringBuilder();
		for (String parameter : parameters) {
			query.append('&').append(parameter);
		}
		return query.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * A random word of 10 letters, so that cross-session searches find only this test's
	 * messages by it.
	 */
	private static String uniqueWord() {
		StringBuilder word = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
		}
		return word.toString();
	}

	private static List<Long> ids(JsonNode list) {
		List<Long> ids = new ArrayList<>();
		for (JsonNode item : list) {
			ids.add(item.has("message") ? item.get("message").get("id").asLong() : item.get("id").asLong());
		}
		return ids;
	}

}
