package dev.sharedcontext.memory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.support.Api;
import dev.sharedcontext.support.Api.Response;
import dev.sharedcontext.support.IntegrationTest;
import dev.sharedcontext.support.MutableClock;
import dev.sharedcontext.support.MutableClockConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agent memory over the real HTTP API (SPEC §6, §8). Time is a {@link MutableClock}, so
 * expiry is tested by moving the clock; the entry limit is lowered to 3 so its boundary
 * is cheap to reach. Every test uses agents of its own.
 */
@TestPropertySource(
		properties = { "shared-context.memory.max-entries-per-agent=3", "shared-context.memory.purge-interval=3600" })
@Import(MutableClockConfiguration.class)
class MemoryApiTests extends IntegrationTest {

	private static final int MAX_VALUE_BYTES = 64 * 1024;

	private static final AtomicInteger AGENTS = new AtomicInteger();

	@Autowired
	private MutableClock clock;

	@Autowired
	private MemoryService memoryService;

	@Autowired
	private JdbcClient jdbc;

	// ---- basics and the REST shape

	@Test
	void anEntryIsStoredAndReadBackWithItsJsonValueAndMetadata() {
		String token = agentToken();
		Response put = put(token, "user.preferences",
				Map.of("value", Map.of("theme", "dark", "sizes", List.of(1, 2.5)), "metadata", Map.of("source", "t")));
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(put.json().get("key").asString()).isEqualTo("user.preferences");
		assertThat(put.json().get("value").get("theme").asString()).isEqualTo("dark");
		assertThat(put.json().get("value").get("sizes").get(1).asDouble()).isEqualTo(2.5);
		assertThat(put.json().get("metadata").get("source").asString()).isEqualTo("t");
		assertThat(put.json().get("session_id").isNull()).isTrue();
		assertThat(put.json().get("expires_at").isNull()).isTrue();
		assertThat(put.json().get("created_at").asString())
			.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

		Response got = this.api.get("/api/v1/memory/user.preferences", token);
		assertThat(got.status()).as(got.toString()).isEqualTo(200);
		assertThat(got.json().get("value")).isEqualTo(put.json().get("value"));
		assertThat(got.json().get("created_at")).isEqualTo(put.json().get("created_at"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"text\"", "42", "-1.5e3", "true", "false", "[]", "{}", "[1,\"two\",{\"three\":3}]" })
	void anyJsonValueExceptNullRoundTrips(String json) {
		String token = agentToken();
		Response put = putRaw(token, "v", "{\"value\":" + json + "}");
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		JsonNode expected = Api.JSON.readTree(json);
		assertThat(this.api.get("/api/v1/memory/v", token).json().get("value")).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"value\":null}", "{}", "{\"metadata\":{}}" })
	void aNullOrMissingValueIsRejected(String body) {
		Response put = putRaw(agentToken(), "k", body);
		assertThat(put.status()).as(put.toString()).isEqualTo(400);
		assertThat(put.code()).isEqualTo("INVALID_INPUT");
	}

	@Test
	void unknownBodyFieldsAndAKeyInTheBodyAreRejected() {
		Response put = putRaw(agentToken(), "k", "{\"value\":1,\"key\":\"other\"}");
		assertThat(put.status()).as(put.toString()).isEqualTo(400);
		assertThat(put.code()).isEqualTo("INVALID_INPUT");
	}

	@Test
	void keysWithSlashesAndColonsWorkAsPlainPathSegments() {
		String token = agentToken();
		Response put = put(token, "notes/2026:plan/v1", Map.of("value", "x"));
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(put.json().get("key").asString()).isEqualTo("notes/2026:plan/v1");
		assertThat(this.api.get("/api/v1/memory/notes/2026:plan/v1", token).json().get("value").asString())
			.isEqualTo("x");
		assertThat(this.api.get("/api/v1/memory/notes/2026:plan", token).code()).isEqualTo("MEMORY_NOT_FOUND");
		assertThat(
				this.api.get("/api/v1/memory?prefix=notes/", token).json().get("entries").get(0).get("key").asString())
			.isEqualTo("notes/2026:plan/v1");
		assertThat(this.api.delete("/api/v1/memory/notes/2026:plan/v1", token).status()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/memory/notes/2026:plan/v1", token).status()).isEqualTo(404);
	}

	@Test
	void deleteRemovesTheEntryAndASecondDeleteIsNotFound() {
		String token = agentToken();
		put(token, "gone", Map.of("value", 1));
		assertThat(this.api.delete("/api/v1/memory/gone", token).status()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/memory/gone", token).code()).isEqualTo("MEMORY_NOT_FOUND");
		Response again = this.api.delete("/api/v1/memory/gone", token);
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.code()).isEqualTo("MEMORY_NOT_FOUND");
	}

	// ---- expiry

	@Test
	void anEntryIsVisibleUntilItExpiresAndGoneFromTheMomentItDoes() {
		String token = agentToken();
		Response put = put(token, "ttl", Map.of("value", "soon gone", "expires_in", 60));
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
		assertThat(put.json().get("expires_at").asString()).isNotBlank();

		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.api.get("/api/v1/memory/ttl", token).status()).isEqualTo(200);
		assertThat(keys(this.api.get("/api/v1/memory", token))).containsExactly("ttl");

		this.clock.advance(Duration.ofSeconds(1));
		Response got = this.api.get("/api/v1/memory/ttl", token);
		assertThat(got.status()).isEqualTo(404);
		assertThat(got.code()).isEqualTo("MEMORY_NOT_FOUND");
		assertThat(keys(this.api.get("/api/v1/memory", token))).isEmpty();
		assertThat(this.api.delete("/api/v1/memory/ttl", token).code()).isEqualTo("MEMORY_NOT_FOUND");
	}

	@Test
	void overwriteFalseOnALiveKeyConflictsAndLeavesTheValueAlone() {
		String token = agentToken();
		Response first = put(token, "once", Map.of("value", "first", "expires_in", 10));
		Response second = put(token, "once", Map.of("value", "second", "overwrite", false));
		assertThat(second.status()).as(second.toString()).isEqualTo(409);
		assertThat(second.code()).isEqualTo("MEMORY_KEY_EXISTS");
		Response got = this.api.get("/api/v1/memory/once", token);
		assertThat(got.json().get("value").asString()).isEqualTo("first");
		assertThat(got.json().get("expires_at")).isEqualTo(first.json().get("expires_at"));
	}

	@Test
	void overwriteFalseSucceedsOnceTheExistingEntryHasExpired() {
		String token = agentToken();
		Response first = put(token, "lease", Map.of("value", "first", "expires_in", 10));
		this.clock.advance(Duration.ofSeconds(10));
		Response second = put(token, "lease", Map.of("value", "second", "overwrite", false));
		assertThat(second.status()).as(second.toString()).isEqualTo(200);
		assertThat(second.json().get("value").asString()).isEqualTo("second");
		assertThat(second.json().get("expires_at").isNull()).isTrue();
		assertThat(second.json().get("created_at")).isNotEqualTo(first.json().get("created_at"));
	}

	@Test
	void overwriteByDefaultReplacesValueMetadataAndExpiryButKeepsCreatedAt() {
		String token = agentToken();
		Response first = put(token, "k", Map.of("value", 1, "metadata", Map.of("a", 1), "expires_in", 100));
		this.clock.advance(Duration.ofSeconds(5));
		Response second = put(token, "k", Map.of("value", 2));
		assertThat(second.status()).as(second.toString()).isEqualTo(200);
		assertThat(second.json().get("value").asInt()).isEqualTo(2);
		assertThat(second.json().get("metadata").isNull()).isTrue();
		assertThat(second.json().get("expires_at").isNull()).isTrue();
		assertThat(second.json().get("created_at")).isEqualTo(first.json().get("created_at"));
		assertThat(second.json().get("updated_at")).isNotEqualTo(first.json().get("updated_at"));
	}

	@Test
	void thePurgeDeletesExpiredRowsAndKeepsLiveOnes() {
		String token = agentToken();
		put(token, "short", Map.of("value", 1, "expires_in", 5));
		put(token, "long", Map.of("value", 2, "expires_in", 500));
		put(token, "forever", Map.of("value", 3));
		String agent = agentOf(token);
		assertThat(rows(agent)).isEqualTo(3);

		this.clock.advance(Duration.ofSeconds(6));
		assertThat(rows(agent)).as("expired but not yet purged").isEqualTo(3);
		assertThat(this.memoryService.purgeExpired()).isGreaterThanOrEqualTo(1);
		assertThat(rows(agent)).isEqualTo(2);
		assertThat(keys(this.api.get("/api/v1/memory", token))).containsExactly("forever", "long");
	}

	// ---- validation limits

	@Test
	void aKeyOf255CharactersIsAcceptedAnd256IsRejected() {
		String token = agentToken();
		Response ok = put(token, "k".repeat(255), Map.of("value", 1));
		assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/memory/" + "k".repeat(255), token).status()).isEqualTo(200);
		Response tooLong = put(token, "k".repeat(256), Map.of("value", 1));
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.code()).isEqualTo("INVALID_INPUT");
		assertThat(this.api.get("/api/v1/memory/" + "k".repeat(256), token).code()).isEqualTo("INVALID_INPUT");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a%20b", "a*b", "caf%C3%A9", "a%3Fb", "a!b", "a%22b", "a%7Bb" })
	void aKeyWithCharactersOutsideTheAllowedSetIsRejected(String encodedKey) {
		String token = agentToken();
		Response put = put(token, encodedKey, Map.of("value", 1));
		assertThat(put.status()).as(put.toString()).isEqualTo(400);
		assertThat(put.code()).isEqualTo("INVALID_INPUT");
		assertThat(this.api.get("/api/v1/memory/" + encodedKey, token).status()).isEqualTo(400);
		assertThat(this.api.delete("/api/v1/memory/" + encodedKey, token).status()).isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a//b", "/a", "a/./b", "a/../b", ".", "..", "a%2Fb", "a%2Eb" })
	void aKeyThatIsNotANormalizedPathIsRefusedRatherThanReadAsAnotherKey(String key) {
		String token = agentToken();
		put(token, "a/b", Map.of("value", "a/b"));
		put(token, "b", Map.of("value", "b"));
		Response put = put(token, key, Map.of("value", "other"));
		assertThat(put.status()).isEqualTo(400);
		assertThat(this.api.get("/api/v1/memory/" + key, token).status()).isEqualTo(400);
		assertThat(values(this.api.get("/api/v1/memory", token))).containsExactly("a/b", "b");
	}

	@Test
	void anEmptyKeyIsRejected() {
		Response put = put(agentToken(), "", Map.of("value", 1));
		assertThat(put.status()).as(put.toString()).isEqualTo(400);
		assertThat(put.code()).isEqualTo("INVALID_INPUT");
	}

	@Test
	void aValueOfExactly64KiBIsAcceptedAndOneByteMoreIsRejected() {
		String token = agentToken();
		// A JSON string serializes as its characters plus two quotes.
		Response ok = put(token, "big", Map.of("value", "a".repeat(MAX_VALUE_BYTES - 2)));
		assertThat(ok.status()).as(ok.code()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/memory/big", token).json().get("value").asString())
			.hasSize(MAX_VALUE_BYTES - 2);

		Response tooBig = put(token, "bigger", Map.of("value", "a".repeat(MAX_VALUE_BYTES - 1)));
		assertThat(tooBig.status()).isEqualTo(400);
		assertThat(tooBig.code()).isEqualTo("CONTENT_TOO_LARGE");
		assertThat(this.api.get("/api/v1/memory/bigger", token).status()).isEqualTo(404);
	}

	@Test
	void theValueLimitCountsUtf8Bytes() {
		// "é" is two bytes: 32,767 of them plus the quotes is 65,536 bytes; one more is
		// over.
		String token = agentToken();
		assertThat(put(token, "utf8", Map.of("value", "\u00e9".repeat(32_767))).status()).isEqualTo(200);
		assertThat(put(token, "utf8", Map.of("value", "\u00e9".repeat(32_768))).code()).isEqualTo("CONTENT_TOO_LARGE");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, 31_536_001 })
	void expiresInOutsideOneSecondToOneYearIsRejected(long expiresIn) {
		Response put = put(agentToken(), "k", Map.of("value", 1, "expires_in", expiresIn));
		assertThat(put.status()).as(put.toString()).isEqualTo(400);
		assertThat(put.code()).isEqualTo("INVALID_INPUT");
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 31_536_000 })
	void expiresInAtTheBoundsIsAccepted(long expiresIn) {
		Response put = put(agentToken(), "k", Map.of("value", 1, "expires_in", expiresIn));
		assertThat(put.status()).as(put.toString()).isEqualTo(200);
	}

	@Test
	void metadataMustBeAnObjectOfAtMost16KiB() {
		String token = agentToken();
		assertThat(put(token, "m", Map.of("value", 1, "metadata", List.of(1))).code()).isEqualTo("INVALID_INPUT");
		assertThat(put(token, "m", Map.of("value", 1, "metadata", Map.of("x", "a".repeat(16 * 1024)))).code())
			.isEqualTo("CONTENT_TOO_LARGE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit=0", "limit=1001", "limit=x", "prefix=a%20b", "session_id=nope" })
	void listRejectsBadParameters(String query) {
		Response list = this.api.get("/api/v1/memory?" + query, agentToken());
		assertThat(list.status()).as(list.toString()).isEqualTo(400);
		assertThat(list.code()).isEqualTo("INVALID_INPUT");
	}

	// ---- the per-agent entry limit (3 in this class)

	@Test
	void theEntryLimitAllowsTheLastEntryRefusesOneMoreAndStillAllowsOverwrites() {
		String token = agentToken();
		String session = createSession(token);
		assertThat(put(token, "one", Map.of("value", 1)).status()).isEqualTo(200);
		assertThat(put(token, "two", Map.of("value", 2)).status()).isEqualTo(200);
		assertThat(put(token, "three", Map.of("value", 3, "session_id", session)).status()).isEqualTo(200);

		Response fourth = put(token, "four", Map.of("value", 4));
		assertThat(fourth.status()).as(fourth.toString()).isEqualTo(409);
		assertThat(fourth.code()).isEqualTo("MEMORY_LIMIT_EXCEEDED");
		assertThat(put(token, "three", Map.of("value", 4)).code()).as("same key, other scope is a new entry")
			.isEqualTo("MEMORY_LIMIT_EXCEEDED");

		Response overwrite = put(token, "two", Map.of("value", 22));
		assertThat(overwrite.status()).as(overwrite.toString()).isEqualTo(200);
		assertThat(put(token, "two", Map.of("value", 23, "overwrite", false)).code()).isEqualTo("MEMORY_KEY_EXISTS");

		assertThat(this.api.delete("/api/v1/memory/one", token).status()).isEqualTo(204);
		assertThat(put(token, "four", Map.of("value", 4)).status()).isEqualTo(200);
	}

	@Test
	void expiredEntriesDoNotCountTowardsTheLimit() {
		String token = agentToken();
		put(token, "a", Map.of("value", 1, "expires_in", 1));
		put(token, "b", Map.of("value", 1));
		put(token, "c", Map.of("value", 1));
		assertThat(put(token, "d", Map.of("value", 1)).code()).isEqualTo("MEMORY_LIMIT_EXCEEDED");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(put(token, "d", Map.of("value", 1)).status()).isEqualTo(200);
	}

	@Test
	void theEntryLimitIsPerAgent() {
		String alice = agentToken();
		for (String key : List.of("a", "b", "c")) {
			put(alice, key, Map.of("value", 1));
		}
		assertThat(put(agentToken(), "a", Map.of("value", 1)).status()).isEqualTo(200);
	}

	// ---- isolation

	@Test
	void twoAgentsUsingTheSameKeyInTheSameScopeNeverSeeEachOthersValue() {
		String alice = agentToken();
		String bob = agentToken();
		String session = createSession(alice);
		for (String sessionId : new String[] { null, session }) {
			String query = (sessionId != null) ? "?session_id=" + sessionId : "";
			Map<String, Object> aliceBody = body("alice's secret", sessionId, null);
			assertThat(put(alice, "shared", aliceBody).status()).isEqualTo(200);

			Response bobReads = this.api.get("/api/v1/memory/shared" + query, bob);
			Response bobReadsNothing = this.api.get("/api/v1/memory/never-set" + query, bob);
			assertThat(bobReads.status()).isEqualTo(404);
			assertThat(bobReads.code()).isEqualTo("MEMORY_NOT_FOUND");
			assertThat(withoutRequestId(bobReads.json()).toString().replace("'shared'", "'K'"))
				.as("the 404 for another agent's key is the 404 for no key at all")
				.isEqualTo(withoutRequestId(bobReadsNothing.json()).toString().replace("'never-set'", "'K'"));
			assertThat(keys(this.api.get("/api/v1/memory" + query, bob))).isEmpty();
			assertThat(this.api.delete("/api/v1/memory/shared" + query, bob).code()).isEqualTo("MEMORY_NOT_FOUND");

			Map<String, Object> bobBody = body("bob's secret", sessionId, false);
			Response bobWrites = put(bob, "shared", bobBody);
			assertThat(bobWrites.status()).as("overwrite=false sees no other agent's key").isEqualTo(200);

			assertThat(this.api.get("/api/v1/memory/shared" + query, alice).json().get("value").asString())
				.isEqualTo("alice's secret");
			assertThat(this.api.get("/api/v1/memory/shared" + query, bob).json().get("value").asString())
				.isEqualTo("bob's secret");
			assertThat(values(this.api.get("/api/v1/memory" + query, alice))).containsExactly("alice's secret");
			assertThat(values(this.api.get("/api/v1/memory" + query, bob))).containsExactly("bob's secret");

			assertThat(this.api.delete("/api/v1/memory/shared" + query, bob).status()).isEqualTo(204);
			assertThat(this.api.get("/api/v1/memory/shared" + query, alice).json().get("value").asString())
				.isEqualTo("alice's secret");
			assertThat(this.api.delete("/api/v1/memory/shared" + query, alice).status()).isEqualTo(204);
		}
	}

	@Test
	void anAdminCannotReadListOrDeleteAnotherAgentsMemory() {
		String alice = agentToken();
		put(alice, "private", Map.of("value", "mine"));
		String admin = token("ops-" + AGENTS.incrementAndGet(), "human", Permission.READ, Permission.WRITE,
				Permission.ADMIN, Permission.DEBUG);
		assertThat(this.api.get("/api/v1/memory/private", admin).code()).isEqualTo("MEMORY_NOT_FOUND");
		assertThat(keys(this.api.get("/api/v1/memory", admin))).isEmpty();
		assertThat(this.api.delete("/api/v1/memory/private", admin).code()).isEqualTo("MEMORY_NOT_FOUND");
		assertThat(this.api.get("/api/v1/memory?agent_id=" + agentOf(alice), admin).json().get("entries")).isEmpty();
		assertThat(this.api.get("/api/v1/memory/private", alice).json().get("value").asString()).isEqualTo("mine");
	}

	@Test
	void anotherTokenOfTheSameAgentSeesItsMemory() {
		String agent = "same-" + AGENTS.incrementAndGet();
		put(token(agent, "claude", Permission.READ, Permission.WRITE), "k", Map.of("value", 1));
		assertThat(this.api.get("/api/v1/memory/k", token(agent, "gemini", Permission.READ)).status()).isEqualTo(200);
	}

	// ---- scopes

	@Test
	void theGlobalScopeAndASessionScopeAreDistinct() {
		String token = agentToken();
		String session = createSession(token);
		put(token, "k", Map.of("value", "global"));
		Response scoped = put(token, "k", Map.of("value", "scoped", "session_id", session));
		assertThat(scoped.json().get("session_id").asString()).isEqualTo(session);

		assertThat(this.api.get("/api/v1/memory/k", token).json().get("value").asString()).isEqualTo("global");
		assertThat(this.api.get("/api/v1/memory/k?session_id=" + session, token).json().get("value").asString())
			.isEqualTo("scoped");
		assertThat(values(this.api.get("/api/v1/memory", token))).containsExactly("global");
		Response sessionList = this.api.get("/api/v1/memory?session_id=" + session, token);
		assertThat(values(sessionList)).containsExactly("scoped");
		assertThat(sessionList.json().get("session_id").asString()).isEqualTo(session);

		assertThat(this.api.delete("/api/v1/memory/k", token).status()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/memory/k?session_id=" + session, token).status()).isEqualTo(200);
		assertThat(put(token, "k", Map.of("value", "again", "overwrite", false)).status()).isEqualTo(200);
	}

	@Test
	void aSessionScopeMustNameAnExistingSession() {
		String token = agentToken();
		String missing = "session_0000000000000000";
		Response put = put(token, "k", Map.of("value", 1, "session_id", missing));
		assertThat(put.status()).as(put.toString()).isEqualTo(404);
		assertThat(put.code()).isEqualTo("SESSION_NOT_FOUND");
		assertThat(this.api.get("/api/v1/memory/k?session_id=" + missing, token).code()).isEqualTo("SESSION_NOT_FOUND");
		assertThat(this.api.get("/api/v1/memory?session_id=" + missing, token).code()).isEqualTo("SESSION_NOT_FOUND");
		assertThat(this.api.delete("/api/v1/memory/k?session_id=" + missing, token).code())
			.isEqualTo("SESSION_NOT_FOUND");
		assertThat(put(token, "k", Map.of("value", 1, "session_id", "session_X")).code()).isEqualTo("INVALID_INPUT");
		assertThat(this.api.get("/api/v1/memory/k?session_id=session_X", token).code()).isEqualTo("INVALID_INPUT");
	}

	@Test
	void deletingASessionDeletesTheMemoryScopedToIt() {
		String token = agentToken();
		String session = createSession(token);
		put(token, "scoped", Map.of("value", 1, "session_id", session));
		put(token, "global", Map.of("value", 2));
		String agent = agentOf(token);
		assertThat(rows(agent)).isEqualTo(2);

		this.jdbc.sql("DELETE FROM sessions WHERE id = :id").param("id", session).update();

		assertThat(rows(agent)).isEqualTo(1);
		assertThat(this.api.get("/api/v1/memory/global", token).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/memory/scoped?session_id=" + session, token).code())
			.isEqualTo("SESSION_NOT_FOUND");
	}

	// ---- listing

	@Test
	void listingFiltersByPrefixOrdersByKeyAndPages() {
		String token = token("lister-" + AGENTS.incrementAndGet(), "claude", Permission.READ, Permission.WRITE);
		for (String key : List.of("notes/b", "notes/a", "notesX")) {
			put(token, key, Map.of("value", key));
		}
		assertThat(keys(this.api.get("/api/v1/memory", token))).containsExactly("notes/a", "notes/b", "notesX");
		assertThat(keys(this.api.get("/api/v1/memory?prefix=notes/", token))).containsExactly("notes/a", "notes/b");
		assertThat(keys(this.api.get("/api/v1/memory?prefix=notes", token))).hasSize(3);
		assertThat(keys(this.api.get("/api/v1/memory?prefix=zzz", token))).isEmpty();
		assertThat(keys(this.api.get("/api/v1/memory?prefix=", token))).hasSize(3);
		assertThat(keys(this.api.get("/api/v1/memory?prefix=n_tes", token))).as("no LIKE wildcards").isEmpty();

		Response page = this.api.get("/api/v1/memory?limit=2", token);
		assertThat(keys(page)).containsExactly("notes/a", "notes/b");
		assertThat(page.json().get("has_more").asBoolean()).isTrue();
		assertThat(page.json().get("count").asInt()).isEqualTo(2);
		assertThat(page.json().get("limit").asInt()).isEqualTo(2);
		assertThat(this.api.get("/api/v1/memory?limit=3", token).json().get("has_more").asBoolean()).isFalse();
	}

	// ---- permissions

	@Test
	void writingNeedsWriteAndReadingNeedsRead() {
		String agent = "perm-" + AGENTS.incrementAndGet();
		String readOnly = token(agent, "claude", Permission.READ);
		String writeOnly = token(agent, "claude", Permission.WRITE);
		Response denied = put(readOnly, "k", Map.of("value", 1));
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.code()).isEqualTo("PERMISSION_DENIED");
		assertThat(this.api.delete("/api/v1/memory/k", readOnly).code()).isEqualTo("PERMISSION_DENIED");

		assertThat(put(writeOnly, "k", Map.of("value", 1)).status()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/memory/k", writeOnly).code()).isEqualTo("PERMISSION_DENIED");
		assertThat(this.api.get("/api/v1/memory", writeOnly).code()).isEqualTo("PERMISSION_DENIED");
		assertThat(this.api.get("/api/v1/memory/k", readOnly).status()).isEqualTo(200);
	}

	@Test
	void memoryNeedsAToken() {
		assertThat(this.api.get("/api/v1/memory", null).status()).isEqualTo(401);
		assertThat(this.api.send("PUT", "/api/v1/memory/k", null, Map.of("value", 1), Map.of()).status())
			.isEqualTo(401);
	}

	// ---- helpers

	private String agentToken() {
		return token("agent-" + AGENTS.incrementAndGet(), "claude", Permission.READ, Permission.WRITE);
	}

	private String agentOf(String token) {
		return this.tokenService.authenticate(token).agentId();
	}

	private Response put(String token, String key, Map<String, Object> body) {
		return this.api.send("PUT", "/api/v1/memory/" + key, token, body, Map.of());
	}

	private Response putRaw(String token, String key, String json) {
		return this.api.send("PUT", "/api/v1/memory/" + key, token, json, Map.of());
	}

	private String createSession(String token) {
		Response created = this.api.post("/api/v1/sessions", token, Map.of("purpose", "memory test"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private long rows(String agentId) {
		return this.jdbc.sql("SELECT count(*) FROM agent_memory WHERE agent_id = :agentId")
			.param("agentId", agentId)
			.query(Long.class)
			.single();
	}

	private static Map<String, Object> body(String value, String sessionId, Boolean overwrite) {
		Map<String, Object> body = new HashMap<>();
		body.put("value", value);
		if (sessionId != null) {
			body.put("session_id", sessionId);
		}
		if (overwrite != null) {
			body.put("overwrite", overwrite);
		}
		return body;
	}

	private static List<String> keys(Response list) {
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		return list.json().get("entries").valueStream().map((e) -> e.get("key").asString()).toList();
	}

	private static List<String> values(Response list) {
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		return list.json().get("entries").valueStream().map((e) -> e.get("value").asString()).toList();
	}

	private static JsonNode withoutRequestId(JsonNode problem) {
		return ((ObjectNode) problem.deepCopy()).remove(List.of("request_id", "instance"));
	}

}
