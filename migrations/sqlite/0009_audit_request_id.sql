-- Each audit entry names the request that made it (its X-Request-Id), so an entry leads to
-- the request's log lines. Entries written before have none.
ALTER TABLE audit_log ADD COLUMN request_id TEXT;
