//! `GET /tenant/usage`: messages charged per day, and how they stand, in the tenant's
//! timezone.

use std::collections::BTreeMap;

use chrono::Days;
use fleet_core::{clock::now_ms, ids::TenantId, ValidationError};
use fleet_store::{
    messaging::{messages, usage},
    tenants, Scope,
};

use crate::{
    calendar::{day_of, format_day, parse_day},
    queries::StatusTally,
    MessagingError, MessagingService,
};

/// The longest range one report covers.
pub const MAX_DAYS: u64 = 92;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayUsage {
    pub date: String,
    /// Messages charged to the quota that day (cancelled ones are given back).
    pub used: i64,
    /// The day's messages by how they stand now.
    pub messages: StatusTally,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UsageReport {
    pub timezone: String,
    pub daily_limit: i64,
    pub days: Vec<DayUsage>,
}

impl MessagingService {
    /// Usage from `from` to `to` (`YYYY-MM-DD`, inclusive); by default the last 7 days.
    pub async fn usage(
        &self,
        tenant: TenantId,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<UsageReport, MessagingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let tenant_row = tenants::get(&mut tx, tenant, false)
            .await?
            .ok_or(MessagingError::NotFound("tenant"))?;
        let today = parse_day(&day_of(now_ms(), &tenant_row.timezone).day)
            .ok_or_else(|| MessagingError::Corrupt("today is not a date".into()))?;
        let day = |field: &'static str, value: Option<&str>| match value {
            Some(v) => {
                parse_day(v).ok_or_else(|| ValidationError::new(field, "must be a date YYYY-MM-DD"))
            }
            None => Ok(today),
        };
        let to = day("until", to)?;
        let from = match from {
            Some(_) => day("since", from)?,
            None => to.checked_sub_days(Days::new(6)).unwrap_or(to),
        };
        if from > to {
            return Err(ValidationError::new("since", "must not be after `until`").into());
        }
        if from
            .checked_add_days(Days::new(MAX_DAYS))
            .is_some_and(|limit| to >= limit)
        {
            return Err(ValidationError::new(
                "until",
                format!("the range may cover at most {MAX_DAYS} days"),
            )
            .into());
        }
        let (from_s, to_s) = (format_day(from), format_day(to));
        let mut days: BTreeMap<String, DayUsage> = BTreeMap::new();
        let mut date = from;
        while date <= to {
            let key = format_day(date);
            days.insert(
                key.clone(),
                DayUsage {
                    date: key,
                    ..DayUsage::default()
                },
            );
            date = match date.checked_add_days(Days::new(1)) {
                Some(next) => next,
                None => break,
            };
        }
        for (day, used) in usage::tenant_days(&mut tx, tenant, &from_s, &to_s).await? {
            if let Some(entry) = days.get_mut(&day) {
                entry.used = used;
            }
        }
        for (day, status, count) in messages::count_by_day(&mut tx, tenant, &from_s, &to_s).await? {
            if let Some(entry) = days.get_mut(&day) {
                entry.messages.add(&status, count);
            }
        }
        Ok(UsageReport {
            timezone: tenant_row.timezone,
            daily_limit: tenant_row.max_daily_messages,
            days: days.into_values().collect(),
        })
    }
}
