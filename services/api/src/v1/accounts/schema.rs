//! What `/api/v1/accounts` takes and answers.

use std::collections::BTreeMap;

use fleet_connectors::ConnectorKind;
use fleet_core::{
    account::{AccountEvent, AccountStatus as Status, LoginStage},
    clock::now_ms,
};
use fleet_store::accounts::{AccountRecord, HistoryRecord};
use poem_openapi::{types::MaybeUndefined, Enum, Object};
use serde::Deserialize;
use serde_json::Value;

use super::super::{
    common::{readable, stored},
    connector_settings::ConnectorKinds,
};
use crate::{
    error::ApiResult,
    state::AppState,
    types::{OneOf, Timestamp, Variant},
};

/// Free-form account configuration: a JSON object of at most 16 KiB.
pub type Config = BTreeMap<String, Value>;

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Account {
    pub account_id: String,
    pub account_name: String,
    /// Stored encrypted.
    pub phone: Option<String>,
    pub connector: ConnectorKind,
    pub config: Config,
    pub status: Status,
    /// Present in `qr_wait`.
    pub login_stage: Option<LoginStage>,
    pub last_heartbeat: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Fields that could not be decrypted with the configured keys (shown absent; the
    /// service logged it). Absent when every field reads.
    pub unreadable: Option<Vec<String>>,
}

/// The fields of a new account every connector shares.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct NewAccountFields {
    /// 1–100 characters.
    #[oai(validator(min_length = 1, max_length = 100))]
    pub account_name: String,
    /// A phone number: 5–20 digits, an optional leading `+`, spaces or dashes; stored encrypted.
    pub phone: Option<String>,
    pub config: Option<Config>,
}

impl Variant for NewAccountFields {
    type Kinds = ConnectorKinds;
    const UNION: &'static str = "CreateAccount";
    const DESCRIPTION: &'static str =
        "A new account; `connector` decides which `connector_settings` it takes.";
}

/// `POST /accounts`: the new account's fields, its `connector` and that connector's settings.
pub type CreateAccount = OneOf<NewAccountFields>;

/// Fields to change; absent fields stay, `phone: null` clears the phone.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct UpdateAccount {
    #[oai(validator(min_length = 1, max_length = 100))]
    pub account_name: Option<String>,
    #[serde(default)]
    pub phone: MaybeUndefined<String>,
    pub config: Option<Config>,
}

/// The callback token and EncodingAESKey set for the app in the WeCom admin console.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct WecomCallbackSettings {
    /// 1–32 letters or digits.
    #[oai(validator(min_length = 1, max_length = 32, pattern = "^[A-Za-z0-9]+$"))]
    pub token: String,
    /// 43 characters of base64.
    #[oai(validator(min_length = 43, max_length = 43))]
    pub encoding_aes_key: String,
}

#[derive(Debug, Object)]
pub struct WecomCallbackConfigured {
    /// The path to give WeCom as the callback URL, on this service's public address.
    pub callback_path: String,
}

/// A login in progress, or done at once (`wecom_api` accounts go straight `online`).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct LoginStarted {
    pub account_id: String,
    pub status: Status,
    pub login_stage: Option<LoginStage>,
    /// The QR code to show the person who will scan it, as an SVG data URL
    /// (`data:image/svg+xml;base64,…`); also at `qrcode_url` as an image.
    pub qrcode_data_url: Option<String>,
    /// The QR code as an SVG image (`GET`, authenticated).
    pub qrcode_url: Option<String>,
    /// Identifies this login attempt.
    pub login_token: Option<String>,
    /// When the QR code stops working.
    pub expires_at: Option<Timestamp>,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct VerifyAccount {
    /// The code the new-device check shows on the phone.
    #[oai(validator(min_length = 1, max_length = 32))]
    pub code: String,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AccountState {
    pub account_id: String,
    pub status: Status,
    pub login_stage: Option<LoginStage>,
    pub last_heartbeat: Option<Timestamp>,
    /// Seconds online since the last login; 0 when not online.
    pub online_duration: i64,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct StatusChange {
    pub old_status: Status,
    pub old_stage: Option<LoginStage>,
    pub new_status: Status,
    pub new_stage: Option<LoginStage>,
    /// What happened.
    pub reason: AccountEvent,
    /// Context the change was recorded with (e.g. the connector's message).
    pub detail: BTreeMap<String, Value>,
    pub at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum ConversationKind {
    /// One customer or member.
    Private,
    Group,
}

#[derive(Debug, Object)]
pub struct Conversation {
    pub conversation_id: String,
    pub name: String,
    pub kind: ConversationKind,
    pub member_count: i64,
}

fn status_of(text: &str) -> ApiResult<Status> {
    stored(text)
}

fn stage_of(text: Option<&str>) -> ApiResult<Option<LoginStage>> {
    text.map(stored).transpose()
}

/// A stored JSON object; anything else (a row from before the column was checked) shows empty.
fn object_of(text: &str) -> BTreeMap<String, Value> {
    serde_json::from_str(text).unwrap_or_default()
}

pub(crate) fn to_account(state: &AppState, r: AccountRecord) -> ApiResult<Account> {
    let (phone, unreadable) = readable("phone", &r.id, state.accounts.phone_of(&r));
    Ok(Account {
        phone,
        unreadable,
        config: object_of(&r.config),
        connector: stored(&r.connector)?,
        status: status_of(&r.status)?,
        login_stage: stage_of(r.login_stage.as_deref())?,
        last_heartbeat: Timestamp::opt(r.last_heartbeat_at),
        created_at: Timestamp(r.created_at),
        updated_at: Timestamp(r.updated_at),
        account_id: r.id,
        account_name: r.account_name,
    })
}

pub(crate) fn to_status(r: &AccountRecord) -> ApiResult<AccountState> {
    let online_duration = match (r.status.as_str(), r.online_since) {
        ("online", Some(since)) => (now_ms() - since).max(0) / 1000,
        _ => 0,
    };
    Ok(AccountState {
        account_id: r.id.clone(),
        status: status_of(&r.status)?,
        login_stage: stage_of(r.login_stage.as_deref())?,
        last_heartbeat: Timestamp::opt(r.last_heartbeat_at),
        online_duration,
    })
}

pub(crate) fn to_change(h: HistoryRecord) -> ApiResult<StatusChange> {
    Ok(StatusChange {
        old_status: status_of(&h.old_status)?,
        old_stage: stage_of(h.old_stage.as_deref())?,
        new_status: status_of(&h.new_status)?,
        new_stage: stage_of(h.new_stage.as_deref())?,
        reason: stored(&h.reason)?,
        detail: object_of(&h.detail),
        at: Timestamp(h.created_at),
    })
}

pub(crate) fn to_conversation(c: fleet_connectors::Conversation) -> ApiResult<Conversation> {
    Ok(Conversation {
        kind: stored(&c.kind)?,
        conversation_id: c.id,
        name: c.name,
        member_count: c.member_count,
    })
}

/// The domain's view of a request's optional JSON object.
pub(crate) fn json_of(config: Option<Config>) -> Option<Value> {
    config.map(|c| Value::Object(c.into_iter().collect()))
}
