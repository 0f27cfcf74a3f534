-- Callbacks and webhooks. Same shape as migrations/postgres/0006_webhooks.sql; only dialect
-- differences (INTEGER for BIGINT, no row-level security).

-- {"token", "encoding_aes_key"} of the account's WeCom callback, encrypted like the connector
-- settings.
ALTER TABLE accounts ADD COLUMN callback_settings_enc TEXT;

-- A pending event is claimed by writing `next_attempt_at` = now + lease; a process killed while
-- dispatching leaves it due again when the lease runs out.
CREATE INDEX callback_events_kind ON callback_events (tenant_id, kind, received_at);

CREATE TABLE webhook_endpoints (
    id                       TEXT PRIMARY KEY,
    tenant_id                TEXT NOT NULL REFERENCES tenants (id),
    url                      TEXT NOT NULL,
    description              TEXT NOT NULL,
    event_types              TEXT NOT NULL,      -- JSON array; empty = every event type
    enabled                  INTEGER NOT NULL,    -- 0/1
    disabled_reason          TEXT,               -- e.g. `gone` after a 410
    secret_enc               TEXT NOT NULL,      -- whsec_..., encrypted
    previous_secret_enc      TEXT,               -- still signs until previous_secret_expires_at
    previous_secret_expires_at INTEGER,
    deleted_at               INTEGER,
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id, created_at, id);

-- One row per (endpoint, event): the queue entry and the log line. `webhook-id` is `event_id`,
-- the same on every attempt.
CREATE TABLE webhook_deliveries (
    id                    TEXT PRIMARY KEY,
    tenant_id             TEXT NOT NULL REFERENCES tenants (id),
    endpoint_id           TEXT NOT NULL REFERENCES webhook_endpoints (id),
    event_id              TEXT NOT NULL,
    event_type            TEXT NOT NULL,
    payload               TEXT NOT NULL,        -- the JSON body sent
    status                TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts              INTEGER NOT NULL,
    next_attempt_at       INTEGER,               -- due time, or lease expiry while in flight
    lease_token           TEXT,
    last_response_code    INTEGER,
    last_response_body    TEXT,                 -- truncated
    last_error            TEXT,
    created_at            INTEGER NOT NULL,
    finished_at           INTEGER,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_tenant ON webhook_deliveries (tenant_id, created_at, id);

-- Every HTTP attempt of a delivery (a resend adds attempts to the same delivery).
CREATE TABLE webhook_attempts (
    id              TEXT PRIMARY KEY,
    delivery_id     TEXT NOT NULL REFERENCES webhook_deliveries (id),
    attempt         INTEGER NOT NULL,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    attempted_at    INTEGER NOT NULL,
    duration_ms     INTEGER NOT NULL,
    response_code   INTEGER,
    response_body   TEXT,
    error           TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempted_at);
