//! The landing page: the tenant's accounts at a glance.

use std::sync::Arc;

use fleet_core::{account::AccountStatus, paging::PageRequest};
use fleet_store::accounts::AccountFilter;
use poem::{http::StatusCode, web::Data, Request, Response};

use crate::{render::html, Portal};

#[poem::handler]
pub async fn show(req: &Request, portal: Data<&Arc<Portal>>) -> Response {
    let session = match portal.session(req).await {
        Ok(session) => session,
        Err(leave) => return leave,
    };
    let one = PageRequest { page: 1, size: 1 };
    let mut by_status = Vec::new();
    let mut total = 0;
    let mut online = 0;
    for status in AccountStatus::ALL
        .iter()
        .filter(|s| **s != AccountStatus::Deleted)
    {
        let filter = AccountFilter {
            status: Some(status.as_str()),
            name: None,
        };
        let count = match portal.accounts.list(session.tenant, filter, one).await {
            Ok(page) => page.total,
            Err(err) => {
                tracing::warn!(%err, "the dashboard could not count accounts");
                0
            }
        };
        total += count;
        if *status == AccountStatus::Online {
            online = count;
        }
        by_status.push((status.as_str(), count));
    }
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
