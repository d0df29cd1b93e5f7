package dev.sharedcontext.search;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.database.DatabaseVendor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recall set {@code search/recall.json}: exact words, prefixes, infixes, typos in
 * words of 4, 5 and 6+ letters, phrases, accents, several words, and queries that must
 * not match, each on both engines. Every expected message is found (in order where the
 * set says so) and no forbidden one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchRecallTests {

	private static final String SESSION = "session_00000000000000cc";

	private static final AgentPrincipal READER = new AgentPrincipal("reader", "claude", Set.of(Permission.READ),
			"token-reader");

	/** One query of the set. */
	record Query(String query, String kind, List<String> expect, List<String> forbid, boolean ordered,
			Double threshold) {
	}

	/** The set as stored. */
	record RecallSet(String about, Map<String, String> messages, List<Map<String, Object>> queries) {

		List<Query> parsed() {
			List<Query> parsed = new ArrayList<>();
			for (Map<String, Object> q : this.queries) {
				parsed.add(new Query((String) q.get("query"), (String) q.get("class"), strings(q.get("expect")),
						strings(q.get("forbid")), Boolean.TRUE.equals(q.get("ordered")),
						(q.get("threshold") != null) ? ((Number) q.get("threshold")).doubleValue() : null));
			}
			return parsed;
		}

		@SuppressWarnings("unchecked")
		private static List<String> strings(Object value) {
			return (value != null) ? (List<String>) value : List.of();
		}

	}

	private final Map<DatabaseVendor, SearchEngineTests.Engine> engines = new EnumMap<>(DatabaseVendor.class);

	private final Map<DatabaseVendor, Map<Long, String>> names = new EnumMap<>(DatabaseVendor.class);

	@BeforeAll
	void databases() throws Exception {
		this.engines.putAll(SearchEngineTests.Engine.both());
		RecallSet set = load();
		for (Map.Entry<DatabaseVendor, SearchEngineTests.Engine> engine : this.engines.entrySet()) {
			engine.getValue().session(SESSION);
			Map<Long, String> byId = new LinkedHashMap<>();
			for (Map.Entry<String, String> message : set.messages().entrySet()) {
				byId.put(engine.getValue().post(SESSION, "alice", "claude", message.getValue(), "public", null),
						message.getKey());
			}
			this.names.put(engine.getKey(), byId);
		}
	}

	@AfterAll
	void close() {
		this.engines.values().forEach((engine) -> engine.context.close());
	}

	static RecallSet load() throws Exception {
		try (InputStream in = SearchRecallTests.class.getResourceAsStream("/search/recall.json")) {
			return JsonMapper.builder().build().readValue(in, RecallSet.class);
		}
	}

	Stream<Arguments> queries() throws Exception {
		return load().parsed()
			.stream()
			.flatMap((q) -> Stream.of(DatabaseVendor.values()).map((vendor) -> Arguments.of(q.kind(), q, vendor)));
	}

	@ParameterizedTest(name = "{0}: {1} on {2}")
	@MethodSource("queries")
	void everyExpectedHitIsFoundAndNoForbiddenOne(String kind, Query query, DatabaseVendor vendor) {
		SearchResults results = this.engines.get(vendor).search.search(READER, new SearchRequest(SESSION, query.query(),
				(query.threshold() != null) ? query.threshold() : 60.0, 10, true, SearchScope.ALL));
		List<String> found = results.results()
			.stream()
			.map((hit) -> this.names.get(vendor).get(hit.message().id()))
			.toList();
		assertThat(found).as(query.query()).containsAll(query.expect());
		for (String forbidden : query.forbid()) {
			assertThat(found).as(query.query() + " must not find " + forbidden).doesNotContain(forbidden);
		}
		if (query.ordered()) {
			assertThat(found).as(query.query() + " ranking").startsWith(query.expect().toArray(String[]::new));
		}
		assertThat(results.results()).allSatisfy((hit) -> assertThat(hit.score()).isBetween(0.0, 100.0));
	}

}
