//! Typed ids. Every id is a UUID stored as lowercase text, so both SQL backends carry it as a
//! plain string and a tenant id can never be passed where a user id is expected.

use std::{fmt, str::FromStr};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(uuid::Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(uuid::Uuid::new_v4())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                Self(id)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A tenant: one business using the platform.
    TenantId
);
id_type!(
    /// A person who signs in (platform admin or a tenant's user).
    UserId
);
id_type!(
    /// An API key used by SDK clients.
    ApiKeyId
);
id_type!(
    /// A login session: the family of refresh tokens rotated from one login.
    SessionId
);
id_type!(
    /// One entry of the audit log.
    AuditId
);
