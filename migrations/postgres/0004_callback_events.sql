-- Inbound callbacks (from WeCom and from account-hosting providers), stored before they are
-- acknowledged and dispatched to handlers. Same conventions as 0001.

CREATE TABLE callback_events (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants (id),
    source           TEXT NOT NULL CHECK (source IN ('provider', 'wecom')),
    account_id       TEXT REFERENCES accounts (id),
    dedup_key        TEXT NOT NULL,          -- a second delivery of the same event has the same key
    kind             TEXT NOT NULL,          -- e.g. provider.qr_scanned
    payload          TEXT NOT NULL,          -- JSON as received
    status           TEXT NOT NULL CHECK (status IN ('pending', 'processed', 'ignored', 'unhandled', 'failed')),
    attempts         BIGINT NOT NULL,
    last_error       TEXT,
    next_attempt_at  BIGINT,
    received_at      BIGINT NOT NULL,
    processed_at     BIGINT,
    UNIQUE (source, dedup_key)
);
CREATE INDEX callback_events_tenant_received ON callback_events (tenant_id, received_at, id);
CREATE INDEX callback_events_due ON callback_events (status, next_attempt_at);

ALTER TABLE callback_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE callback_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON callback_events USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));

GRANT SELECT, INSERT, UPDATE, DELETE ON callback_events TO fleet_app;
