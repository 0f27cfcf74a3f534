use fleet_core::ValidationError;
use fleet_store::StoreError;

/// Why an identity operation failed. Each variant's text is the message clients read, so a
/// caller that maps variants to its own codes keeps the wording in one place.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    // Signing in and refreshing.
    #[error("email or password is wrong")]
    InvalidCredentials,
    #[error("unknown refresh token")]
    InvalidRefreshToken,
    #[error("this session has ended; sign in again")]
    SessionRevoked,
    /// A spent refresh token came back: someone may hold a copy, so the session was ended.
    #[error("this refresh token was already used; the session has been revoked")]
    RefreshTokenReused,
    #[error("the refresh token has expired; sign in again")]
    RefreshTokenExpired,
    /// Sign-out was asked with an API key, which has no session.
    #[error("API keys have no session; revoke the key instead")]
    NotASession,

    // Resolving a bearer credential.
    #[error("the bearer token is not valid")]
    InvalidToken,
    #[error("the access token has expired; refresh it")]
    TokenExpired,
    /// The access token verifies but names a session that is not the token's user's.
    #[error("the session of this token does not exist")]
    UnknownSession,
    #[error("unknown API key")]
    UnknownApiKey,
    #[error("this API key has been revoked")]
    ApiKeyRevoked,
    #[error("this API key has expired")]
    ApiKeyExpired,

    // Standing: whatever the credential, these callers may not act.
    #[error("this user is disabled")]
    UserDisabled,
    #[error("this tenant is suspended")]
    TenantSuspended,
    #[error("this tenant has been deleted")]
    TenantDeleted,

    /// `user`, `api key` or `tenant` does not exist (in the caller's tenant).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The change would leave the tenant without an active tenant admin.
    #[error("this is the tenant's last active tenant admin; appoint another first")]
    LastTenantAdmin,
    /// A deleted tenant keeps that status for good.
    #[error("a deleted tenant cannot change status")]
    TenantStatusFinal { status: String },
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// Includes `Conflict` for a taken email or tenant code.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Stored data or the machinery failed in a way no client can cause (a row's id that is
    /// not a UUID, an unknown role, a token that cannot be signed).
    #[error("{0}")]
    Internal(String),
}

impl IdentityError {
    pub(crate) fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }
}
