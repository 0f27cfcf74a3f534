//! Gauges the leader samples from the database every `sample_interval`:
//! - `account_offline_seconds` {tenant, account}: for each account that was online and is
//!   now recovering or offline, how long ago it left;
//! - `accounts` {tenant, status}: how many accounts are in each status;
//! - `account_online_rate` {tenant}: online accounts among those that should be (online,
//!   recovering, offline);
//! - `queue_backlog` {tenant}: messages due and not yet sent.

use std::collections::BTreeMap;

use fleet_core::clock::Millis;
use fleet_monitor::metrics::Point;
use fleet_store::{metric_samples, Scope};

use crate::{AlertingError, AlertingService};

impl AlertingService {
    /// The points of one sampling round at `now`.
    pub(crate) async fn sample(&self, now: Millis) -> Result<Vec<Point>, AlertingError> {
        let mut tx = self.db.read(Scope::Platform).await?;
        let away = metric_samples::accounts_away(&mut tx).await?;
        let by_status = metric_samples::accounts_by_status(&mut tx).await?;
        let backlog = metric_samples::queue_backlog(&mut tx, now).await?;
        drop(tx);

        let mut points = Vec::with_capacity(away.len() + by_status.len() + backlog.len());
        for (tenant, account, left_at) in away {
            points.push(
                Point::metric(
                    "account_offline_seconds",
                    ((now - left_at) / 1000) as f64,
                    now,
                )
                .tag("tenant", &tenant)
                .tag("account", &account),
            );
        }
        // (online, expected online) per tenant.
        let mut online: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
        for (tenant, status, count) in &by_status {
            points.push(
                Point::metric("accounts", *count as f64, now)
                    .tag("tenant", tenant)
                    .tag("status", status),
            );
            let entry = online.entry(tenant).or_default();
            match status.as_str() {
                "online" => {
                    entry.0 += count;
                    entry.1 += count;
                }
                "recovering" | "offline" => entry.1 += count,
                _ => {}
            }
        }
        for (tenant, (up, expected)) in online {
            if expected > 0 {
                points.push(
                    Point::metric("account_online_rate", up as f64 / expected as f64, now)
                        .tag("tenant", tenant),
                );
            }
        }
        for (tenant, waiting) in backlog {
            points.push(Point::metric("queue_backlog", waiting as f64, now).tag("tenant", &tenant));
        }
        Ok(points)
    }
}
