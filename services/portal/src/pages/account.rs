//! An account's page: its status live, the QR login in place (the code, then each stage as it
//! happens), the verification-code form, logout, its history — and on the simulator, its
//! phone's actions as buttons. Actions answer the refreshed panel to htmx, or redirect back
//! to the page for a plain form post.

use std::sync::Arc;

use base64::Engine;
use fleet_accounts::{qr_svg, AccountError, PhoneAction};
use fleet_core::{clock::now_ms, paging::PageRequest};
use fleet_store::accounts::AccountRecord;
use poem::{
    http::StatusCode,
    web::{Data, Form, Path},
    Request, Response,
};
use serde::{Deserialize, Serialize};

use crate::{
    i18n::Lang,
    render::{error_page, html, Visitor},
    session::{redirect, Session},
    Portal,
};

/// An account as the pages show it.
#[derive(Debug, Serialize)]
pub struct AccountView {
    pub id: String,
    pub name: String,
    pub status: String,
    pub stage: Option<String>,
    pub connector: String,
    pub created_at: i64,
    pub online_since: Option<i64>,
    pub qr_expires_at: Option<i64>,
    pub qr_expired: bool,
}

impl AccountView {
    pub fn of(rec: &AccountRecord) -> Self {
        Self {
            id: rec.id.clone(),
            name: rec.account_name.clone(),
            status: rec.status.clone(),
            stage: rec.login_stage.clone(),
            connector: rec.connector.clone(),
            created_at: rec.created_at,
            online_since: rec.online_since,
            qr_expires_at: rec.qr_expires_at,
            qr_expired: rec.qr_expires_at.is_some_and(|at| at <= now_ms()),
        }
    }
}

#[derive(Debug, Serialize)]
struct HistoryView {
    at: i64,
    new_status: String,
    new_stage: Option<String>,
    reason: String,
}

/// History lines shown, newest first.
const HISTORY_SHOWN: u32 = 50;

/// The account's page, or only its live panel (`panel_only`), with `error` shown in it.
async fn render_account(
    portal: &Portal,
    session: &Session,
    id: &str,
    panel_only: bool,
    error: Option<String>,
) -> Response {
    let rec = match portal.accounts.get(session.tenant, id).await {
        Ok(rec) => rec,
        Err(err) => return failure_page(&session.visitor, &err),
    };
    let history = match latest_history(portal, session, id).await {
        Ok(history) => history,
        Err(err) => return failure_page(&session.visitor, &err),
    };
    let qr = rec
        .qr_payload
        .as_deref()
        .filter(|_| rec.status == "qr_wait")
        .and_then(|payload| qr_svg(payload).ok())
        .map(|svg| base64::engine::general_purpose::STANDARD.encode(svg));
    let simulated = rec.connector == "simulator" && portal.accounts.simulator().is_some();
    let vars = minijinja::context! {
        nav => "accounts", here => format!("/portal/accounts/{id}"),
        account => AccountView::of(&rec), qr_svg => qr, history, error, simulated,
        phone_actions => PhoneAction::ALL.iter().map(|a| a.name()).collect::<Vec<_>>(),
    };
    let template = if panel_only {
        "account_panel.html"
    } else {
        "account.html"
    };
    html(&session.visitor, StatusCode::OK, template, vars)
}

async fn latest_history(
    portal: &Portal,
    session: &Session,
    id: &str,
) -> Result<Vec<HistoryView>, AccountError> {
    // Oldest first in the store: read the last page.
    let first = PageRequest {
        page: 1,
        size: HISTORY_SHOWN,
    };
    let head = portal.accounts.history(session.tenant, id, first).await?;
    let last_page = u32::try_from(super::page_count(head.total, HISTORY_SHOWN)).unwrap_or(1);
    let page = if last_page == 1 {
        head
    } else {
        let last = PageRequest {
            page: last_page,
            size: HISTORY_SHOWN,
        };
        portal.accounts.history(session.tenant, id, last).await?
    };
    Ok(page
        .items
        .into_iter()
        .rev()
        .map(|h| HistoryView {
            at: h.created_at,
            new_status: h.new_status,
            new_stage: h.new_stage,
            reason: h.reason,
        })
        .collect())
}

#[poem::handler]
pub async fn show(req: &Request, portal: Data<&Arc<Portal>>, Path(id): Path<String>) -> Response {
    match portal.session(req).await {
        Ok(session) => render_account(&portal, &session, &id, false, None).await,
        Err(leave) => leave,
    }
}

#[poem::handler]
pub async fn panel(req: &Request, portal: Data<&Arc<Portal>>, Path(id): Path<String>) -> Response {
    match portal.session(req).await {
        Ok(session) => render_account(&portal, &session, &id, true, None).await,
        Err(leave) => leave,
    }
}

/// Runs a change for a user who may write, then answers the panel (htmx) or the page.
async fn act<F, Fut>(req: &Request, portal: &Portal, id: &str, change: F) -> Response
where
    F: FnOnce(Session) -> Fut,
    Fut: std::future::Future<Output = (Session, Result<(), AccountError>)>,
{
    let session = match portal.session(req).await {
        Ok(session) => session,
        Err(leave) => return leave,
    };
    if let Some(refused) = session.write_refused() {
        return refused;
    }
    let (session, outcome) = change(session).await;
    let error = match outcome {
        Ok(()) => None,
        Err(AccountError::NotFound) => return error_page(&session.visitor, StatusCode::NOT_FOUND),
        Err(err) => Some(error_text(session.visitor.lang, &err)),
    };
    if req.headers().contains_key("hx-request") {
        render_account(portal, &session, id, true, error).await
    } else if error.is_some() {
        render_account(portal, &session, id, false, error).await
    } else {
        redirect(&format!("/portal/accounts/{id}"))
    }
}

#[poem::handler]
pub async fn login(req: &Request, portal: Data<&Arc<Portal>>, Path(id): Path<String>) -> Response {
    act(req, &portal, &id, |s| async {
        let done = portal.accounts.login(s.tenant, &id).await.map(drop);
        (s, done)
    })
    .await
}

#[poem::handler]
pub async fn logout(req: &Request, portal: Data<&Arc<Portal>>, Path(id): Path<String>) -> Response {
    act(req, &portal, &id, |s| async {
        let done = portal.accounts.logout(s.tenant, &id).await.map(drop);
        (s, done)
    })
    .await
}

#[derive(Deserialize)]
pub struct VerifyForm {
    code: String,
}

#[poem::handler]
pub async fn verify(
    req: &Request,
    portal: Data<&Arc<Portal>>,
    Path(id): Path<String>,
    Form(form): Form<VerifyForm>,
) -> Response {
    act(req, &portal, &id, |s| async {
        let done = portal
            .accounts
            .verify(s.tenant, &id, &form.code)
            .await
            .map(drop);
        (s, done)
    })
    .await
}

#[poem::handler]
pub async fn phone(
    req: &Request,
    portal: Data<&Arc<Portal>>,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let Some(action) = PhoneAction::parse(&action) else {
        return error_page(&crate::session::visitor(req), StatusCode::NOT_FOUND);
    };
    act(req, &portal, &id, |s| async {
        let done = portal
            .accounts
            .simulate(s.tenant, &id, action)
            .await
            .map(drop);
        (s, done)
    })
    .await
}

/// What went wrong, in the visitor's language, next to the action that failed.
pub fn error_text(lang: Lang, err: &AccountError) -> String {
    match err {
        AccountError::InvalidState { .. } => lang.text("error.invalid_state", &[]),
        AccountError::LimitReached { .. } => lang.text("error.limit_reached", &[]),
        AccountError::Validation(e) => {
            lang.text("error.validation", &[("message", e.message.clone())])
        }
        AccountError::Connector(e) => lang.text("error.connector", &[("message", e.to_string())]),
        other => {
            tracing::warn!(err = %other, "a portal action failed");
            lang.text("error.unavailable", &[])
        }
    }
}

/// A page that could not be shown: another tenant's (or no) account is "not found".
pub fn failure_page(visitor: &Visitor, err: &AccountError) -> Response {
    match err {
        AccountError::NotFound => error_page(visitor, StatusCode::NOT_FOUND),
        other => {
            tracing::warn!(err = %other, "a portal page failed");
            error_page(visitor, StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}
