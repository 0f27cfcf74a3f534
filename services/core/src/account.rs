//! The account lifecycle: one pure transition function owns every rule.
//!
//! ```text
//! created ──start_login──▶ qr_wait[waiting_scan] ──scanned──▶ qr_wait[waiting_confirm]
//!    │                          ▲        │                        │        │
//!    │                          │   qr_expired               confirmed  verification_required
//!    │                          │        ▼                        ▼        ▼
//!    │                  (back to where login started)          online ◀──verified── qr_wait[needs_verification]
//!    └──credentials_verified──────────────────────────────────▶ online
//! online ──heartbeat_lost/disconnected──▶ recovering ──recovered/heartbeat──▶ online
//! recovering ──recovery_failed──▶ recovering (backoff) ──recovery_exhausted──▶ offline
//! offline ──start_login──▶ qr_wait
//! online/recovering/qr_wait ──logout/logged_out──▶ offline;   any ──delete──▶ deleted
//! ```
//!
//! QR expiry returns the account to the status its login started from (`created` or
//! `offline`), so an expired login leaves no half-state; the client asks for a new QR code with
//! another `login`. A QR code is re-issued inside `qr_wait` by `start_login` as well.

use std::fmt;

/// Where an account is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountState {
    Created,
    QrWait {
        stage: LoginStage,
        origin: LoginOrigin,
    },
    Online,
    Recovering,
    Offline,
    Deleted,
}

/// An account's status as stored and shown: the state without its login details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum AccountStatus {
    Created,
    /// A QR login is in progress (`login_stage` says which step).
    QrWait,
    Online,
    /// The session dropped; the service is bringing it back.
    Recovering,
    Offline,
    Deleted,
}

impl AccountStatus {
    pub const ALL: [AccountStatus; 6] = [
        AccountStatus::Created,
        AccountStatus::QrWait,
        AccountStatus::Online,
        AccountStatus::Recovering,
        AccountStatus::Offline,
        AccountStatus::Deleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Created => "created",
            AccountStatus::QrWait => "qr_wait",
            AccountStatus::Online => "online",
            AccountStatus::Recovering => "recovering",
            AccountStatus::Offline => "offline",
            AccountStatus::Deleted => "deleted",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The step of a QR login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum LoginStage {
    WaitingScan,
    WaitingConfirm,
    NeedsVerification,
}

/// The status a login started from, to return to when its QR code expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoginOrigin {
    Created,
    Offline,
}

/// Something that happened to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum AccountEvent {
    /// A user asked to log in (or for a fresh QR code).
    StartLogin,
    QrScanned,
    QrConfirmed,
    VerificationRequired,
    Verified,
    QrExpired,
    /// The connector accepted the account's credentials (official API: no QR step).
    CredentialsVerified,
    /// The sweeper found no heartbeat within the threshold.
    HeartbeatLost,
    /// The connector reported the session dropped.
    Disconnected,
    /// A heartbeat arrived (while recovering, the session is back).
    Heartbeat,
    Recovered,
    /// A recovery attempt failed; another follows after a backoff.
    RecoveryFailed,
    RecoveryExhausted,
    /// A user asked to log out.
    Logout,
    /// The connector reported a logout (from the device, kicked, banned).
    LoggedOut,
    Delete,
}

/// The event does not apply to the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidTransition {
    pub from: AccountState,
    pub event: AccountEvent,
}

impl fmt::Display for InvalidTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} does not apply to an account that is {}",
            self.event.as_str(),
            self.from.status()
        )
    }
}

impl std::error::Error for InvalidTransition {}

/// The next state, or why there is none. `Heartbeat` on an online account is the one event
/// that applies without changing anything (`Ok(same)`): callers record no history for it.
pub fn transition(
    from: AccountState,
    event: AccountEvent,
) -> Result<AccountState, InvalidTransition> {
    use AccountEvent as E;
    use AccountState as S;
    use LoginStage as L;
    let qr = |stage, origin| S::QrWait { stage, origin };
    let next = match (from, event) {
        (S::Deleted, _) => None,
        (_, E::Delete) => Some(S::Deleted),

        (S::Created, E::StartLogin) => Some(qr(L::WaitingScan, LoginOrigin::Created)),
        (S::Offline, E::StartLogin) => Some(qr(L::WaitingScan, LoginOrigin::Offline)),
        (S::QrWait { origin, .. }, E::StartLogin) => Some(qr(L::WaitingScan, origin)),
        (
            S::QrWait {
                stage: L::WaitingScan,
                origin,
            },
            E::QrScanned,
        ) => Some(qr(L::WaitingConfirm, origin)),
        (
            S::QrWait {
                stage: L::WaitingConfirm,
                ..
            },
            E::QrConfirmed,
        ) => Some(S::Online),
        (
            S::QrWait {
                stage: L::WaitingConfirm,
                origin,
            },
            E::VerificationRequired,
        ) => Some(qr(L::NeedsVerification, origin)),
        (
            S::QrWait {
                stage: L::NeedsVerification,
                ..
            },
            E::Verified,
        ) => Some(S::Online),
        (S::QrWait { origin, .. }, E::QrExpired) => Some(match origin {
            LoginOrigin::Created => S::Created,
            LoginOrigin::Offline => S::Offline,
        }),
        (S::Created | S::Offline, E::CredentialsVerified) => Some(S::Online),

        (S::Online, E::Heartbeat) => Some(S::Online),
        (S::Online, E::HeartbeatLost | E::Disconnected) => Some(S::Recovering),
        (S::Recovering, E::Recovered | E::Heartbeat) => Some(S::Online),
        (S::Recovering, E::RecoveryFailed) => Some(S::Recovering),
        (S::Recovering, E::RecoveryExhausted) => Some(S::Offline),

        (S::Online | S::Recovering | S::QrWait { .. }, E::Logout | E::LoggedOut) => {
            Some(S::Offline)
        }
        _ => None,
    };
    next.ok_or(InvalidTransition { from, event })
}

impl AccountState {
    /// The statuses an account that is not deleted can have (what listings filter on).
    pub const LIVE_STATUSES: [&'static str; 5] =
        ["created", "qr_wait", "online", "recovering", "offline"];

    /// The status as stored and shown: `created`, `qr_wait`, `online`, `recovering`,
    /// `offline`, `deleted`.
    pub fn status(self) -> &'static str {
        self.status_kind().as_str()
    }

    pub fn status_kind(self) -> AccountStatus {
        match self {
            AccountState::Created => AccountStatus::Created,
            AccountState::QrWait { .. } => AccountStatus::QrWait,
            AccountState::Online => AccountStatus::Online,
            AccountState::Recovering => AccountStatus::Recovering,
            AccountState::Offline => AccountStatus::Offline,
            AccountState::Deleted => AccountStatus::Deleted,
        }
    }

    pub fn login_stage(self) -> Option<LoginStage> {
        match self {
            AccountState::QrWait { stage, .. } => Some(stage),
            _ => None,
        }
    }

    pub fn login_origin(self) -> Option<LoginOrigin> {
        match self {
            AccountState::QrWait { origin, .. } => Some(origin),
            _ => None,
        }
    }

    /// Rebuilds a state from its stored columns; `None` for a combination that cannot exist.
    pub fn from_columns(status: &str, stage: Option<&str>, origin: Option<&str>) -> Option<Self> {
        let state = match (status, stage, origin) {
            ("created", None, None) => AccountState::Created,
            ("online", None, None) => AccountState::Online,
            ("recovering", None, None) => AccountState::Recovering,
            ("offline", None, None) => AccountState::Offline,
            ("deleted", None, None) => AccountState::Deleted,
            ("qr_wait", Some(stage), Some(origin)) => AccountState::QrWait {
                stage: LoginStage::parse(stage)?,
                origin: match origin {
                    "created" => LoginOrigin::Created,
                    "offline" => LoginOrigin::Offline,
                    _ => return None,
                },
            },
            _ => return None,
        };
        Some(state)
    }
}

impl LoginStage {
    pub fn as_str(self) -> &'static str {
        match self {
            LoginStage::WaitingScan => "waiting_scan",
            LoginStage::WaitingConfirm => "waiting_confirm",
            LoginStage::NeedsVerification => "needs_verification",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "waiting_scan" => Some(LoginStage::WaitingScan),
            "waiting_confirm" => Some(LoginStage::WaitingConfirm),
            "needs_verification" => Some(LoginStage::NeedsVerification),
            _ => None,
        }
    }
}

impl LoginOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            LoginOrigin::Created => "created",
            LoginOrigin::Offline => "offline",
        }
    }
}

impl AccountEvent {
    pub const ALL: [AccountEvent; 16] = [
        AccountEvent::StartLogin,
        AccountEvent::QrScanned,
        AccountEvent::QrConfirmed,
        AccountEvent::VerificationRequired,
        AccountEvent::Verified,
        AccountEvent::QrExpired,
        AccountEvent::CredentialsVerified,
        AccountEvent::HeartbeatLost,
        AccountEvent::Disconnected,
        AccountEvent::Heartbeat,
        AccountEvent::Recovered,
        AccountEvent::RecoveryFailed,
        AccountEvent::RecoveryExhausted,
        AccountEvent::Logout,
        AccountEvent::LoggedOut,
        AccountEvent::Delete,
    ];

    /// The reason recorded in the status history.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountEvent::StartLogin => "start_login",
            AccountEvent::QrScanned => "qr_scanned",
            AccountEvent::QrConfirmed => "qr_confirmed",
            AccountEvent::VerificationRequired => "verification_required",
            AccountEvent::Verified => "verified",
            AccountEvent::QrExpired => "qr_expired",
            AccountEvent::CredentialsVerified => "credentials_verified",
            AccountEvent::HeartbeatLost => "heartbeat_lost",
            AccountEvent::Disconnected => "disconnected",
            AccountEvent::Heartbeat => "heartbeat",
            AccountEvent::Recovered => "recovered",
            AccountEvent::RecoveryFailed => "recovery_failed",
            AccountEvent::RecoveryExhausted => "recovery_exhausted",
            AccountEvent::Logout => "logout",
            AccountEvent::LoggedOut => "logged_out",
            AccountEvent::Delete => "delete",
        }
    }
}

#[cfg(test)]
mod tests;
