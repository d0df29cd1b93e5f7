package dev.sharedcontext.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteDataSource;

import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

import dev.sharedcontext.auth.AgentPrincipal;
import dev.sharedcontext.auth.Permission;
import dev.sharedcontext.database.DatabaseVendor;
import dev.sharedcontext.database.ReadOnly;
import dev.sharedcontext.database.SqlDialect;
import dev.sharedcontext.message.MessageRepository;
import dev.sharedcontext.metrics.meters.ServerMeters;
import dev.sharedcontext.session.SessionService;
import dev.sharedcontext.support.Postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The search rules of docs/search.md on both engines, through the repository and service
 * code the server runs ({@link MessageRepository} with its per-engine
 * {@code MessageSearchSql}, {@link SearchService}, the engine's {@link TrigramIndex})
 * over a database built by the engine's own Flyway folder: SQLite FTS5 and PostgreSQL
 * ({@code tsvector}, {@code pg_trgm}). Messages are inserted directly; every case expects
 * the same answer from both engines. Needs no server on PostgreSQL, only the embedded
 * database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchEngineTests {

	private static final AgentPrincipal ALICE = agent("alice", "claude", false);

	private static final AgentPrincipal BOB = agent("bob", "claude", false);

	private static final AgentPrincipal CAROL = agent("carol", "gemini", false);

	private static final AgentPrincipal ROOT = agent("root", "ops", true);

	private static final String SESSION = "session_00000000000000aa";

	private static final String OTHER = "session_00000000000000bb";

	private final Map<DatabaseVendor, Engine> engines = new EnumMap<>(DatabaseVendor.class);

	/** Message ids by name; the same on both engines (inserted in the same order). */
	private final Map<String, Long> ids = new HashMap<>();

	@BeforeAll
	void databases() throws Exception {
		this.engines.putAll(Engine.both());
		for (Engine engine : this.engines.values()) {
			Map<String, Long> posted = engine.insertCorpus();
			if (this.ids.isEmpty()) {
				this.ids.putAll(posted);
			}
			assertThat(posted).as(engine.vendor + " ids").isEqualTo(this.ids);
		}
	}

	@AfterAll
	void close() {
		this.engines.values().forEach((engine) -> engine.context.close());
	}

	static Stream<Arguments> cases() {
		return Stream.of(
				// exact words, case and accents folded
				Arguments.of("cafe RESUME", "", List.of("accents")), Arguments.of("café", "", List.of("accents")),
				Arguments.of("NAÏVE", "", List.of("accents")), Arguments.of("café2", "", List.of("accents")),
				// letters beyond ASCII
				Arguments.of("ПРИВЕТ", "", List.of("cyrillic")), Arguments.of("йод", "", List.of("cyrillic")),
				Arguments.of("日本語の検索", "", List.of("cyrillic")),
				// words inside e-mail addresses, dotted numbers and paths are words
				Arguments.of("example", "", List.of("mail")), Arguments.of("user@example.com", "", List.of("mail")),
				Arguments.of("example.com", "", List.of("mail")), Arguments.of("v1.5", "", List.of("mail")),
				Arguments.of("lib", "", List.of("mail")), Arguments.of("1.5", "", List.of()),
				// phrases: in order, adjacent, inside one column
				Arguments.of("\"quick brown\"", "", List.of("phrase")),
				Arguments.of("quick brown", "", List.of("phrase", "shuffled")),
				Arguments.of("\"brown quick\"", "", List.of()), Arguments.of("\"jumps label\"", "", List.of()),
				// prefixes
				Arguments.of("coordinat*", "", List.of("coordinator", "typo", "plural", "exact")),
				Arguments.of("zebra*", "", List.of("tagged")), Arguments.of("c*", "", List.of()),
				// metadata is searched unless turned off
				Arguments.of("zebrafish", "", List.of("tagged")),
				Arguments.of("zebrafish", "search_metadata=false", List.of()),
				Arguments.of("zebrafsh", "search_metadata=false", List.of()),
				Arguments.of("zebrafsh", "", List.of("tagged")),
				// terms are ANDed; typed operators are words
				Arguments.of("quick OR nothing", "", List.of()),
				Arguments.of("fox -quick", "", List.of("phrase", "shuffled")),
				Arguments.of("\"a\" OR x*", "", List.of()),
				// typo tolerance
				Arguments.of("coordination", "",
						List.of("exact", "plural", "typo", "coordinator", "subordination", "cooperation")),
				Arguments.of("cordination", "fuzzy_threshold=90", List.of("exact")),
				Arguments.of("cordination", "fuzzy_threshold=95", List.of()));
	}

	@ParameterizedTest(name = "{0} [{1}] on {3}")
	@MethodSource("casesOnBothEngines")
	void theEnginesAnswerAlike(String query, String parameters, List<String> expected, DatabaseVendor vendor) {
		List<Long> want = expected.stream().map(this.ids::get).toList();
		assertThat(ids(search(vendor, ROOT, query, parameters))).as(query).containsExactlyInAnyOrderElementsOf(want);
	}

	@ParameterizedTest
	@EnumSource(DatabaseVendor.class)
	void exactRanksBeforeTyposAndCloserTyposFirst(DatabaseVendor vendor) {
		SearchResults results = search(vendor, ROOT, "coordination", "fuzzy_threshold=0");
		assertThat(ids(results)).containsExactly(this.ids.get("exact"), this.ids.get("plural"), this.ids.get("typo"),
				this.ids.get("coordinator"), this.ids.get("subordination"), this.ids.get("cooperation"));
		assertThat(results.results().get(0).score()).isEqualTo(100.0);
		assertThat(results.results().get(1).score()).isLessThan(100.0);
	}

	Stream<Arguments> casesOnBothEngines() {
		return cases().flatMap((c) -> Stream.of(DatabaseVendor.values())
			.map((vendor) -> Arguments.of(c.get()[0], c.get()[1], c.get()[2], vendor)));
	}

	@ParameterizedTest
	@EnumSource(DatabaseVendor.class)
	void scoresAndPreviewsFollowTheContract(DatabaseVendor vendor) {
		SearchHit phrase = search(vendor, ALICE, "\"quick brown\"", "").results().get(0);
		assertThat(phrase.score()).isEqualTo(100.0);
		assertThat(phrase.relevance()).isEqualTo(Relevance.HIGH);
		assertThat(phrase.matchPreview()).contains("«quick brown»");

		SearchHit typo = search(vendor, ALICE, "cordination", "").results().get(0);
		assertThat(typo.score()).isEqualTo(91.7);
		assertThat(typo.matchPreview()).contains("«coordination»");

		assertThat(search(vendor, ALICE, "zebrafish", "").results().get(0).matchPreview()).contains("«zebrafish»");
		assertThat(search(vendor, ALICE, "naive", "").results().get(0).matchPreview()).contains("«naïve»");
	}

	@ParameterizedTest
	@EnumSource(DatabaseVendor.class)
	void aMessageMatchedInContentRanksBeforeOneMatchedInMetadata(DatabaseVendor vendor) {
		assertThat(ids(search(vendor, ALICE, "kestrel", ""))).containsExactly(this.ids.get("kestrel content"),
				this.ids.get("kestrel metadata"));
	}

	@ParameterizedTest
	@EnumSource(DatabaseVendor.class)
	void eachViewerFindsExactlyWhatItMayRead(DatabaseVendor vendor) {
		Map<AgentPrincipal, List<String>> visible = Map.of(ALICE, List.of("public", "private", "agent_only"), BOB,
				List.of("public", "agent_only"), CAROL, List.of("public"), ROOT, List.of("public", "admin_only"));
		for (Map.Entry<AgentPrincipal, List<String>> viewer : visible.entrySet()) {
			List<Long> expected = viewer.getValue().stream().map((tier) -> this.ids.get("tier " + tier)).toList();
			for (String query : List.of("quasarword", "quasarwrd", "quasarwor*", "quasar*", "\"tier quasarword\"")) {
				for (String session : new String[] { SESSION, null }) {
					SearchResults results = search(vendor, viewer.getKey(),
							new SearchRequest(session, query, 0.0, 100, true, SearchScope.ALL));
					assertThat(ids(results)).as(viewer.getKey().agentId() + " " + query)
						.containsExactlyInAnyOrderElementsOf(expected);
					assertThat(results.results()).as("previews come from the hit itself")
						.allSatisfy((hit) -> assertThat(hit.message().content())
							.contains(hit.matchPreview().replaceAll("[«»]", "").replaceAll("^…|…$", "")));
				}
			}
		}
	}

	@ParameterizedTest
	@EnumSource(DatabaseVendor.class)
	void aScopeNarrowsButNeverWidens(DatabaseVendor vendor) {
		assertThat(ids(search(vendor, BOB, "quasarword", "search_scope=private"))).isEmpty();
		assertThat(ids(search(vendor, CAROL, "quasarwrd", "search_scope=agent_only"))).isEmpty();
		assertThat(ids(search(vendor, ALICE, "quasarwrd", "search_scope=private")))
			.containsExactly(this.ids.get("tier private"));
		assertThat(ids(search(vendor, ROOT, "quasarword", "search_scope=admin_only")))
			.containsExactly(this.ids.get("tier admin_only"));
	}

	@ParameterizedTest
	@EnumSource(DatabaseVendor.class)
	void aSessionFilterKeepsToItsSession(DatabaseVendor vendor) {
		SearchRequest inOther = new SearchRequest(OTHER, "elsewhere", 0.0, 10, true, SearchScope.ALL);
		SearchRequest inThis = new SearchRequest(SESSION, "elsewhere", 0.0, 10, true, SearchScope.ALL);
		assertThat(ids(search(vendor, ALICE, inOther))).containsExactly(this.ids.get("other session"));
		assertThat(ids(search(vendor, ALICE, inThis))).isEmpty();
		assertThat(ids(search(vendor, ALICE, "elswhere", ""))).containsExactly(this.ids.get("other session"));
	}

	@ParameterizedTest
	@EnumSource(DatabaseVendor.class)
	void theLimitCutsTheRankedList(DatabaseVendor vendor) {
		assertThat(ids(search(vendor, ROOT, "coordination", "fuzzy_threshold=0&limit=2")))
			.containsExactly(this.ids.get("exact"), this.ids.get("plural"));
		assertThat(ids(search(vendor, ROOT, "coordination", "limit=1"))).containsExactly(this.ids.get("exact"));
	}

	static List<String> hostile() {
		return List.of("\"a\" OR x*", "OR", "AND", "NOT", "NEAR(", "^", "col:", "{cols}:", "content:", "+", "-", "(",
				")", "\"", "\"\"", "'", "';--", "\\", ":*", "!(&|)", "%", "_", "quasar% OR", "quasarw_rd", "%quasar%",
				"quasar:*", "quasar:*A", "'quasarword':*", "quasarword') | ('a", "quasarword & !x", "<->", "x <-> y",
				"{content} : quasarword", "*", "x * y", "🙂", "a\u0000b", "NEAR(" + "quasarword" + " tier)",
				"-quasarword", "^quasarword", "quasarword*", "ab\"* ".repeat(200), "NEAR( ".repeat(160),
				"\\quasarword\\", "quasar\\%word", "йод:*", "x".repeat(3000));
	}

	@Test
	void hostileSyntaxIsHarmlessAndAnsweredAlikeOnBothEngines() {
		for (String query : hostile()) {
			Map<DatabaseVendor, Set<Long>> answers = new EnumMap<>(DatabaseVendor.class);
			for (DatabaseVendor vendor : DatabaseVendor.values()) {
				SearchResults results = search(vendor, CAROL,
						new SearchRequest(null, query, 0.0, 100, true, SearchScope.ALL));
				answers.put(vendor, new HashSet<>(ids(results)));
				assertThat(ids(results)).as(vendor + ": " + query)
					.doesNotContain(this.ids.get("tier private"), this.ids.get("tier agent_only"),
							this.ids.get("tier admin_only"));
			}
			assertThat(answers.get(DatabaseVendor.POSTGRESQL)).as(query).isEqualTo(answers.get(DatabaseVendor.SQLITE));
		}
	}

	private SearchResults search(DatabaseVendor vendor, AgentPrincipal caller, String query, String parameters) {
		Map<String, String> given = new HashMap<>();
		for (String parameter : parameters.split("&")) {
			if (!parameter.isEmpty()) {
				String[] pair = parameter.split("=", 2);
				given.put(pair[0], pair[1]);
			}
		}
		return search(vendor, caller,
				new SearchRequest(null, query, Double.valueOf(given.getOrDefault("fuzzy_threshold", "60")),
						Integer.valueOf(given.getOrDefault("limit", "10")),
						Boolean.valueOf(given.getOrDefault("search_metadata", "true")),
						SearchScope.of(given.getOrDefault("search_scope", "all"))));
	}

	private SearchResults search(DatabaseVendor vendor, AgentPrincipal caller, SearchRequest request) {
		return this.engines.get(vendor).search.search(caller, request);
	}

	private static List<Long> ids(SearchResults results) {
		return results.results().stream().map((hit) -> hit.message().id()).toList();
	}

	private static AgentPrincipal agent(String id, String type, boolean admin) {
		return new AgentPrincipal(id, type, admin ? Set.of(Permission.READ, Permission.ADMIN) : Set.of(Permission.READ),
				"token-" + id);
	}

	/**
	 * One engine: its Flyway folder applied, and the server's search beans in a small
	 * Spring context over it (no web layer, no rate limits).
	 */
	/**
	 * The search service on one engine's freshly migrated database (also used by
	 * {@link SearchRecallTests}).
	 */
	static final class Engine {

		/** A fresh SQLite file and a fresh PostgreSQL database. */
		static Map<DatabaseVendor, Engine> both() throws Exception {
			Map<DatabaseVendor, Engine> engines = new EnumMap<>(DatabaseVendor.class);
			Path sqlite = Files.createTempFile("search-engine", ".db");
			SQLiteDataSource file = new SQLiteDataSource();
			file.setUrl("jdbc:sqlite:" + sqlite);
			engines.put(DatabaseVendor.SQLITE, new Engine(DatabaseVendor.SQLITE, file, "sqlite"));
			engines.put(DatabaseVendor.POSTGRESQL, new Engine(DatabaseVendor.POSTGRESQL,
					new DriverManagerDataSource(Postgres.newDatabase(), "postgres", ""), "postgresql"));
			return engines;
		}

		final DatabaseVendor vendor;

		final JdbcClient jdbc;

		final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

		final SearchService search;

		Engine(DatabaseVendor vendor, DataSource dataSource, String folder) {
			this.vendor = vendor;
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + folder).load().migrate();
			this.jdbc = JdbcClient.create(dataSource);
			this.context.registerBean("dataSource", DataSource.class, () -> dataSource, (bd) -> bd.setPrimary(true));
			this.context.registerBean("jdbcClient", JdbcClient.class, () -> this.jdbc, (bd) -> bd.setPrimary(true));
			this.context.registerBean("readOnlyJdbcClient", JdbcClient.class, () -> JdbcClient.create(dataSource),
					(bd) -> ((org.springframework.beans.factory.support.AbstractBeanDefinition) bd)
						.addQualifier(new AutowireCandidateQualifier(ReadOnly.class)));
			this.context.registerBean(PlatformTransactionManager.class,
					() -> new DataSourceTransactionManager(dataSource));
			this.context.registerBean(DatabaseVendor.class, () -> vendor);
			// the write path's dialect: these tests insert rows directly
			this.context.registerBean(SqlDialect.class, () -> mock(SqlDialect.class));
			this.context.registerBean(SessionService.class, () -> mock(SessionService.class));
			this.context.registerBean(ServerMeters.class,
					() -> new ServerMeters(new SimpleMeterRegistry(), Clock.systemUTC()));
			this.context.register(MessageRepository.class, SearchConfiguration.class, SearchService.class);
			this.context.refresh();
			this.search = this.context.getBean(SearchService.class);
		}

		Map<String, Long> insertCorpus() {
			session(SESSION);
			session(OTHER);
			Map<String, Long> ids = new HashMap<>();
			ids.put("phrase", post("alice", "claude", "the quick brown fox jumps", "public", "{\"label\":\"x\"}"));
			ids.put("shuffled", post("alice", "claude", "brown and quick, the fox", "public", null));
			ids.put("coordinator", post("alice", "claude", "the coordinator decides", "public", null));
			ids.put("cooperation", post("alice", "claude", "cooperation matters", "public", null));
			ids.put("subordination", post("alice", "claude", "the subordination rules", "public", null));
			ids.put("typo", post("alice", "claude", "coordinaton with a typo", "public", null));
			ids.put("plural", post("alice", "claude", "coordinations galore", "public", null));
			ids.put("exact", post("alice", "claude", "Agent coordination is hard", "public", null));
			ids.put("tagged", post("alice", "claude", "nothing to see", "public", "{\"label\":\"zebrafish\"}"));
			ids.put("accents", post("alice", "claude", "Café résumé naïve café2", "public", null));
			ids.put("cyrillic", post("alice", "claude", "Привет, йод! 日本語の検索", "public", null));
			ids.put("mail", post("alice", "claude", "mail user@example.com about v1.5.2 in /usr/lib", "public", null));
			ids.put("kestrel metadata", post("alice", "claude", "a bird", "public", "{\"name\":\"kestrel\"}"));
			ids.put("kestrel content", post("alice", "claude", "a kestrel hovers", "public", null));
			for (String tier : List.of("public", "private", "agent_only", "admin_only")) {
				String sender = tier.equals("admin_only") ? "root" : "alice";
				String type = tier.equals("admin_only") ? "ops" : "claude";
				String secret = tier.equals("public") ? "" : " secret";
				ids.put("tier " + tier,
						post(sender, type, "tier quasarword " + tier.replace('_', ' ') + secret, tier, null));
			}
			ids.put("other session", post(OTHER, "bob", "claude", "posted elsewhere", "public", null));
			return ids;
		}

		void session(String id) {
			this.jdbc.sql("""
					INSERT INTO sessions (id, purpose, created_by, is_active, created_at, updated_at)
					VALUES (:id, 'search', 'alice', 1, 0, 0)""").param("id", id).update();
		}

		private long post(String sender, String type, String content, String visibility, String metadata) {
			return post(SESSION, sender, type, content, visibility, metadata);
		}

		long post(String session, String sender, String type, String content, String visibility, String metadata) {
			return this.jdbc.sql("""
					INSERT INTO messages (session_id, sender, sender_type, content, visibility, message_type, metadata,
					                      created_at)
					VALUES (:session, :sender, :type, :content, :visibility, 'agent_response', :metadata, 1)
					RETURNING id""")
				.param("session", session)
				.param("sender", sender)
				.param("type", type)
				.param("content", content)
				.param("visibility", visibility)
				.param("metadata", metadata)
				.query(Long.class)
				.single();
		}

	}

}
