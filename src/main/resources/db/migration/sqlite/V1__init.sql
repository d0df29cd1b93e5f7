-- Shared Context Server schema. Times are epoch milliseconds (UTC); JSON columns hold serialized objects.

CREATE TABLE sessions (
    id          TEXT    PRIMARY KEY CHECK (length(id) = 24),
    purpose     TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    metadata    TEXT,
    is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
-- list_sessions: newest activity first, optionally active only
CREATE INDEX idx_sessions_updated ON sessions (updated_at DESC, id);
CREATE INDEX idx_sessions_active_updated ON sessions (is_active, updated_at DESC, id);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id        TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    sender            TEXT    NOT NULL,
    sender_type       TEXT    NOT NULL,
    content           TEXT    NOT NULL,
    visibility        TEXT    NOT NULL CHECK (visibility IN ('public', 'private', 'agent_only', 'admin_only')),
    message_type      TEXT    NOT NULL,
    metadata          TEXT,
    parent_message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    created_at        INTEGER NOT NULL
);
-- get_messages / counts / after_id polling: by session in id order
CREATE INDEX idx_messages_session_id ON messages (session_id, id);
-- search_by_sender
CREATE INDEX idx_messages_session_sender ON messages (session_id, sender, id);
-- search_by_timerange
CREATE INDEX idx_messages_session_created ON messages (session_id, created_at);
-- threads
CREATE INDEX idx_messages_parent ON messages (parent_message_id) WHERE parent_message_id IS NOT NULL;

CREATE TABLE agent_memory (
    agent_id    TEXT    NOT NULL,
    -- '' for the global scope, otherwise the session id (NULLs would not be unique in the primary key)
    scope       TEXT    NOT NULL,
    session_id  TEXT    REFERENCES sessions (id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    metadata    TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    expires_at  INTEGER,
    PRIMARY KEY (agent_id, scope, key),
    CHECK ((scope = '' AND session_id IS NULL) OR scope = session_id)
) WITHOUT ROWID;
CREATE INDEX idx_memory_expires ON agent_memory (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX idx_memory_session ON agent_memory (session_id) WHERE session_id IS NOT NULL;

-- Every issued token, JWT or protected. Protected tokens are found by the SHA-256 of their value; the value
-- itself is never stored. JWTs are found by their jti (= id).
CREATE TABLE tokens (
    id          TEXT    PRIMARY KEY,
    token_hash  TEXT    UNIQUE,
    format      TEXT    NOT NULL CHECK (format IN ('sct', 'jwt')),
    agent_id    TEXT    NOT NULL,
    agent_type  TEXT    NOT NULL,
    permissions TEXT    NOT NULL,
    issued_by   TEXT    NOT NULL,
    issued_at   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    CHECK ((format = 'sct') = (token_hash IS NOT NULL))
);
CREATE INDEX idx_tokens_agent ON tokens (agent_id, issued_at DESC);
CREATE INDEX idx_tokens_issued ON tokens (issued_at DESC, id);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at    INTEGER NOT NULL,
    event_type     TEXT    NOT NULL,
    agent_id       TEXT,
    session_id     TEXT,
    resource       TEXT,
    action         TEXT,
    result         TEXT    NOT NULL,
    remote_address TEXT,
    request_id     TEXT,
    details        TEXT
);
CREATE INDEX idx_audit_occurred ON audit_log (occurred_at);
CREATE INDEX idx_audit_event ON audit_log (event_type, id);
CREATE INDEX idx_audit_agent ON audit_log (agent_id, id);
CREATE INDEX idx_audit_session ON audit_log (session_id, id) WHERE session_id IS NOT NULL;
