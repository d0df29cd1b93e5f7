-- On SQLite this version moved the trigram index out of the message's transaction into a background indexer that
-- records its progress here. PostgreSQL's trigram GIN index (V2) is maintained by the writing transaction itself,
-- so nothing is indexed in the background; the table exists so that both engines have the same tables (and
-- migrate-to can copy either way), and its row says that every message is indexed.

CREATE TABLE search_index_progress (
    name             TEXT    COLLATE "C" PRIMARY KEY,
    indexed_through  BIGINT  NOT NULL
);
INSERT INTO search_index_progress (name, indexed_through) VALUES ('messages_trigram', 0);
