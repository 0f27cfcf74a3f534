-- The shape of callback_events (migrations/postgres/0004), without foreign keys or RLS.
DROP TABLE IF EXISTS bench_callback_events;
CREATE TABLE bench_callback_events (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, source TEXT NOT NULL, account_id TEXT,
    dedup_key TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL,
    attempts BIGINT NOT NULL, last_error TEXT, next_attempt_at BIGINT, received_at BIGINT NOT NULL,
    processed_at BIGINT, UNIQUE (source, dedup_key)
);
CREATE INDEX ON bench_callback_events (tenant_id, received_at, id);
CREATE INDEX ON bench_callback_events (status, next_attempt_at);
