-- The message pipeline: templates with versions, messages (each row is also its queue entry),
-- send attempts, batches, per-day usage counters for quotas, pacing state and idempotency
-- keys. Same conventions as 0001.

ALTER TABLE tenants ADD COLUMN pacing_profile TEXT;
ALTER TABLE accounts ADD COLUMN pacing_profile TEXT;
ALTER TABLE accounts ADD COLUMN max_daily_messages BIGINT;   -- a per-account cap under the tenant quota

CREATE TABLE message_templates (
    id                    TEXT PRIMARY KEY,
    tenant_id             TEXT NOT NULL REFERENCES tenants (id),
    name                  TEXT NOT NULL,
    message_type          TEXT NOT NULL,
    current_version       BIGINT NOT NULL,
    fallback_template_id  TEXT REFERENCES message_templates (id),
    fallback_codes        TEXT NOT NULL,            -- JSON array of connector error codes
    deleted_at            BIGINT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
-- A name is unique among the tenant's live templates; a deleted one frees its name.
CREATE UNIQUE INDEX message_templates_name ON message_templates (tenant_id, name) WHERE deleted_at IS NULL;

CREATE TABLE message_template_versions (
    template_id  TEXT NOT NULL REFERENCES message_templates (id),
    version      BIGINT NOT NULL,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    content      TEXT NOT NULL,                     -- JSON object with {{placeholders}}
    variables    TEXT NOT NULL,                     -- JSON array of variable specs
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (template_id, version)
);

CREATE TABLE message_batches (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    total_count     BIGINT NOT NULL,
    accepted_count  BIGINT NOT NULL,
    created_at      BIGINT NOT NULL
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
    template_version   BIGINT,
    variables          TEXT,                        -- JSON object, kept to render a fallback
    status             TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
    attempts           BIGINT NOT NULL,             -- sends tried for the current content
    fallback_depth     BIGINT NOT NULL,             -- how many fallbacks replaced the content
    client_message_id  TEXT NOT NULL,               -- stable per content: a resend is not a duplicate
    due_at             BIGINT NOT NULL,             -- when a worker may take it (pending)
    lease_token        TEXT,                        -- the claim that holds it (sending)
    lease_expires_at   BIGINT,
    provider_message_id TEXT,
    last_error_code    TEXT,
    last_error         TEXT,
    dead_lettered      BIGINT NOT NULL,             -- 1 once retries ran out
    quota_day          TEXT NOT NULL,               -- YYYY-MM-DD in the tenant's timezone
    send_time          BIGINT,                      -- requested scheduled time
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    sent_at            BIGINT,
    delivered_at       BIGINT
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
    template_version   BIGINT,
    outcome            TEXT NOT NULL CHECK (outcome IN ('sent', 'duplicate', 'retryable', 'permanent', 'fallback')),
    error_code         TEXT,
    error              TEXT,
    started_at         BIGINT NOT NULL,
    finished_at        BIGINT NOT NULL
);
CREATE INDEX message_attempts_message ON message_attempts (message_id, started_at);

-- Messages charged per day: account_id '' is the tenant's total, otherwise one account's.
CREATE TABLE message_usage (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    account_id  TEXT NOT NULL,
    day         TEXT NOT NULL,
    used        BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, account_id, day)
);

-- Per-account pacing: when the next send may go out, and how many went out on `day`.
CREATE TABLE account_pacing (
    account_id    TEXT PRIMARY KEY REFERENCES accounts (id),
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    next_send_at  BIGINT NOT NULL,
    day           TEXT NOT NULL,
    day_count     BIGINT NOT NULL
);
CREATE TABLE recipient_pacing (
    account_id       TEXT NOT NULL REFERENCES accounts (id),
    conversation_id  TEXT NOT NULL,
    tenant_id        TEXT NOT NULL REFERENCES tenants (id),
    last_sent_at     BIGINT NOT NULL,
    PRIMARY KEY (account_id, conversation_id)
);

-- The first answer to a request carrying an Idempotency-Key.
CREATE TABLE idempotency_keys (
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    operation     TEXT NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        BIGINT NOT NULL,
    response      TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, operation, key)
);

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['message_templates', 'message_template_versions', 'message_batches',
        'messages', 'message_attempts', 'message_usage', 'account_pacing', 'recipient_pacing',
        'idempotency_keys']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id))', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO fleet_app', t);
    END LOOP;
END $$;
