-- What retention deletes by age. (PostgreSQL also partitions messages and their attempts by
-- month here; SQLite deletes them row by row.)
CREATE INDEX messages_created ON messages (created_at);
CREATE INDEX account_status_history_created ON account_status_history (created_at);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
