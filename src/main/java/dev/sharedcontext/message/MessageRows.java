package dev.sharedcontext.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import dev.sharedcontext.visibility.Visibility;

/**
 * How a {@link Message} is read from the {@code messages} table (aliased {@code m}),
 * shared by every query of {@link MessageRepository} that returns messages so that the
 * column list and the mapping cannot drift apart. Package-private: no other package reads
 * message rows.
 */
final class MessageRows {

	/** The columns {@link #map} reads, qualified with the alias {@code m}. */
	static final String COLUMNS = """
			m.id, m.session_id, m.sender, m.sender_type, m.content, m.visibility, m.message_type, m.metadata,
			m.created_at, m.parent_message_id""";

	private MessageRows() {
	}

	static Message map(ResultSet rs) throws SQLException {
		long parent = rs.getLong("parent_message_id");
		Long parentId = rs.wasNull() ? null : parent;
		return new Message(rs.getLong("id"), rs.getString("session_id"), rs.getString("sender"),
				rs.getString("sender_type"), rs.getString("content"), Visibility.of(rs.getString("visibility")),
				rs.getString("message_type"), rs.getString("metadata"), Instant.ofEpochMilli(rs.getLong("created_at")),
				parentId);
	}

}
