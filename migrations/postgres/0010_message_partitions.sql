-- Messages and their attempts partitioned by month (seed 004 §9), so retention drops a whole
-- month at once instead of deleting millions of rows one by one.
--
-- A partitioned table's primary key must contain its partition key, so the keys become
-- (id, created_at) and (id, started_at); ids stay UUIDs made by the service, unique in
-- practice, and every lookup by id still uses each partition's index. The foreign key from
-- attempts to messages cannot point at a partitioned table's part of a key, so it goes; the
-- service writes both rows in one transaction and deletes them together.
--
-- The service's role (fleet_app) owns no table, so it creates and drops partitions through
-- the two SECURITY DEFINER functions at the end, which do only that.

ALTER TABLE message_attempts RENAME TO message_attempts_unpartitioned;
ALTER TABLE messages RENAME TO messages_unpartitioned;
ALTER INDEX messages_pkey RENAME TO messages_unpartitioned_pkey;
ALTER INDEX message_attempts_pkey RENAME TO message_attempts_unpartitioned_pkey;
ALTER INDEX messages_tenant_created RENAME TO messages_unpartitioned_tenant_created;
ALTER INDEX messages_batch RENAME TO messages_unpartitioned_batch;
ALTER INDEX messages_due RENAME TO messages_unpartitioned_due;
ALTER INDEX messages_leases RENAME TO messages_unpartitioned_leases;
ALTER INDEX messages_client_id RENAME TO messages_unpartitioned_client_id;
ALTER INDEX message_attempts_message RENAME TO message_attempts_unpartitioned_message;

CREATE TABLE messages (
    id                 TEXT NOT NULL,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    account_id         TEXT NOT NULL REFERENCES accounts (id),
    batch_id           TEXT REFERENCES message_batches (id),
    conversation_id    TEXT NOT NULL,
    message_type       TEXT NOT NULL,
    content            TEXT NOT NULL,
    template_id        TEXT REFERENCES message_templates (id),
    template_version   BIGINT,
    variables          TEXT,
    status             TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
    attempts           BIGINT NOT NULL,
    fallback_depth     BIGINT NOT NULL,
    client_message_id  TEXT NOT NULL,
    due_at             BIGINT NOT NULL,
    lease_token        TEXT,
    lease_expires_at   BIGINT,
    provider_message_id TEXT,
    last_error_code    TEXT,
    last_error         TEXT,
    dead_lettered      BIGINT NOT NULL,
    quota_day          TEXT NOT NULL,
    send_time          BIGINT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    sent_at            BIGINT,
    delivered_at       BIGINT,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX messages_tenant_created ON messages (tenant_id, created_at, id);
CREATE INDEX messages_created ON messages (created_at);
CREATE INDEX messages_batch ON messages (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX messages_due ON messages (due_at) WHERE status = 'pending';
CREATE INDEX messages_leases ON messages (lease_expires_at) WHERE status = 'sending';
CREATE INDEX messages_client_id ON messages (account_id, client_message_id);

CREATE TABLE message_attempts (
    id                 TEXT NOT NULL,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id),
    message_id         TEXT NOT NULL,
    client_message_id  TEXT NOT NULL,
    message_type       TEXT NOT NULL,
    template_id        TEXT,
    template_version   BIGINT,
    outcome            TEXT NOT NULL CHECK (outcome IN ('sent', 'duplicate', 'retryable', 'permanent', 'fallback')),
    error_code         TEXT,
    error              TEXT,
    started_at         BIGINT NOT NULL,
    finished_at        BIGINT NOT NULL,
    PRIMARY KEY (id, started_at)
) PARTITION BY RANGE (started_at);
CREATE INDEX message_attempts_message ON message_attempts (message_id, started_at);

-- Rows outside every month's partition land here rather than fail; the scheduler keeps the
-- months ahead created, so it stays empty.
CREATE TABLE messages_default PARTITION OF messages DEFAULT;
CREATE TABLE message_attempts_default PARTITION OF message_attempts DEFAULT;

-- The month partitions of `parent` (messages or message_attempts) from the month holding
-- `from_ms` through the month holding `until_ms`, each named <parent>_yYYYYmMM; returns how
-- many it created.
CREATE FUNCTION fleet_partitions_ensure(parent TEXT, from_ms BIGINT, until_ms BIGINT)
RETURNS INTEGER LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    -- Months in UTC, as timestamps without a zone so the session's zone plays no part.
    month TIMESTAMP := date_trunc('month', to_timestamp(from_ms / 1000.0) AT TIME ZONE 'UTC');
    last TIMESTAMP := to_timestamp(until_ms / 1000.0) AT TIME ZONE 'UTC';
    part TEXT;
    created INTEGER := 0;
BEGIN
    IF parent NOT IN ('messages', 'message_attempts') THEN
        RAISE EXCEPTION 'not a partitioned table: %', parent;
    END IF;
    WHILE month <= last LOOP
        part := format('%s_y%sm%s', parent, to_char(month, 'YYYY'), to_char(month, 'MM'));
        IF to_regclass(part) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)', part, parent,
                (extract(epoch FROM month) * 1000)::BIGINT,
                (extract(epoch FROM month + INTERVAL '1 month') * 1000)::BIGINT);
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
            EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
            EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id))', part);
            created := created + 1;
        END IF;
        month := month + INTERVAL '1 month';
    END LOOP;
    RETURN created;
END $$;

-- Drops the month partitions of `parent` that end at or before `cutoff_ms` and hold nothing
-- still to be sent (a pending or sending message keeps its month). Returns the rows dropped,
-- counted before the drop.
CREATE FUNCTION fleet_partitions_drop_before(parent TEXT, cutoff_ms BIGINT)
RETURNS BIGINT LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    part RECORD;
    upper_ms BIGINT;
    busy BOOLEAN;
    n BIGINT;
    dropped BIGINT := 0;
BEGIN
    IF parent NOT IN ('messages', 'message_attempts') THEN
        RAISE EXCEPTION 'not a partitioned table: %', parent;
    END IF;
    FOR part IN
        SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = parent::regclass AND c.relname ~ '_y[0-9]{4}m[0-9]{2}$'
    LOOP
        upper_ms := substring(part.bound FROM 'TO \(''?(-?[0-9]+)''?\)')::BIGINT;
        CONTINUE WHEN upper_ms IS NULL OR upper_ms > cutoff_ms;
        IF parent = 'messages' THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE status IN (''pending'', ''sending''))', part.relname) INTO busy;
            CONTINUE WHEN busy;
        END IF;
        EXECUTE format('SELECT count(*) FROM %I', part.relname) INTO n;
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + n;
    END LOOP;
    RETURN dropped;
END $$;

REVOKE ALL ON FUNCTION fleet_partitions_ensure(TEXT, BIGINT, BIGINT) FROM PUBLIC;
REVOKE ALL ON FUNCTION fleet_partitions_drop_before(TEXT, BIGINT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fleet_partitions_ensure(TEXT, BIGINT, BIGINT) TO fleet_app;
GRANT EXECUTE ON FUNCTION fleet_partitions_drop_before(TEXT, BIGINT) TO fleet_app;

-- The months holding today's rows and the next three, and every month with existing rows.
SELECT fleet_partitions_ensure('messages',
    LEAST((extract(epoch FROM now()) * 1000)::BIGINT, COALESCE((SELECT min(created_at) FROM messages_unpartitioned), 9223372036854775807)),
    (extract(epoch FROM now() + INTERVAL '3 months') * 1000)::BIGINT);
SELECT fleet_partitions_ensure('message_attempts',
    LEAST((extract(epoch FROM now()) * 1000)::BIGINT, COALESCE((SELECT min(started_at) FROM message_attempts_unpartitioned), 9223372036854775807)),
    (extract(epoch FROM now() + INTERVAL '3 months') * 1000)::BIGINT);

INSERT INTO messages SELECT * FROM messages_unpartitioned;
INSERT INTO message_attempts SELECT * FROM message_attempts_unpartitioned;
DROP TABLE message_attempts_unpartitioned;
DROP TABLE messages_unpartitioned;

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['messages', 'message_attempts', 'messages_default', 'message_attempts_default']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (fleet_row_visible(tenant_id)) WITH CHECK (fleet_row_visible(tenant_id))', t);
    END LOOP;
    GRANT SELECT, INSERT, UPDATE, DELETE ON messages, message_attempts TO fleet_app;
END $$;

-- What retention deletes row by row in the month that straddles its cutoff.
CREATE INDEX account_status_history_created ON account_status_history (created_at);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
