//! Sign-in attempts, limited the same for the API and the portal: per client address, and per
//! account (email) from any address — so guesses at one account stop being evaluated past
//! its limit until the window ends, whether the email exists or not.

use fleet_core::email::Email;

use crate::{error::ApiError, state::AppState};

/// Refuses the attempt when the address or the account is over its limit.
pub async fn admit(state: &AppState, ip: Option<&str>, email: &str) -> Result<(), ApiError> {
    state
        .login_limiter
        .check(&format!("login:{}", ip.unwrap_or("?")))
        .await?;
    state
        .account_login_limiter
        .refuse_if_over(&account_key(email))
        .await
}

/// Counts a failed attempt against the account.
pub async fn failed(state: &AppState, email: &str) {
    state.account_login_limiter.note(&account_key(email)).await;
}

/// One key per account however its email is spelled.
fn account_key(email: &str) -> String {
    let email =
        Email::parse(email).map_or_else(|_| email.trim().to_lowercase(), |e| e.as_str().to_owned());
    format!("login-failures:{email}")
}
