import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Straight JDBC against SQLite with the server's pragmas: the raw insert baseline the server is compared with, the
 * bulk loader that fills a database with generated messages, and the check that acknowledged messages are stored.
 */
final class Sqlite {

	static final String SCHEMA = "server schema (word index by trigger)";

	static final String SCHEMA_WITH_TRIGRAM = "server schema + trigram index in the same transaction (before V6)";

	private Sqlite() {
	}

	/**
	 * Fills the trigram index up to the newest message the way the server's TrigramIndexer does (batches of 5,000
	 * per transaction). Returns the seconds it took.
	 */
	static double catchUpTrigrams(Path db) throws SQLException {
		long begin = System.nanoTime();
		try (Connection c = open(db)) {
			c.setAutoCommit(false);
			while (true) {
				long from;
				long newest;
				try (Statement s = c.createStatement();
						ResultSet rs = s.executeQuery("SELECT (SELECT indexed_through FROM search_index_progress WHERE "
								+ "name = 'messages_trigram'), (SELECT coalesce(max(id), 0) FROM messages)")) {
					rs.next();
					from = rs.getLong(1);
					newest = rs.getLong(2);
				}
				if (newest <= from) {
					c.commit();
					break;
				}
				long to = Math.min(newest, from + 5_000);
				try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages_trigram (rowid, content, "
						+ "metadata) SELECT id, content, metadata FROM messages WHERE id > ? AND id <= ? ORDER BY id");
						PreparedStatement progress = c.prepareStatement(
								"UPDATE search_index_progress SET indexed_through = ? WHERE name = 'messages_trigram'")) {
					insert.setLong(1, from);
					insert.setLong(2, to);
					insert.executeUpdate();
					progress.setLong(1, to);
					progress.executeUpdate();
				}
				c.commit();
			}
			c.setAutoCommit(true);
		}
		return (System.nanoTime() - begin) / 1e9;
	}

	record Rate(String name, long rows, double seconds) {

		double perSecond() {
			return this.rows / this.seconds;
		}

	}

	/** The server's pragmas (DatabaseConfiguration), the writer's transaction mode. */
	static Connection open(Path file) throws SQLException {
		Properties p = new Properties();
		p.setProperty("journal_mode", "WAL");
		p.setProperty("synchronous", "NORMAL");
		p.setProperty("foreign_keys", "true");
		p.setProperty("busy_timeout", "5000");
		p.setProperty("transaction_mode", "IMMEDIATE");
		return DriverManager.getConnection("jdbc:sqlite:" + file, p);
	}

	/**
	 * Raw insert rates on this machine, each for about {@code seconds}: a bare table, then the server's schema (two
	 * FTS5 indexes kept by triggers) with the server's transaction shape (touch the session, insert the message), one
	 * row per transaction and many, and the same without the trigram index.
	 * @param template an empty database with the server's schema (copied, never written)
	 */
	static List<Rate> baseline(Path dir, Path template, Corpus corpus, double seconds) throws Exception {
		List<Rate> rates = new ArrayList<>();
		Path bare = dir.resolve("raw-bare.db");
		try (Connection c = open(bare); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, content TEXT NOT NULL, "
					+ "created_at INTEGER NOT NULL)");
			String sql = "INSERT INTO t (session_id, content, created_at) VALUES (?, ?, ?)";
			rates.add(timed("bare table, 1 row per transaction", c, sql, 1, seconds, corpus, false));
			rates.add(timed("bare table, 100 rows per transaction", c, sql, 100, seconds, corpus, false));
		}
		for (boolean trigram : new boolean[] { false, true }) {
			Path copy = dir.resolve(trigram ? "raw-schema-trigram.db" : "raw-schema.db");
			Files.copy(template, copy, StandardCopyOption.REPLACE_EXISTING);
			try (Connection c = open(copy); Statement s = c.createStatement()) {
				s.execute("INSERT INTO sessions (id, purpose, created_by, created_at, updated_at) "
						+ "VALUES ('session_00000000000000aa', 'raw', 'bench', 0, 0)");
				if (trigram) {
					// the trigger as it was before migration V6: both indexes in the message's transaction
					s.execute("DROP TRIGGER messages_search_insert");
					s.execute("CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN "
							+ "INSERT INTO messages_fts (rowid, content, metadata) VALUES (new.id, new.content, new.metadata); "
							+ "INSERT INTO messages_trigram (rowid, content, metadata) VALUES (new.id, new.content, new.metadata); END");
				}
				String label = trigram ? SCHEMA_WITH_TRIGRAM : SCHEMA;
				String sql = "INSERT INTO messages (session_id, sender, sender_type, content, visibility, message_type, "
						+ "created_at) VALUES (?, 'bench', 'bench', ?, 'public', 'agent_response', ?) RETURNING id";
				rates.add(timed(label + ", 1 message per transaction", c, sql, 1, seconds, corpus, true));
				rates.add(timed(label + ", 100 messages per transaction", c, sql, 100, seconds, corpus, true));
			}
		}
		rates.forEach((r) -> System.out.printf("raw sqlite  %-62s %9.0f rows/s%n", r.name(), r.perSecond()));
		return rates;
	}

	private static Rate timed(String name, Connection c, String sql, int perTransaction, double seconds, Corpus corpus,
			boolean touchSession) throws SQLException {
		c.setAutoCommit(false);
		long rows = 0;
		long n = 0;
		long begin = System.nanoTime();
		long deadline = begin + (long) (seconds * 1e9);
		try (PreparedStatement insert = c.prepareStatement(sql);
				PreparedStatement touch = touchSession
						? c.prepareStatement("UPDATE sessions SET updated_at = max(updated_at, ?) WHERE id = ?") : null) {
			while (System.nanoTime() < deadline) {
				for (int i = 0; i < perTransaction; i++) {
					long now = System.currentTimeMillis();
					if (touchSession) {
						touch.setLong(1, now);
						touch.setString(2, "session_00000000000000aa");
						touch.executeUpdate();
					}
					insert.setString(1, "session_00000000000000aa");
					insert.setString(2, corpus.message(n++));
					insert.setLong(3, now);
					if (sql.contains("RETURNING")) {
						try (ResultSet rs = insert.executeQuery()) {
							rs.next();
						}
					}
					else {
						insert.executeUpdate();
					}
					rows++;
				}
				c.commit();
			}
		}
		c.setAutoCommit(true);
		return new Rate(name, rows, (System.nanoTime() - begin) / 1e9);
	}

	/**
	 * Adds {@code messages} generated messages spread over {@code sessions} new sessions, straight into the server's
	 * database file (the server must be stopped), with its triggers, so both search indexes are filled.
	 * @return the ids of the sessions made
	 */
	static List<String> bulkLoad(Path db, Corpus corpus, long messages, int sessions, int senders) throws SQLException {
		List<String> ids = new ArrayList<>();
		SplittableRandom random = new SplittableRandom(7);
		long begin = System.nanoTime();
		try (Connection c = open(db)) {
			c.setAutoCommit(false);
			long start = System.currentTimeMillis() - messages;
			try (PreparedStatement s = c.prepareStatement("INSERT INTO sessions (id, purpose, created_by, created_at, "
					+ "updated_at) VALUES (?, ?, 'bulk-loader', ?, ?)")) {
				for (int i = 0; i < sessions; i++) {
					byte[] b = new byte[8];
					random.nextBytes(b);
					String id = "session_" + HexFormat.of().formatHex(b);
					ids.add(id);
					s.setString(1, id);
					s.setString(2, "bulk session " + i);
					s.setLong(3, start);
					s.setLong(4, start + messages);
					s.executeUpdate();
				}
			}
			c.commit();
			String[] tiers = { "public", "public", "public", "public", "public", "public", "public", "private",
					"agent_only", "admin_only" };
			try (PreparedStatement m = c.prepareStatement("INSERT INTO messages (session_id, sender, sender_type, "
					+ "content, visibility, message_type, created_at) VALUES (?, ?, ?, ?, ?, 'agent_response', ?)")) {
				for (long n = 0; n < messages; n++) {
					m.setString(1, ids.get((int) (n % sessions)));
					m.setString(2, "loader-" + (n % senders));
					m.setString(3, (n % 3 == 0) ? "claude" : "gemini");
					m.setString(4, corpus.message(n));
					m.setString(5, tiers[(int) (n % tiers.length)]);
					m.setLong(6, start + n);
					m.executeUpdate();
					if ((n + 1) % 20_000 == 0) {
						c.commit();
						if ((n + 1) % 200_000 == 0) {
							System.out.printf("  bulk load: %,d messages, %.0f s%n", n + 1,
									(System.nanoTime() - begin) / 1e9);
						}
					}
				}
			}
			c.commit();
			c.setAutoCommit(true);
			try (Statement s = c.createStatement()) {
				s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
			}
		}
		return ids;
	}

	/** How many of the acknowledged ids are missing from {@code messages}. */
	static long missing(Path db, long[] acknowledged) throws SQLException {
		long[] stored;
		try (Connection c = open(db); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
			rs.next();
			stored = new long[rs.getInt(1)];
		}
		try (Connection c = open(db); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT id FROM messages ORDER BY id")) {
			int i = 0;
			while (rs.next() && i < stored.length) {
				stored[i++] = rs.getLong(1);
			}
		}
		long missing = 0;
		for (long id : acknowledged) {
			if (Arrays.binarySearch(stored, id) < 0) {
				missing++;
			}
		}
		return missing;
	}

	/** Copies the schema of a live database (WAL: a consistent snapshot while the server runs). */
	static void snapshot(Path db, Path into) throws SQLException {
		try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
			s.execute("VACUUM INTO '" + into.toString().replace("'", "''") + "'");
		}
	}

	static long count(Path db, String sql) throws SQLException {
		try (Connection c = open(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
