-- The trigram index (typo-tolerant candidates) is no longer written by the message's own transaction: it cost
-- two thirds of a posted message's write time (docs/benchmarks.md). TrigramIndexer fills it in batches, in the
-- background and, before any typo-tolerant lookup, up to the newest message, so a search still sees every
-- committed message. The word index (messages_fts) stays in the message's transaction.
--
-- indexed_through: every message with id <= it is in messages_trigram (ids only grow: AUTOINCREMENT, one writer).

CREATE TABLE search_index_progress (
    name             TEXT    PRIMARY KEY,
    indexed_through  INTEGER NOT NULL
);
INSERT INTO search_index_progress (name, indexed_through)
VALUES ('messages_trigram', COALESCE((SELECT max(id) FROM messages), 0));

DROP TRIGGER messages_search_insert;
CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content, metadata) VALUES (new.id, new.content, new.metadata);
END;

DROP TRIGGER messages_search_delete;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content, metadata)
    VALUES ('delete', old.id, old.content, old.metadata);
END;
-- Only rows already in the trigram index may be deleted from it (external content: 'delete' needs the old text).
CREATE TRIGGER messages_trigram_delete AFTER DELETE ON messages
WHEN old.id <= (SELECT indexed_through FROM search_index_progress WHERE name = 'messages_trigram') BEGIN
    INSERT INTO messages_trigram (messages_trigram, rowid, content, metadata)
    VALUES ('delete', old.id, old.content, old.metadata);
END;

DROP TRIGGER messages_search_update;
CREATE TRIGGER messages_search_update AFTER UPDATE OF content, metadata ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content, metadata)
    VALUES ('delete', old.id, old.content, old.metadata);
    INSERT INTO messages_fts (rowid, content, metadata) VALUES (new.id, new.content, new.metadata);
END;
-- A row not indexed yet is indexed later with its text as it is then.
CREATE TRIGGER messages_trigram_update AFTER UPDATE OF content, metadata ON messages
WHEN old.id <= (SELECT indexed_through FROM search_index_progress WHERE name = 'messages_trigram') BEGIN
    INSERT INTO messages_trigram (messages_trigram, rowid, content, metadata)
    VALUES ('delete', old.id, old.content, old.metadata);
    INSERT INTO messages_trigram (rowid, content, metadata) VALUES (new.id, new.content, new.metadata);
END;
