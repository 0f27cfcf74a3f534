-- The row writes of one provider callback, for pgbench (see BENCHMARKS.md): the event stored
-- with its dedup key (one commit), then its outcome recorded (another commit). Autocommit, as
-- the service commits them separately. Table: callback_writes_setup.sql.
\set n random(1, 2000000000)
INSERT INTO bench_callback_events VALUES ('e' || :client_id || '-' || :n, 't1', 'provider', 'a1', 'k' || :client_id || '-' || :n, 'provider.inbound_message', '{"type":"inbound_message","instance_id":"bench-instance","data":{"content":{"text":"hello"}}}', 'pending', 0, NULL, 0, 0, NULL) ON CONFLICT (source, dedup_key) DO NOTHING;
UPDATE bench_callback_events SET status = 'processed', attempts = attempts + 1, processed_at = 1 WHERE id = 'e' || :client_id || '-' || :n;
