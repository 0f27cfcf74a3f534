//! The landing page: the tenant's accounts at a glance.

use std::sync::Arc;

use fleet_core::account::AccountStatus;
use poem::{http::StatusCode, web::Data, Request, Response};

use crate::{render::html, Portal};

#[poem::handler]
pub async fn show(req: &Request, portal: Data<&Arc<Portal>>) -> Response {
    let session = match portal.session(req).await {
        Ok(session) => session,
        Err(leave) => return leave,
    };
    let counted = match portal.accounts.count_by_status(session.tenant).await {
        Ok(counted) => counted,
        Err(err) => return super::account::failure_page(&session.visitor, &err),
    };
    let count_of = |status: AccountStatus| {
        counted
            .iter()
            .find(|(s, _)| s == status.as_str())
            .map_or(0, |(_, n)| *n)
    };
    let by_status: Vec<(&str, i64)> = AccountStatus::ALL
        .iter()
        .filter(|s| **s != AccountStatus::Deleted)
        .map(|s| (s.as_str(), count_of(*s)))
        .collect();
    let total: i64 = by_status.iter().map(|(_, n)| n).sum();
    let online = count_of(AccountStatus::Online);
    let online_rate = if total == 0 {
        "–".to_owned()
    } else {
        format!("{:.0}%", online as f64 * 100.0 / total as f64)
    };
    html(
        &session.visitor,
        StatusCode::OK,
        "dashboard.html",
        minijinja::context! { nav => "dashboard", total, online_rate, by_status },
    )
}
