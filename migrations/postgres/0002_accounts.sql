-- WeCom accounts and their status history. Same conventions as 0001.

CREATE TABLE accounts (
    id                      TEXT PRIMARY KEY,
    tenant_id               TEXT NOT NULL REFERENCES tenants (id),
    account_name            TEXT NOT NULL,
    phone_enc               TEXT,                  -- field_cipher ciphertext
    connector               TEXT NOT NULL CHECK (connector IN ('simulator', 'http_instance', 'wecom_api')),
    connector_settings_enc  TEXT,                  -- field_cipher ciphertext of a JSON object
    config                  TEXT NOT NULL,         -- JSON object
    instance_id             TEXT,                  -- the connector's id for this account
    status                  TEXT NOT NULL CHECK (status IN ('created', 'qr_wait', 'online', 'recovering', 'offline', 'deleted')),
    login_stage             TEXT CHECK (login_stage IN ('waiting_scan', 'waiting_confirm', 'needs_verification')),
    login_origin            TEXT CHECK (login_origin IN ('created', 'offline')),
    version                 BIGINT NOT NULL,       -- compare-and-set guard for status changes
    login_token             TEXT,
    qr_payload              TEXT,
    qr_expires_at           BIGINT,
    last_heartbeat_at       BIGINT,
    online_since            BIGINT,
    recovery_attempts       BIGINT NOT NULL,
    next_recovery_at        BIGINT,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    CHECK ((status = 'qr_wait') = (login_stage IS NOT NULL AND login_origin IS NOT NULL))
);
CREATE INDEX accounts_tenant_status ON accounts (tenant_id, status, created_at, id);
CREATE INDEX accounts_status_heartbeat ON accounts (status, last_heartbeat_at);

CREATE TABLE account_status_history (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    old_status   TEXT NOT NULL,
    old_stage    TEXT,
    new_status   TEXT NOT NULL,
    new_stage    TEXT,
    reason       TEXT NOT NULL,
    detail       TEXT NOT NULL,                    -- JSON object
    created_at   BIGINT NOT NULL
);
CREATE INDEX account_status_history_account ON account_status_history (account_id, created_at);

ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON accounts USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));

ALTER TABLE account_status_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_status_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_status_history USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));

GRANT SELECT, INSERT, UPDATE, DELETE ON accounts, account_status_history TO fleet_app;
