-- Foundation: tenants, users, login sessions and refresh tokens, API keys, audit log.
-- Conventions shared with the SQLite schema: ids are UUID text, times are BIGINT milliseconds
-- since the Unix epoch (UTC), flags are status strings rather than booleans.

-- The ordinary role the service runs its queries as. Superusers bypass row-level security, so
-- the pool does `SET ROLE fleet_app` on every connection. Roles are cluster-wide: tolerate the
-- role already existing (another database of the same cluster, or a concurrent migration).
DO $$
BEGIN
    CREATE ROLE fleet_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

CREATE TABLE tenants (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    code                TEXT NOT NULL UNIQUE,
    max_accounts        BIGINT NOT NULL,
    max_daily_messages  BIGINT NOT NULL,
    timezone            TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'deleted')),
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX tenants_created ON tenants (created_at, id);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT REFERENCES tenants (id),      -- NULL for platform admins
    email           TEXT NOT NULL UNIQUE,              -- lowercased; login has no tenant yet
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('platform_admin', 'tenant_admin', 'operator', 'viewer')),
    display_name    TEXT,
    phone_enc       TEXT,                              -- field_cipher ciphertext
    status          TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    last_login_at   BIGINT,
    CHECK ((tenant_id IS NULL) = (role = 'platform_admin'))
);
CREATE INDEX users_tenant ON users (tenant_id, created_at, id);

-- One row per login; the refresh tokens rotated from it form its family.
CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT REFERENCES tenants (id),
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    revoked_at      BIGINT,
    revoked_reason  TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    tenant_id   TEXT REFERENCES tenants (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('tenant_admin', 'operator', 'viewer')),
    key_prefix    TEXT NOT NULL,
    key_hash      TEXT NOT NULL UNIQUE,
    created_by    TEXT,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT,
    revoked_at    BIGINT,
    last_used_at  BIGINT
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at, id);

CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT REFERENCES tenants (id),         -- NULL for platform-level events
    actor_kind   TEXT NOT NULL,
    actor_id     TEXT,
    action       TEXT NOT NULL,
    target_kind  TEXT,
    target_id    TEXT,
    detail       TEXT NOT NULL,                        -- JSON object
    ip           TEXT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, created_at DESC);

-- Row-level security: the second wall behind the tenant-scoped queries. Each transaction
-- declares its scope with set_config('app.scope', 'tenant'|'platform', true) and, for a tenant,
-- set_config('app.tenant_id', <id>, true). A transaction that declares nothing sees nothing.
CREATE FUNCTION fleet_row_visible(row_tenant TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT current_setting('app.scope', true) = 'platform'
        OR (current_setting('app.scope', true) = 'tenant'
            AND row_tenant = current_setting('app.tenant_id', true))
$$;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants USING (fleet_row_visible(id)) WITH CHECK (fleet_row_visible(id));

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sessions USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));

ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refresh_tokens USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id));

GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, users, sessions, refresh_tokens, api_keys, audit_log TO fleet_app;
GRANT EXECUTE ON FUNCTION fleet_row_visible(TEXT) TO fleet_app;
