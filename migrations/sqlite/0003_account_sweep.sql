-- What the heartbeat sweeper looks for on every pass: recoveries that are due and QR logins
-- that expired (silent online accounts use accounts_status_heartbeat from 0002).
CREATE INDEX accounts_status_recovery ON accounts (status, next_recovery_at);
CREATE INDEX accounts_status_qr_expiry ON accounts (status, qr_expires_at);
