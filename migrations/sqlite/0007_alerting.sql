-- Alerting. Same shape as migrations/postgres/0007_alerting.sql; only dialect differences
-- (INTEGER for BIGINT, REAL for DOUBLE PRECISION, no row-level security).

CREATE TABLE alert_rules (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    name        TEXT NOT NULL,              -- the alertname
    spec        TEXT NOT NULL,              -- the rule as JSON (the YAML files' shape)
    enabled     INTEGER NOT NULL,            -- 0/1
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE alert_silences (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    matchers    TEXT NOT NULL,              -- JSON object: label -> value, all must match
    comment     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,            -- expiring a silence sets it to now
    created_at  INTEGER NOT NULL
);
CREATE INDEX alert_silences_tenant ON alert_silences (tenant_id, ends_at);

CREATE TABLE alert_channels (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('email', 'webhook', 'wecom_robot')),
    config_enc  TEXT NOT NULL,              -- the channel's JSON config (addresses, URL, secret), encrypted
    enabled     INTEGER NOT NULL,
    deleted_at  INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX alert_channels_tenant ON alert_channels (tenant_id, created_at, id);

-- Per tenant: quiet hours (minutes after local midnight; NULL start = none).
CREATE TABLE alert_settings (
    tenant_id           TEXT PRIMARY KEY REFERENCES tenants (id),
    quiet_start_minute  INTEGER,
    quiet_end_minute    INTEGER,
    quiet_mute_critical INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);

-- One row per incident of one alert (rule + label set): pending or firing while open,
-- resolved for good. A pending alert that resets before firing is deleted (nobody heard of it).
CREATE TABLE alerts (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    rule_key    TEXT NOT NULL,              -- `file:<name>` or the tenant rule's id
    rule_name   TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    severity    TEXT NOT NULL,
    labels      TEXT NOT NULL,              -- JSON
    annotations TEXT NOT NULL,              -- JSON, rendered
    state       TEXT NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
    value       REAL,
    active_at   INTEGER NOT NULL,
    fired_at    INTEGER,
    resolved_at INTEGER,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX alerts_open ON alerts (rule_key, fingerprint) WHERE state <> 'resolved';
CREATE INDEX alerts_tenant ON alerts (tenant_id, active_at, id);

-- One row per (notification, channel): the outbox the leader sends from, and the log.
CREATE TABLE alert_notifications (
    id              TEXT PRIMARY KEY,       -- the webhook-id of a webhook channel, same on retries
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    channel_id      TEXT NOT NULL REFERENCES alert_channels (id),
    group_key       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
    alert_count     INTEGER NOT NULL,
    payload         TEXT NOT NULL,          -- the notification as JSON
    outcome         TEXT NOT NULL CHECK (outcome IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER,
    last_error      TEXT,
    detail          TEXT,                   -- what the channel answered
    is_test         INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE INDEX alert_notifications_due ON alert_notifications (outcome, next_attempt_at);
CREATE INDEX alert_notifications_tenant ON alert_notifications (tenant_id, created_at, id);
