//! Who may call WeCom Fleet, and who did what to whom. Tenants and their users, sign-in with
//! email and password, login sessions with single-use refresh tokens, signed access tokens,
//! API keys, and resolving a bearer credential against the database on every request, so
//! that a sign-out, a revoked key or a suspended tenant takes effect at once on every replica.
//!
//! Nothing here speaks HTTP: the API authorises the caller, hands plain inputs in and shapes
//! what comes back; every change writes its audit entry in the change's own transaction.

mod api_keys;
mod authenticate;
mod caller;
mod error;
mod passwords;
mod sessions;
mod standing;
mod stored;
mod tenants;
mod tokens;
mod users;

use fleet_core::field_cipher::Keyring;
use fleet_store::Db;

pub use api_keys::{CreatedApiKey, NewApiKey};
pub use authenticate::Identity;
pub use caller::{Caller, Origin};
pub use error::IdentityError;
pub use sessions::{Credentials, SessionUser, SignedIn};
pub use tenants::{
    create_platform_admin, create_tenant, NewTenant, TenantPatch, DEFAULT_MAX_ACCOUNTS,
    DEFAULT_MAX_DAILY_MESSAGES,
};
pub use tokens::{AccessClaims, TokenIssuer};
pub use users::{NewUser, UserPatch, UserStatus};

/// How credentials are issued: the access-token signer and how long a refresh token lives.
#[derive(Clone)]
pub struct IdentitySettings {
    pub tokens: TokenIssuer,
    pub refresh_ttl_secs: i64,
}

/// Tenants, users, sessions and API keys of every tenant; operations on a tenant's objects
/// take the tenant the caller acts in. Cheap to clone.
#[derive(Clone)]
pub struct IdentityService {
    db: Db,
    /// Seals users' phone numbers.
    keyring: Keyring,
    tokens: TokenIssuer,
    refresh_ttl_secs: i64,
}

impl IdentityService {
    pub fn new(db: Db, keyring: Keyring, settings: IdentitySettings) -> Self {
        Self {
            db,
            keyring,
            tokens: settings.tokens,
            refresh_ttl_secs: settings.refresh_ttl_secs,
        }
    }
}
