-- Foundation: tenants, users, login sessions and refresh tokens, API keys, audit log.
-- Same shape as migrations/postgres/0001_foundation.sql; only dialect differences (INTEGER for
-- BIGINT, no roles, no row-level security: an embedded database has one tenant-blind user).

CREATE TABLE tenants (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    code                TEXT NOT NULL UNIQUE,
    max_accounts        INTEGER NOT NULL,
    max_daily_messages  INTEGER NOT NULL,
    timezone            TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'deleted')),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
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
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    last_login_at   INTEGER,
    CHECK ((tenant_id IS NULL) = (role = 'platform_admin'))
);
CREATE INDEX users_tenant ON users (tenant_id, created_at, id);

-- One row per login; the refresh tokens rotated from it form its family.
CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT REFERENCES tenants (id),
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER,
    revoked_reason  TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    tenant_id   TEXT REFERENCES tenants (id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
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
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER,
    revoked_at    INTEGER,
    last_used_at  INTEGER
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
    created_at   INTEGER NOT NULL
);
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, created_at DESC);

