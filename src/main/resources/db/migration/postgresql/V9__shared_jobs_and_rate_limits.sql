-- Housekeeping that must run once per interval however many replicas share the database (memory TTL purge, audit
-- retention, MCP session purge, rate-limit bucket expiry): a replica runs a job only when it moves that job's
-- last_run_at forward in one conditional UPDATE, so of N replicas whose timers fire together exactly one wins
-- each interval (under READ COMMITTED the losers re-check the WHERE clause against the winner's row and update
-- nothing).
CREATE TABLE job_runs (
    name         TEXT    COLLATE "C" PRIMARY KEY,
    last_run_at  BIGINT  NOT NULL
);

-- Rate limits shared by every replica: one Bucket4j bucket per limit and key (Bucket4j's PostgreSQL
-- select-for-update proxy manager; state is Bucket4j's serialized bucket, expires_at epoch milliseconds after which
-- a full bucket may be removed).
CREATE TABLE rate_limit_buckets (
    id          TEXT    COLLATE "C" PRIMARY KEY,
    state       BYTEA,
    expires_at  BIGINT
);
