package dev.sharedcontext.search;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An in-memory SQLite database with the two FTS5 indexes of the migrations (same
 * tokenizers) over three messages, for tests that run built MATCH expressions against
 * real FTS5.
 */
final class FtsTables {

	private FtsTables() {
	}

	static Connection inMemory() throws SQLException {
		Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, content TEXT, metadata TEXT)");
			statement.execute("""
					CREATE VIRTUAL TABLE messages_fts USING fts5(content, metadata, content = 'messages',
					content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2')""");
			statement.execute("""
					CREATE VIRTUAL TABLE messages_trigram USING fts5(content, metadata, content = 'messages',
					content_rowid = 'id', tokenize = 'trigram remove_diacritics 1')""");
			statement.execute("""
					INSERT INTO messages VALUES (1, 'agent coordination works', '{"tag":"secret"}'),
					                            (2, 'a OR x NEAR c', NULL),
					                            (3, 'Café résumé 日本語の検索 🙂', NULL)""");
			statement.execute("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')");
			statement.execute("INSERT INTO messages_trigram (messages_trigram) VALUES ('rebuild')");
		}
		return connection;
	}

}
