-- Housekeeping that must run once per interval however many server processes share the database (memory TTL
-- purge, audit retention, MCP session purge, rate-limit bucket expiry): a process runs a job only when it moves
-- that job's last_run_at forward in one conditional UPDATE, so of N processes whose timers fire together exactly
-- one wins each interval.
CREATE TABLE job_runs (
    name         TEXT    PRIMARY KEY,
    last_run_at  INTEGER NOT NULL
);
-- Rate-limit buckets live in memory on SQLite (one server process per file); PostgreSQL's V9 also creates the
-- shared rate_limit_buckets table here.
