-- The message pipeline. Same shape as migrations/postgres/0005_messages.sql; only dialect
-- differences (INTEGER for BIGINT, no row-level security).

ALTER TABLE tenants ADD COLUMN pacing_profile TEXT;
ALTER TABLE accounts ADD COLUMN pacing_profile TEXT;
ALTER TABLE accounts ADD COLUMN max_daily_messages INTEGER;

CREATE TABLE message_templates (
    id                    TEXT PRIMARY KEY,
    tenant_id             TEXT NOT NULL REFERENCES tenants (id),
    name                  TEXT NOT NULL,
    message_type          TEXT NOT NULL,
    current_version       INTEGER NOT NULL,
    fallback_template_id  TEXT REFERENCES message_templates (id),
    fallback_codes        TEXT NOT NULL,            -- JSON array of connector error codes
    deleted_at            INTEGER,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
-- A name is unique among the tenant's live templates; a deleted one frees its name.
CREATE UNIQUE INDEX message_templates_name ON message_templates (tenant_id, name) WHERE deleted_at IS NULL;

CREATE TABLE message_template_versions (
    template_id  TEXT NOT NULL REFERENCES message_templates (id),
    version      INTEGER NOT NULL,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    content      TEXT NOT NULL,                     -- JSON object with {{placeholders}}
    variables    TEXT NOT NULL,                     -- JSON array of variable specs
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (template_id, version)
);

CREATE TABLE message_batches (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    total_count     INTEGER NOT NULL,
    accepted_count  INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
);

CREATE TABLE messages (
    id                 TEXT PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    account_id         TEXT NOT NULL REFERENCES accounts (id),
    batch_id           TEXT REFERENCES message_batches (id),
    conversation_id    TEXT NOT NULL,
    message_type       TEXT NOT NULL,
    content            TEXT NOT NULL,               -- rendered JSON object
    template_id        TEXT REFERENCES message_templates (id),
    template_version   INTEGER,
    variables          TEXT,                        -- JSON object, kept to render a fallback
    status             TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
    attempts           INTEGER NOT NULL,             -- sends tried for the current content
    fallback_depth     INTEGER NOT NULL,             -- how many fallbacks replaced the content
    client_message_id  TEXT NOT NULL,               -- stable per content: a resend is not a duplicate
    due_at             INTEGER NOT NULL,             -- when a worker may take it (pending)
    lease_token        TEXT,                        -- the claim that holds it (sending)
    lease_expires_at   INTEGER,
    provider_message_id TEXT,
    last_error_code    TEXT,
    last_error         TEXT,
    dead_lettered      INTEGER NOT NULL,             -- 1 once retries ran out
    quota_day          TEXT NOT NULL,               -- YYYY-MM-DD in the tenant's timezone
    send_time          INTEGER,                      -- requested scheduled time
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    sent_at            INTEGER,
    delivered_at       INTEGER
);
CREATE INDEX messages_tenant_created ON messages (tenant_id, created_at, id);
CREATE INDEX messages_batch ON messages (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX messages_due ON messages (due_at) WHERE status = 'pending';
CREATE INDEX messages_leases ON messages (lease_expires_at) WHERE status = 'sending';
CREATE INDEX messages_client_id ON messages (account_id, client_message_id);

CREATE TABLE message_attempts (
    id                 TEXT PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    message_id         TEXT NOT NULL REFERENCES messages (id),
    client_message_id  TEXT NOT NULL,
    message_type       TEXT NOT NULL,
    template_id        TEXT,
    template_version   INTEGER,
    outcome            TEXT NOT NULL CHECK (outcome IN ('sent', 'duplicate', 'retryable', 'permanent', 'fallback')),
    error_code         TEXT,
    error              TEXT,
    started_at         INTEGER NOT NULL,
    finished_at        INTEGER NOT NULL
);
CREATE INDEX message_attempts_message ON message_attempts (message_id, started_at);

-- Messages charged per day: account_id '' is the tenant's total, otherwise one account's.
CREATE TABLE message_usage (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    account_id  TEXT NOT NULL,
    day         TEXT NOT NULL,
    used        INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, account_id, day)
);

-- Per-account pacing: when the next send may go out, and how many went out on `day`.
CREATE TABLE account_pacing (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id),
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    next_send_at  INTEGER NOT NULL,
    day           TEXT NOT NULL,
    day_count     INTEGER NOT NULL
);
CREATE TABLE recipient_pacing (
    account_id       TEXT NOT NULL REFERENCES accounts (id),
    conversation_id  TEXT NOT NULL,
    tenant_id        TEXT NOT NULL REFERENCES tenants (id),
    last_sent_at     INTEGER NOT NULL,
    PRIMARY KEY (account_id, conversation_id)
);

-- The first answer to a request carrying an Idempotency-Key.
CREATE TABLE idempotency_keys (
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    operation     TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    response      TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, operation, key)
);

