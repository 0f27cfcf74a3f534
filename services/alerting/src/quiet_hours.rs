//! A tenant's quiet hours: a daily range in the tenant's timezone during which notifications
//! wait (critical ones do not, unless the tenant says so).

use fleet_core::{clock::now_ms, ids::TenantId, ValidationError};
use fleet_monitor::notify::QuietHours;
use fleet_store::{
    alerting::settings::{self, QuietHoursRecord},
    Scope,
};

use crate::{AlertingError, AlertingService};

/// `None` start and end: no quiet hours.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuietHoursInput {
    /// Minutes after local midnight, 0..1440.
    pub start_minute: Option<u32>,
    pub end_minute: Option<u32>,
    pub mute_critical: bool,
}

fn record(tenant: TenantId, input: &QuietHoursInput) -> Result<QuietHoursRecord, ValidationError> {
    let in_day = |m: Option<u32>| m.is_none_or(|m| m < 1440);
    if !in_day(input.start_minute) || !in_day(input.end_minute) {
        return Err(ValidationError::new(
            "start_minute",
            "minutes after midnight must be between 0 and 1439",
        ));
    }
    if input.start_minute.is_some() != input.end_minute.is_some()
        || (input.start_minute.is_some() && input.start_minute == input.end_minute)
    {
        return Err(ValidationError::new(
            "end_minute",
            "give both start_minute and end_minute (different), or neither",
        ));
    }
    Ok(QuietHoursRecord {
        tenant_id: tenant.to_string(),
        quiet_start_minute: input.start_minute.map(i64::from),
        quiet_end_minute: input.end_minute.map(i64::from),
        quiet_mute_critical: i64::from(input.mute_critical),
        updated_at: now_ms(),
    })
}

fn input(rec: Option<QuietHoursRecord>) -> QuietHoursInput {
    rec.map_or_else(QuietHoursInput::default, |r| QuietHoursInput {
        start_minute: r.quiet_start_minute.and_then(|m| u32::try_from(m).ok()),
        end_minute: r.quiet_end_minute.and_then(|m| u32::try_from(m).ok()),
        mute_critical: r.quiet_mute_critical == 1,
    })
}

/// The stored quiet hours in the tenant's timezone, as the dispatcher uses them.
pub(crate) fn quiet_hours_of(rec: &QuietHoursRecord, timezone: &str) -> Option<QuietHours> {
    Some(QuietHours {
        start_minute: u32::try_from(rec.quiet_start_minute?).ok()?,
        end_minute: u32::try_from(rec.quiet_end_minute?).ok()?,
        timezone: timezone.parse::<chrono_tz::Tz>().ok()?,
        mute_critical: rec.quiet_mute_critical == 1,
    })
}

impl AlertingService {
    pub async fn quiet_hours(&self, tenant: TenantId) -> Result<QuietHoursInput, AlertingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        Ok(input(settings::get(&mut tx, &tenant.to_string()).await?))
    }

    pub async fn set_quiet_hours(
        &self,
        tenant: TenantId,
        hours: QuietHoursInput,
    ) -> Result<QuietHoursInput, AlertingError> {
        let rec = record(tenant, &hours)?;
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        settings::put(&mut tx, &rec).await?;
        tx.commit().await?;
        Ok(input(Some(rec)))
    }
}
