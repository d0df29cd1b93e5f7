-- Full-text search over messages (search_context). Two external-content FTS5 indexes over messages(content,
-- metadata), so the text is stored once (in messages) and indexed twice:
--   messages_fts      word index (unicode61, diacritics folded): BM25 ranking, prefix and phrase queries
--   messages_trigram  trigram index: substring lookups that find candidates for typo-tolerant (fuzzy) matching
-- Triggers keep both in the same transaction as the write that changes a message. Visibility is not indexed
-- here: every search joins messages and filters with the visibility predicate in the same statement.

CREATE VIRTUAL TABLE messages_fts USING fts5(
    content,
    metadata,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE messages_trigram USING fts5(
    content,
    metadata,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'trigram remove_diacritics 1'
);

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content, metadata) VALUES (new.id, new.content, new.metadata);
    INSERT INTO messages_trigram (rowid, content, metadata) VALUES (new.id, new.content, new.metadata);
END;

-- Also fires for rows removed by ON DELETE CASCADE when a session is deleted.
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content, metadata)
    VALUES ('delete', old.id, old.content, old.metadata);
    INSERT INTO messages_trigram (messages_trigram, rowid, content, metadata)
    VALUES ('delete', old.id, old.content, old.metadata);
END;

-- Only text changes touch the indexes; a visibility change does not (visibility is checked on messages).
CREATE TRIGGER messages_search_update AFTER UPDATE OF content, metadata ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content, metadata)
    VALUES ('delete', old.id, old.content, old.metadata);
    INSERT INTO messages_trigram (messages_trigram, rowid, content, metadata)
    VALUES ('delete', old.id, old.content, old.metadata);
    INSERT INTO messages_fts (rowid, content, metadata) VALUES (new.id, new.content, new.metadata);
    INSERT INTO messages_trigram (rowid, content, metadata) VALUES (new.id, new.content, new.metadata);
END;

-- Backfill the messages that existed before this migration.
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
INSERT INTO messages_trigram (messages_trigram) VALUES ('rebuild');
