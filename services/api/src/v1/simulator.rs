//! Playing the phone of a simulated account: scan the QR code, confirm, ask for new-device
//! verification, drop the session. Served only when this process runs the simulator (the demo,
//! or `simulator.enabled`); 404 otherwise.

use std::sync::Arc;

use fleet_connectors::{simulator::Simulator, ConnectorError, ConnectorEvent};
use fleet_core::roles::Role;
use poem::web::Data;
use poem_openapi::{param::Path, payload::Json, OpenApi};
use serde_json::json;

use super::{
    accounts::{to_status, AccountState},
    common::ApiTags,
};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult},
    state::AppState,
};

#[derive(Default)]
pub struct SimulatorApi;

type Drive = fn(&Simulator, &str) -> Result<ConnectorEvent, ConnectorError>;

async fn drive(
    state: &AppState,
    auth: BearerAuth,
    account_id: &str,
    action: Drive,
    name: &str,
) -> ApiResult<Json<AccountState>> {
    let sim = state
        .accounts
        .simulator()
        .ok_or_else(|| ApiError::not_found("simulator"))?;
    let tenant = auth.0.tenant_with(Role::Operator)?;
    let account = state.accounts.get(tenant, account_id).await?;
    let instance = account
        .instance_id
        .filter(|_| account.connector == "simulator")
        .ok_or_else(|| ApiError::not_found("simulated account"))?;
    let reported = action(sim, &instance)?;
    let detail = json!({ "source": "simulator", "action": name });
    let rec = state
        .accounts
        .apply_connector_event(tenant, account_id, reported.event, detail)
        .await?;
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
        drive(&state, auth, &id.0, Simulator::scan, "scan").await
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
        drive(&state, auth, &id.0, Simulator::confirm, "confirm").await
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
        drive(
            &state,
            auth,
            &id.0,
            Simulator::require_verification,
            "require-verification",
        )
        .await
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
        drive(&state, auth, &id.0, Simulator::disconnect, "disconnect").await
    }
}
