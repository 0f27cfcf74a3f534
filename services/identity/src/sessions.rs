//! Login sessions: sign-in with email and password, refresh, sign-out. A session hands out
//! short-lived access tokens and single-use refresh tokens; a refresh token presented twice
//! means someone else may hold a copy, so the whole session ends.

use fleet_core::{
    audit::{Actor, AuditAction},
    clock::{now_ms, Millis},
    credentials::{new_refresh_token, secret_digest},
    email::Email,
    ids::{SessionId, UserId},
    password::decoy_hash,
    roles::Role,
};
use fleet_store::{sessions, users, Scope};
use serde_json::json;

use crate::{
    caller::{Caller, Origin},
    passwords,
    standing::check_standing,
    stored::{parse_id, parse_role},
    IdentityError, IdentityService,
};

/// An email and password as typed at sign-in. Not `Debug`, so the password cannot reach a log.
pub struct Credentials {
    email: Email,
    password: String,
}

impl Credentials {
    /// A malformed email is simply wrong credentials: the answer must not tell which part of
    /// a sign-in was wrong.
    pub fn parse(email: &str, password: String) -> Result<Self, IdentityError> {
        let email = Email::parse(email).map_err(|_| IdentityError::InvalidCredentials)?;
        Ok(Self { email, password })
    }

    /// The account the attempt is for (what failed sign-ins are counted under).
    pub fn email(&self) -> &Email {
        &self.email
    }
}

/// The user a session belongs to.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: String,
    pub email: String,
    pub role: Role,
    /// `None` for platform admins.
    pub tenant_id: Option<String>,
}

/// A fresh access token and the refresh token to get the next one.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub access_token: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub refresh_token: String,
    pub refresh_expires_in: i64,
    pub user: SessionUser,
}

impl IdentityService {
    /// Checks the password (against a decoy hash when the email is unknown, so both take the
    /// same time), then opens a session. A failure is audited and answers
    /// [`IdentityError::InvalidCredentials`] whatever went wrong.
    pub async fn sign_in(
        &self,
        credentials: Credentials,
        origin: &Origin,
    ) -> Result<SignedIn, IdentityError> {
        let Credentials { email, password } = credentials;
        let mut tx = self.db.read(Scope::Platform).await?;
        let user = users::find_by_email(&mut tx, email.as_str()).await?;
        drop(tx);

        let stored_hash = user
            .as_ref()
            .map_or_else(|| decoy_hash().to_owned(), |u| u.password_hash.clone());
        let password_ok = passwords::verify(password, stored_hash).await?;

        let user = match user {
            Some(user) if password_ok => user,
            other => {
                let mut tx = self.db.begin(Scope::Platform).await?;
                let event = origin.event(
                    other.as_ref().and_then(|u| u.tenant_id.clone()),
                    &Actor::Anonymous,
                    AuditAction::LoginFailed,
                    other.as_ref().map(|u| ("user", u.id.clone())),
                    json!({ "email": email.as_str(), "reason": "invalid_credentials" }),
                );
                fleet_store::audit::record(&mut tx, event).await?;
                tx.commit().await?;
                return Err(IdentityError::InvalidCredentials);
            }
        };
        check_standing(&user.status, self.tenant_status(&user).await?.as_deref())?;

        let now = now_ms();
        let session_id = SessionId::new().to_string();
        let refresh_token = new_refresh_token();
        let mut tx = self.db.begin(Scope::Platform).await?;
        sessions::create(
            &mut tx,
            &sessions::NewSession {
                id: &session_id,
                tenant_id: user.tenant_id.as_deref(),
                user_id: &user.id,
                created_at: now,
            },
        )
        .await?;
        self.add_refresh_token(
            &mut tx,
            &session_id,
            user.tenant_id.as_deref(),
            &refresh_token,
            now,
        )
        .await?;
        users::record_login(&mut tx, &user.id, now).await?;
        let actor = Actor::User(parse_id::<UserId>(&user.id)?);
        let event = origin.event(
            user.tenant_id.clone(),
            &actor,
            AuditAction::LoginSucceeded,
            Some(("session", session_id.clone())),
            json!({}),
        );
        fleet_store::audit::record(&mut tx, event).await?;
        tx.commit().await?;

        let signed_in = SessionUser {
            role: parse_role(&user.role)?,
            id: user.id,
            email: user.email,
            tenant_id: user.tenant_id,
        };
        self.signed_in(signed_in, &session_id, refresh_token, now)
    }

    /// Trades a refresh token for a new access token and a new refresh token. A refresh token
    /// works once: presenting a spent one revokes its session (audited).
    pub async fn refresh(
        &self,
        refresh_token: &str,
        origin: &Origin,
    ) -> Result<SignedIn, IdentityError> {
        let now = now_ms();
        let digest = secret_digest(refresh_token);
        let mut tx = self.db.begin(Scope::Platform).await?;
        let found = sessions::find_refresh(&mut tx, &digest)
            .await?
            .ok_or(IdentityError::InvalidRefreshToken)?;
        if found.revoked_at.is_some() {
            return Err(IdentityError::SessionRevoked);
        }
        let spent =
            found.used_at.is_none() && sessions::spend_refresh_token(&mut tx, &digest, now).await?;
        if !spent {
            sessions::revoke(&mut tx, &found.session_id, "refresh_token_reused", now).await?;
            let event = origin.event(
                found.tenant_id.clone(),
                &Actor::Anonymous,
                AuditAction::RefreshReuseDetected,
                Some(("session", found.session_id.clone())),
                json!({ "user_id": found.user_id }),
            );
            fleet_store::audit::record(&mut tx, event).await?;
            tx.commit().await?;
            return Err(IdentityError::RefreshTokenReused);
        }
        if found.expires_at <= now {
            return Err(IdentityError::RefreshTokenExpired);
        }
        check_standing(&found.user_status, found.tenant_status.as_deref())?;
        let refresh_token = new_refresh_token();
        self.add_refresh_token(
            &mut tx,
            &found.session_id,
            found.tenant_id.as_deref(),
            &refresh_token,
            now,
        )
        .await?;
        tx.commit().await?;

        let signed_in = SessionUser {
            role: parse_role(&found.role)?,
            id: found.user_id,
            email: found.email,
            tenant_id: found.tenant_id,
        };
        self.signed_in(signed_in, &found.session_id, refresh_token, now)
    }

    /// Ends the caller's session (`session_id`, `None` for an API key): its access and
    /// refresh tokens stop working.
    pub async fn sign_out(
        &self,
        caller: &Caller,
        session_id: Option<&str>,
    ) -> Result<(), IdentityError> {
        let session_id = session_id.ok_or(IdentityError::NotASession)?;
        let mut tx = self.db.begin(Scope::Platform).await?;
        sessions::revoke(&mut tx, session_id, "logout", now_ms()).await?;
        let event = caller.audit(
            AuditAction::Logout,
            ("session", session_id.to_owned()),
            json!({}),
        );
        fleet_store::audit::record(&mut tx, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The status of the user's tenant; `None` for a platform admin.
    async fn tenant_status(
        &self,
        user: &users::UserRecord,
    ) -> Result<Option<String>, IdentityError> {
        let Some(tenant_id) = &user.tenant_id else {
            return Ok(None);
        };
        let mut tx = self.db.read(Scope::Platform).await?;
        let tenant = fleet_store::tenants::get(&mut tx, parse_id(tenant_id)?, false).await?;
        Ok(tenant.map(|t| t.status))
    }

    /// Stores `token`'s digest as the session's next refresh token, valid for the configured
    /// lifetime from `now`.
    async fn add_refresh_token(
        &self,
        tx: &mut fleet_store::Tx,
        session_id: &str,
        tenant_id: Option<&str>,
        token: &str,
        now: Millis,
    ) -> Result<(), IdentityError> {
        sessions::add_refresh_token(
            tx,
            session_id,
            tenant_id,
            &secret_digest(token),
            now,
            now + self.refresh_ttl_secs * 1000,
        )
        .await?;
        Ok(())
    }

    fn signed_in(
        &self,
        user: SessionUser,
        session_id: &str,
        refresh_token: String,
        now: Millis,
    ) -> Result<SignedIn, IdentityError> {
        let access_token = self.tokens.issue(
            &user.id,
            user.tenant_id.as_deref(),
            user.role,
            session_id,
            now,
        )?;
        Ok(SignedIn {
            access_token,
            expires_in: self.tokens.access_ttl_secs(),
            refresh_token,
            refresh_expires_in: self.refresh_ttl_secs,
            user,
        })
    }
}
