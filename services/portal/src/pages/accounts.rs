//! The accounts list (status filter, name search, pages) and creating an account.

use std::sync::Arc;

use fleet_accounts::NewAccount;
use fleet_core::{account::AccountStatus, paging::PageRequest};
use fleet_store::accounts::{AccountFilter, AccountRecord};
use poem::{
    http::StatusCode,
    web::{Data, Form, Query},
    Request, Response,
};
use serde::{Deserialize, Serialize};

use super::account::{error_text, AccountView};
use crate::{
    render::html,
    session::{encode, redirect},
    Portal,
};

const PAGE_SIZE: u32 = 25;

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    name: Option<String>,
    page: Option<u32>,
}

/// The statuses a list can be narrowed to.
fn listed_statuses() -> Vec<&'static str> {
    AccountStatus::ALL
        .iter()
        .filter(|s| **s != AccountStatus::Deleted)
        .map(|s| s.as_str())
        .collect()
}

#[poem::handler]
pub async fn list(
    req: &Request,
    portal: Data<&Arc<Portal>>,
    Query(q): Query<ListQuery>,
) -> Response {
    let session = match portal.session(req).await {
        Ok(session) => session,
        Err(leave) => return leave,
    };
    // An unknown status or an over-long name narrows to nothing rather than failing.
    let status = q
        .status
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| AccountStatus::parse(s).map_or("-", AccountStatus::as_str));
    let name = q
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| n.chars().take(100).collect::<String>());
    let page = PageRequest {
        page: q.page.unwrap_or(1).clamp(1, 1_000_000),
        size: PAGE_SIZE,
    };
    let filter = AccountFilter {
        status,
        name: name.as_deref(),
    };
    let found = match portal.accounts.list(session.tenant, filter, page).await {
        Ok(found) => found,
        Err(err) => return super::account::failure_page(&session.visitor, &err),
    };
    let pages = super::page_count(found.total, PAGE_SIZE);
    let items: Vec<AccountView> = found.items.iter().map(AccountView::of).collect();
    let page_url = format!(
        "/portal/accounts?status={}&name={}",
        encode(status.unwrap_or_default()),
        encode(name.as_deref().unwrap_or_default())
    );
    html(
        &session.visitor,
        StatusCode::OK,
        "accounts.html",
        minijinja::context! {
            nav => "accounts", items, total => found.total,
            page => page.page, pages, page_url, statuses => listed_statuses(),
            status => status.unwrap_or_default(), name => name.unwrap_or_default(),
        },
    )
}

#[derive(Deserialize, Serialize, Default)]
pub struct NewAccountForm {
    account_name: String,
    connector: String,
    /// Connector settings as JSON, for connectors that need them.
    #[serde(default)]
    settings: String,
}

#[poem::handler]
pub async fn new_form(req: &Request, portal: Data<&Arc<Portal>>) -> Response {
    let session = match portal.session(req).await {
        Ok(session) => session,
        Err(leave) => return leave,
    };
    if let Some(refused) = session.write_refused() {
        return refused;
    }
    form_page(
        &portal,
        &session.visitor,
        StatusCode::OK,
        &NewAccountForm::default(),
        None,
    )
}

fn form_page(
    portal: &Portal,
    visitor: &crate::render::Visitor,
    status: StatusCode,
    form: &NewAccountForm,
    error: Option<String>,
) -> Response {
    let connectors: Vec<&str> = portal
        .accounts
        .connector_kinds()
        .into_iter()
        .map(|k| k.as_str())
        .collect();
    html(
        visitor,
        status,
        "account_new.html",
        minijinja::context! { nav => "accounts", form, connectors, error },
    )
}

#[poem::handler]
pub async fn create(
    req: &Request,
    portal: Data<&Arc<Portal>>,
    Form(form): Form<NewAccountForm>,
) -> Response {
    let session = match portal.session(req).await {
        Ok(session) => session,
        Err(leave) => return leave,
    };
    if let Some(refused) = session.write_refused() {
        return refused;
    }
    let settings = match form.settings.trim() {
        "" => None,
        text => match serde_json::from_str(text) {
            Ok(value) => Some(value),
            Err(err) => {
                let error = session
                    .visitor
                    .lang
                    .text("error.validation", &[("message", err.to_string())]);
                return form_page(
                    &portal,
                    &session.visitor,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &form,
                    Some(error),
                );
            }
        },
    };
    let input = NewAccount {
        account_name: form.account_name.clone(),
        phone: None,
        connector: form.connector.clone(),
        connector_settings: settings,
        config: None,
    };
    match portal.accounts.create(session.tenant, input).await {
        Ok(AccountRecord { id, .. }) => redirect(&format!("/portal/accounts/{id}")),
        Err(err) => {
            let error = error_text(session.visitor.lang, &err);
            form_page(
                &portal,
                &session.visitor,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                Some(error),
            )
        }
    }
}
