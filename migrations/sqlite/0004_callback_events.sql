-- Inbound callbacks. Same shape as migrations/postgres/0004_callback_events.sql; only dialect
-- differences (INTEGER for BIGINT, no row-level security).

CREATE TABLE callback_events (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants (id),
    source           TEXT NOT NULL CHECK (source IN ('provider', 'wecom')),
    account_id       TEXT REFERENCES accounts (id),
    dedup_key        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'processed', 'ignored', 'unhandled', 'failed')),
    attempts         INTEGER NOT NULL,
    last_error       TEXT,
    next_attempt_at  INTEGER,
    received_at      INTEGER NOT NULL,
    processed_at     INTEGER,
    UNIQUE (source, dedup_key)
);
CREATE INDEX callback_events_tenant_received ON callback_events (tenant_id, received_at, id);
CREATE INDEX callback_events_due ON callback_events (status, next_attempt_at);
