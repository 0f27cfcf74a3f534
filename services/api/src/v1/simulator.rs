//! Playing the phone of a simulated account: scan the QR code, confirm, ask for new-device
//! verification, drop the session. Served only when this process runs the simulator (the demo,
//! or `simulator.enabled`); 404 otherwise.

use std::sync::Arc;

use fleet_accounts::PhoneAction;
use fleet_core::roles::Role;
use poem::web::Data;
use poem_openapi::{param::Path, payload::Json, OpenApi};

use super::{
    accounts::{to_status, AccountState},
    common::ApiTags,
};
use crate::{auth::BearerAuth, error::ApiResult, state::AppState};

#[derive(Default)]
pub struct SimulatorApi;

async fn drive(
    state: &AppState,
    auth: BearerAuth,
    account_id: &str,
    action: PhoneAction,
) -> ApiResult<Json<AccountState>> {
    let tenant = auth.0.tenant_with(Role::Operator)?;
    let rec = state.accounts.simulate(tenant, account_id, action).await?;
    Ok(Json(to_status(&rec)?))
}

#[OpenApi(prefix_path = "/api/v1/simulator/accounts", tag = "ApiTags::Simulator")]
impl SimulatorApi {
    /// The simulated phone scans the QR code.
    #[oai(path = "/:id/scan", method = "post", operation_id = "simulator_scan")]
    async fn scan(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AccountState>> {
        drive(&state, auth, &id.0, PhoneAction::Scan).await
    }

    /// The simulated phone confirms the login.
    #[oai(
        path = "/:id/confirm",
        method = "post",
        operation_id = "simulator_confirm"
    )]
    async fn confirm(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AccountState>> {
        drive(&state, auth, &id.0, PhoneAction::Confirm).await
    }

    /// WeCom asks for a new-device verification code (the simulator accepts `simulator.verification_code`).
    #[oai(
        path = "/:id/require-verification",
        method = "post",
        operation_id = "simulator_require_verification"
    )]
    async fn require_verification(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AccountState>> {
        drive(&state, auth, &id.0, PhoneAction::RequireVerification).await
    }

    /// The session drops; the account goes to `recovering`.
    #[oai(
        path = "/:id/disconnect",
        method = "post",
        operation_id = "simulator_disconnect"
    )]
    async fn disconnect(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AccountState>> {
        drive(&state, auth, &id.0, PhoneAction::Disconnect).await
    }
}
