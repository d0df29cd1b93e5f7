package dev.sharedcontext.visibility;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedcontext.visibility.VisibilityPolicy.Viewer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The visibility table of SPEC §5, checked twice: the in-memory
 * {@link VisibilityPolicy#canRead} cell by cell, and the SQL predicate run against the
 * real schema in SQLite, which must select exactly the rows canRead allows.
 */
class VisibilityPolicyTests {

	/** The sender of the messages in the table: a claude agent without admin. */
	static final Viewer SENDER = new Viewer("alice", "claude", false);

	static final Viewer SAME_TYPE = new Viewer("bob", "claude", false);

	static final Viewer OTHER_TYPE = new Viewer("carol", "gemini", false);

	static final Viewer ADMIN_OF_OTHER_TYPE = new Viewer("root", "human", true);

	static final Viewer ADMIN_OF_SAME_TYPE = new Viewer("lead", "claude", true);

	static Viewer viewer(String name) {
		return switch (name) {
			case "sender" -> SENDER;
			case "same_type" -> SAME_TYPE;
			case "other_type" -> OTHER_TYPE;
			case "admin_other_type" -> ADMIN_OF_OTHER_TYPE;
			case "admin_same_type" -> ADMIN_OF_SAME_TYPE;
			default -> throw new IllegalArgumentException(name);
		};
	}

	@Nested
	class CanRead {

		@ParameterizedTest(name = "{0} read by {1} -> {2}")
		@CsvSource(textBlock = """
				public,     sender,           true
				public,     same_type,        true
				public,     other_type,       true
				public,     admin_other_type, true
				public,     admin_same_type,  true
				private,    sender,           true
				private,    same_type,        false
				private,    other_type,       false
				private,    admin_other_type, false
				private,    admin_same_type,  false
				agent_only, sender,           true
				agent_only, same_type,        true
				agent_only, other_type,       false
				agent_only, admin_other_type, false
				agent_only, admin_same_type,  true
				admin_only, sender,           false
				admin_only, same_type,        false
				admin_only, other_type,       false
				admin_only, admin_other_type, true
				admin_only, admin_same_type,  true
				""")
		void canReadWhenTierAndViewerThenAsTheTableSays(String tier, String viewer, boolean expected) {
			assertThat(
					VisibilityPolicy.canRead(viewer(viewer), Visibility.of(tier), SENDER.agentId(), SENDER.agentType()))
				.isEqualTo(expected);
		}

		@Test
		void canReadWhenPrivateAndViewerIsTheSenderAdminThenIncluded() {
			assertThat(VisibilityPolicy.canRead(ADMIN_OF_OTHER_TYPE, Visibility.PRIVATE, "root", "human")).isTrue();
		}

		@Test
		void canReadWhenPrivateAndOtherAgentHasTheSameIdPrefixThenExcluded() {
			assertThat(VisibilityPolicy.canRead(new Viewer("alice2", "claude", false), Visibility.PRIVATE, "alice",
					"claude"))
				.isFalse();
		}

		@Test
		void canReadWhenAgentOnlyThenDecidedBySenderTypeAtPostTimeNotSenderId() {
			assertThat(VisibilityPolicy.canRead(new Viewer("alice", "gemini", false), Visibility.AGENT_ONLY, "alice",
					"claude"))
				.isFalse();
		}

	}

	/**
	 * The SQL predicate over the real schema agrees with canRead for every message and
	 * every viewer.
	 */
	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class SqlPredicate {

		private static final List<Viewer> SENDERS = List.of(SENDER, SAME_TYPE, OTHER_TYPE, ADMIN_OF_OTHER_TYPE,
				ADMIN_OF_SAME_TYPE);

		private SingleConnectionDataSource dataSource;

		private JdbcClient jdbc;

		private final List<StoredMessage> stored = new ArrayList<>();

		@BeforeAll
		void createSchemaWithOneMessagePerTierAndSender() {
			this.dataSource = new SingleConnectionDataSource("jdbc:sqlite::memory:", true);
			new ResourceDatabasePopulator(new ClassPathResource("db/migration/sqlite/V1__init.sql"))
				.execute(this.dataSource);
			this.jdbc = JdbcClient.create(this.dataSource);
			this.jdbc.sql("""
					INSERT INTO sessions (id, purpose, created_by, created_at, updated_at)
					VALUES ('session_0123456789abcdef', 'matrix', 'alice', 0, 0)
					""").update();
			for (Viewer sender : SENDERS) {
				for (Visibility tier : Visibility.values()) {
					long id = this.jdbc.sql("""
							INSERT INTO messages (session_id, sender, sender_type, content, visibility, message_type,
							                      created_at)
							VALUES ('session_0123456789abcdef', :sender, :senderType, 'x', :tier, 'note', 0)
							RETURNING id
							""")
						.param("sender", sender.agentId())
						.param("senderType", sender.agentType())
						.param("tier", tier.value())
						.query(Long.class)
						.single();
					this.stored.add(new StoredMessage(id, tier, sender.agentId(), sender.agentType()));
				}
			}
		}

		@AfterAll
		void close() {
			this.dataSource.destroy();
		}

		static Stream<Arguments> viewers() {
			return Stream
				.of(SENDER, SAME_TYPE, OTHER_TYPE, ADMIN_OF_OTHER_TYPE, ADMIN_OF_SAME_TYPE,
						new Viewer("stranger", "cursor", false), new Viewer("stranger-admin", "cursor", true))
				.map(Arguments::of);
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("viewers")
		void sqlPredicateWhenRunInSqliteThenSelectsExactlyWhatCanReadAllows(Viewer viewer) {
			Set<Long> expected = new HashSet<>();
			for (StoredMessage message : this.stored) {
				if (VisibilityPolicy.canRead(viewer, message.visibility(), message.sender(), message.senderType())) {
					expected.add(message.id());
				}
			}
			List<Long> selected = this.jdbc
				.sql("SELECT m.id FROM messages m WHERE " + VisibilityPolicy.sqlPredicate("m"))
				.params(viewer.sqlParameters())
				.query(Long.class)
				.list();
			assertThat(selected).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
		}

		@Test
		void sqlPredicateWhenViewerIsAdminThenStillExcludesOtherAgentsPrivateMessages() {
			List<String> privateSenders = this.jdbc
				.sql("SELECT m.sender FROM messages m WHERE m.visibility = 'private' AND "
						+ VisibilityPolicy.sqlPredicate("m"))
				.params(ADMIN_OF_OTHER_TYPE.sqlParameters())
				.query(String.class)
				.list();
			assertThat(privateSenders).containsExactly("root");
		}

		@Test
		void sqlPredicateWhenViewerIdLooksLikeSqlThenItIsABoundValue() {
			Viewer hostile = new Viewer("x' OR '1'='1", "claude' OR '1'='1", false);
			List<Long> selected = this.jdbc
				.sql("SELECT m.id FROM messages m WHERE " + VisibilityPolicy.sqlPredicate("m"))
				.params(hostile.sqlParameters())
				.query(Long.class)
				.list();
			assertThat(selected).hasSize(SENDERS.size());
		}

	}

	record StoredMessage(long id, Visibility visibility, String sender, String senderType) {
	}

}
