-- WeCom accounts and their status history. Same shape as migrations/postgres/0002_accounts.sql;
-- only dialect differences (INTEGER for BIGINT, no row-level security).
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
    version                 INTEGER NOT NULL,       -- compare-and-set guard for status changes
    login_token             TEXT,
    qr_payload              TEXT,
    qr_expires_at           INTEGER,
    last_heartbeat_at       INTEGER,
    online_since            INTEGER,
    recovery_attempts       INTEGER NOT NULL,
    next_recovery_at        INTEGER,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
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
    created_at   INTEGER NOT NULL
);
CREATE INDEX account_status_history_account ON account_status_history (account_id, created_at);

