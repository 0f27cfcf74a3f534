//! Password hashing and checking, which argon2 makes deliberately slow: both run off the async
//! worker threads so a burst of sign-ins cannot stall every other request.

use fleet_core::password::{verify_password, Password};

use crate::IdentityError;

/// An argon2id hash of `password` with a fresh salt.
pub(crate) async fn hash(password: Password) -> Result<String, IdentityError> {
    blocking(move || password.hash()).await
}

/// Whether `candidate` matches `stored_hash`.
pub(crate) async fn verify(candidate: String, stored_hash: String) -> Result<bool, IdentityError> {
    blocking(move || verify_password(&candidate, &stored_hash)).await
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, IdentityError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(IdentityError::internal)
}
