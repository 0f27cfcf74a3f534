-- Alerting: tenant alert rules, silences, notification channels, quiet hours, the alerts
-- themselves (one row per incident: current state while open, history once resolved), and the
-- notification outbox, which is also the log of every notification and its outcome.
-- Same conventions as 0001.

CREATE TABLE alert_rules (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    name        TEXT NOT NULL,              -- the alertname
    spec        TEXT NOT NULL,              -- the rule as JSON (the YAML files' shape)
    enabled     BIGINT NOT NULL,            -- 0/1
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE alert_silences (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    matchers    TEXT NOT NULL,              -- JSON object: label -> value, all must match
    comment     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,            -- expiring a silence sets it to now
    created_at  BIGINT NOT NULL
);
CREATE INDEX alert_silences_tenant ON alert_silences (tenant_id, ends_at);

CREATE TABLE alert_channels (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('email', 'webhook', 'wecom_robot')),
    config_enc  TEXT NOT NULL,              -- the channel's JSON config (addresses, URL, secret), encrypted
    enabled     BIGINT NOT NULL,
    deleted_at  BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX alert_channels_tenant ON alert_channels (tenant_id, created_at, id);

-- Per tenant: quiet hours (minutes after local midnight; NULL start = none).
CREATE TABLE alert_settings (
    tenant_id           TEXT PRIMARY KEY REFERENCES tenants (id),
    quiet_start_minute  BIGINT,
    quiet_end_minute    BIGINT,
    quiet_mute_critical BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
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
    value       DOUBLE PRECISION,
    active_at   BIGINT NOT NULL,
    fired_at    BIGINT,
    resolved_at BIGINT,
    updated_at  BIGINT NOT NULL
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
    alert_count     BIGINT NOT NULL,
    payload         TEXT NOT NULL,          -- the notification as JSON
    outcome         TEXT NOT NULL CHECK (outcome IN ('pending', 'sent', 'failed')),
    attempts        BIGINT NOT NULL,
    next_attempt_at BIGINT,
    last_error      TEXT,
    detail          TEXT,                   -- what the channel answered
    is_test         BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX alert_notifications_due ON alert_notifications (outcome, next_attempt_at);
CREATE INDEX alert_notifications_tenant ON alert_notifications (tenant_id, created_at, id);

ALTER TABLE alert_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_rules USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));
ALTER TABLE alert_silences ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_silences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_silences USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));
ALTER TABLE alert_channels ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_channels FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_channels USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));
ALTER TABLE alert_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_settings USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE alerts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alerts USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));
ALTER TABLE alert_notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert_notifications USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));

GRANT SELECT, INSERT, UPDATE, DELETE ON alert_rules, alert_silences, alert_channels, alert_settings, alerts, alert_notifications TO fleet_app;
