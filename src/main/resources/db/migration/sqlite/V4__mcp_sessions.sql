-- MCP Streamable HTTP state lives in the database so that any replica can serve any request of a session.

CREATE TABLE mcp_sessions (
    id               TEXT    PRIMARY KEY,
    protocol_version TEXT    NOT NULL,
    client_name      TEXT,
    client_version   TEXT,
    log_level        TEXT    NOT NULL DEFAULT 'info',
    created_at       INTEGER NOT NULL,
    last_seen_at     INTEGER NOT NULL
);
CREATE INDEX idx_mcp_sessions_last_seen ON mcp_sessions (last_seen_at);

-- resources/subscribe: who (which agent, under which token) watches which shared-context session.
CREATE TABLE mcp_subscriptions (
    mcp_session_id TEXT    NOT NULL REFERENCES mcp_sessions (id) ON DELETE CASCADE,
    uri            TEXT    NOT NULL,
    session_id     TEXT    NOT NULL,
    token_id       TEXT    NOT NULL,
    agent_id       TEXT    NOT NULL,
    agent_type     TEXT    NOT NULL,
    is_admin       INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (mcp_session_id, uri)
);
CREATE INDEX idx_mcp_subscriptions_session ON mcp_subscriptions (session_id);

-- Server-to-client messages of the GET stream, kept for Last-Event-ID resumption.
CREATE TABLE mcp_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    mcp_session_id TEXT    NOT NULL REFERENCES mcp_sessions (id) ON DELETE CASCADE,
    payload        TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX idx_mcp_events_session ON mcp_events (mcp_session_id, id);
CREATE INDEX idx_mcp_events_created ON mcp_events (created_at);
