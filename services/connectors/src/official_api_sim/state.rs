//! What the simulated WeCom remembers: apps, the tokens it issued, injected failures and
//! what it was asked.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use rand::{distributions::Alphanumeric, Rng};
use serde_json::Value;

#[derive(Default)]
pub(super) struct SimState {
    pub apps: Vec<SimApp>,
    pub tokens: HashMap<String, IssuedToken>,
    /// The errcode the next calls answer, and how many more calls.
    pub fail_next: Option<(i64, u32)>,
    pub calls: HashMap<String, u64>,
    pub answers: HashMap<i64, u64>,
    pub sent_messages: Vec<Value>,
    pub serial: u64,
}

pub(super) struct SimApp {
    pub corp_id: String,
    pub agent_id: i64,
    pub secret: String,
    pub chats: Vec<CannedChat>,
}

pub(super) struct CannedChat {
    pub chat_id: String,
    pub name: &'static str,
    pub members: usize,
}

pub(super) struct IssuedToken {
    pub corp_id: String,
    pub agent_id: i64,
    pub expires_at: Instant,
    /// Set by `expire_all_tokens`: expired whatever `expires_at` says.
    pub expired_early: bool,
}

/// Whom a token was issued to, once it checked out.
pub(super) struct TokenOwner {
    pub corp_id: String,
    pub agent_id: i64,
}

/// Why a token was refused.
pub(super) enum TokenRefusal {
    Unknown,
    Expired,
}

impl SimState {
    pub fn register_app(&mut self, corp_id: String, agent_id: i64, secret: String) {
        if let Some(app) = self
            .apps
            .iter_mut()
            .find(|a| a.corp_id == corp_id && a.agent_id == agent_id)
        {
            app.secret = secret;
            return;
        }
        let chat = |n: u32, name, members| CannedChat {
            chat_id: format!("wr{corp_id}-{agent_id}-{n}"),
            name,
            members,
        };
        let chats = vec![
            chat(1, "VIP customers", 48),
            chat(2, "After-sales support", 12),
            chat(3, "Product trial group", 5),
        ];
        self.apps.push(SimApp {
            corp_id,
            agent_id,
            secret,
            chats,
        });
    }

    pub fn app(&self, corp_id: &str, agent_id: i64) -> Option<&SimApp> {
        self.apps
            .iter()
            .find(|a| a.corp_id == corp_id && a.agent_id == agent_id)
    }

    pub fn issue_token(&mut self, corp_id: &str, agent_id: i64, ttl: Duration) -> String {
        let token: String = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(64)
            .map(char::from)
            .collect();
        self.tokens.insert(
            token.clone(),
            IssuedToken {
                corp_id: corp_id.to_owned(),
                agent_id,
                expires_at: Instant::now() + ttl,
                expired_early: false,
            },
        );
        token
    }

    pub fn check_token(&self, token: &str) -> Result<TokenOwner, TokenRefusal> {
        let issued = self.tokens.get(token).ok_or(TokenRefusal::Unknown)?;
        if issued.expired_early || Instant::now() >= issued.expires_at {
            return Err(TokenRefusal::Expired);
        }
        Ok(TokenOwner {
            corp_id: issued.corp_id.clone(),
            agent_id: issued.agent_id,
        })
    }

    pub fn expire_all_tokens(&mut self) {
        for token in self.tokens.values_mut() {
            token.expired_early = true;
        }
    }

    /// The injected errcode for this call, if one is pending.
    pub fn take_injected_failure(&mut self) -> Option<i64> {
        let (code, left) = self.fail_next?;
        self.fail_next = (left > 1).then_some((code, left - 1));
        Some(code)
    }

    pub fn next_serial(&mut self) -> u64 {
        self.serial += 1;
        self.serial
    }
}
