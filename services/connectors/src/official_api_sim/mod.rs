//! A server that answers like the official WeCom server API (`qyapi.weixin.qq.com`), so that
//! corp-app accounts can be demonstrated (`wecom-fleet simulate` mounts it) and the
//! `wecom_api` connector tested without WeCom.
//!
//! It reproduces these endpoints, with the parameters and reply fields the connector uses:
//!
//! - `GET /cgi-bin/gettoken?corpid=..&corpsecret=..` — a new token per request, living the
//!   configured TTL; 40013 unknown corp id, 40001 wrong secret, 41002/41004 missing parameter.
//! - `GET /cgi-bin/agent/get?agentid=..` — the app's details; 40056 for another agent id.
//! - `POST /cgi-bin/message/send` — `{"errcode":0,"errmsg":"ok","invaliduser":"","msgid":..}`;
//!   40056 for another agent id, 40008 without a `msgtype`.
//! - `POST /cgi-bin/externalcontact/groupchat/list` — three canned group chats per app,
//!   paged by `limit` and `cursor`.
//! - `POST /cgi-bin/externalcontact/groupchat/get` — one of them with its members; 40050 for
//!   an unknown chat id.
//!
//! Every call but `gettoken` checks its `access_token` first: 41001 when it is missing,
//! 40014 when it is unknown, 42001 when it has expired. A body that is not JSON gets 47001.
//! Like WeCom, every answer is HTTP 200 with the outcome in `errcode`/`errmsg`.
//!
//! It leaves out: WeCom's real frequency limits and IP allow-lists (failures are injected
//! instead, see [`OfficialApiSim::fail_next`]); returning the same token when `gettoken` is
//! called again within the token's life; the `hint`/`more info` tail of `errmsg`; message
//! delivery (sent messages are only recorded); every other endpoint.

mod answers;
mod routes;
mod state;

use std::{
    sync::{Mutex, MutexGuard, PoisonError},
    time::Duration,
};

use serde_json::Value;

use state::SimState;

/// The simulated WeCom API. Share it behind an `Arc`: the routes and the test (or the
/// person driving a demo) act on the same state.
pub struct OfficialApiSim {
    token_ttl: Duration,
    state: Mutex<SimState>,
}

impl OfficialApiSim {
    /// `token_ttl` is how long issued tokens live (WeCom's is 7200 s); `gettoken` reports it
    /// in whole seconds.
    pub fn new(token_ttl: Duration) -> Self {
        Self {
            token_ttl,
            state: Mutex::new(SimState::default()),
        }
    }

    /// Adds a corp app that `gettoken` accepts `secret` for. Registering the same corp and
    /// agent again replaces its secret (a rotated secret).
    pub fn register_app(
        &self,
        corp_id: impl Into<String>,
        agent_id: i64,
        secret: impl Into<String>,
    ) {
        self.state()
            .register_app(corp_id.into(), agent_id, secret.into());
    }

    /// How many `gettoken` requests arrived.
    pub fn gettoken_calls(&self) -> u64 {
        self.calls(answers::GETTOKEN)
    }

    /// How many requests arrived for `path` (e.g. `/cgi-bin/agent/get`), answered
    /// successfully or not.
    pub fn calls(&self, path: &str) -> u64 {
        self.state().calls.get(path).copied().unwrap_or(0)
    }

    /// How many answers carried `errcode` (e.g. 42001), over all endpoints.
    pub fn answers(&self, errcode: i64) -> u64 {
        self.state().answers.get(&errcode).copied().unwrap_or(0)
    }

    /// Makes every token issued so far answer 42001 (expired) from now on.
    pub fn expire_all_tokens(&self) {
        self.state().expire_all_tokens();
    }

    /// Makes the next `times` calls other than `gettoken` answer `errcode` (e.g. 45009 for the
    /// frequency limit, -1 for system busy), whatever they ask. Replaces an earlier setting.
    pub fn fail_next(&self, errcode: i64, times: u32) {
        self.state().fail_next = (times > 0).then_some((errcode, times));
    }

    /// The bodies of the messages `message/send` accepted, oldest first.
    pub fn sent_messages(&self) -> Vec<Value> {
        self.state().sent_messages.clone()
    }

    // Every change to the state is complete under one lock; a poisoned lock is safe to reuse.
    fn state(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
