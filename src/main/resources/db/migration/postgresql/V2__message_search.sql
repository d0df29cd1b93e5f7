-- Full-text search over messages (search_context), PostgreSQL. The same two lookups as the SQLite FTS5 indexes:
--   words  a tsvector over content (weight A) and metadata (weight B), GIN-indexed: ranked word, prefix and
--          phrase queries. The text is cut into runs of letters and digits first, so it tokenizes like FTS5's
--          unicode61 (PostgreSQL's parser would keep user@example.com or 1.5 whole); unaccent folds diacritics.
--   trgm   trigram GIN indexes over the folded text: substring lookups that find candidates for typo-tolerant
--          (fuzzy) matching. PostgreSQL maintains both in the writing transaction, so no trigger or background
--          indexer is needed. Visibility is not indexed here: every search filters with the visibility predicate
--          in the same statement.
-- Needs a UTF-8 database with a UTF-8 ctype (C.UTF-8 or a language locale): under C or POSIX, lower() and
-- [[:alnum:]] ignore non-ASCII letters. The server refuses to start on such a database.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- simple: no stemming and no stop words, like unicode61. unaccent on every token type that can hold a non-ASCII
-- letter (numword: letters mixed with digits, such as café2).
CREATE TEXT SEARCH CONFIGURATION sc_words (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION sc_words ALTER MAPPING FOR word, numword, hword, hword_part, numhword, hword_numpart
    WITH unaccent, simple;

-- unaccent() is not IMMUTABLE (it looks its dictionary up by name); naming the dictionary makes it safe to index
CREATE FUNCTION sc_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

-- NFC first, as the search service composes the query words, so a letter typed as base + combining accent is one
-- letter on both sides.
ALTER TABLE messages ADD COLUMN words tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('sc_words', regexp_replace(normalize(content, NFC), '[^[:alnum:]]+', ' ', 'g')), 'A') ||
    setweight(to_tsvector('sc_words', regexp_replace(normalize(coalesce(metadata, ''), NFC), '[^[:alnum:]]+', ' ',
                                                     'g')), 'B')) STORED;
CREATE INDEX idx_messages_words ON messages USING gin (words);
CREATE INDEX idx_messages_trgm ON messages USING gin (sc_fold(content || ' ' || coalesce(metadata, '')) gin_trgm_ops);
CREATE INDEX idx_messages_trgm_content ON messages USING gin (sc_fold(content) gin_trgm_ops);
