-- Callbacks and webhooks: WeCom callback settings per account, callback dispatch leases, and
-- tenant webhooks (endpoints, their signing secrets, and the durable delivery queue with its
-- attempt log). Same conventions as 0001.

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
    enabled                  BIGINT NOT NULL,    -- 0/1
    disabled_reason          TEXT,               -- e.g. `gone` after a 410
    secret_enc               TEXT NOT NULL,      -- whsec_..., encrypted
    previous_secret_enc      TEXT,               -- still signs until previous_secret_expires_at
    previous_secret_expires_at BIGINT,
    deleted_at               BIGINT,
    created_at               BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL
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
    attempts              BIGINT NOT NULL,
    next_attempt_at       BIGINT,               -- due time, or lease expiry while in flight
    lease_token           TEXT,
    last_response_code    BIGINT,
    last_response_body    TEXT,                 -- truncated
    last_error            TEXT,
    created_at            BIGINT NOT NULL,
    finished_at           BIGINT,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_tenant ON webhook_deliveries (tenant_id, created_at, id);

-- Every HTTP attempt of a delivery (a resend adds attempts to the same delivery).
CREATE TABLE webhook_attempts (
    id              TEXT PRIMARY KEY,
    delivery_id     TEXT NOT NULL REFERENCES webhook_deliveries (id),
    attempt         BIGINT NOT NULL,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    attempted_at    BIGINT NOT NULL,
    duration_ms     BIGINT NOT NULL,
    response_code   BIGINT,
    response_body   TEXT,
    error           TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempted_at);

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_deliveries USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));
ALTER TABLE webhook_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_attempts USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints, webhook_deliveries, webhook_attempts TO fleet_app;
