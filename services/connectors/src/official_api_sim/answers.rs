//! What the simulated WeCom answers to each request, apart from HTTP: a pure function of the
//! state, the path, the query and the body, so it reads like WeCom's documentation.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{
    state::{SimApp, SimState, TokenOwner, TokenRefusal},
    OfficialApiSim,
};

pub(super) const GETTOKEN: &str = "/cgi-bin/gettoken";
pub(super) const AGENT_GET: &str = "/cgi-bin/agent/get";
pub(super) const MESSAGE_SEND: &str = "/cgi-bin/message/send";
pub(super) const GROUPCHAT_LIST: &str = "/cgi-bin/externalcontact/groupchat/list";
pub(super) const GROUPCHAT_GET: &str = "/cgi-bin/externalcontact/groupchat/get";

/// A WeCom errcode, for the `?`s in the handlers.
type Code = i64;
type Query = HashMap<String, String>;

const MAX_PAGE: usize = 1000;

impl OfficialApiSim {
    pub(super) fn answer(&self, path: &str, query: &Query, body: &[u8]) -> Value {
        let mut state = self.state();
        *state.calls.entry(path.to_owned()).or_default() += 1;
        let outcome = if path == GETTOKEN {
            gettoken(&mut state, query, self.token_ttl)
        } else {
            with_token(&mut state, path, query, body)
        };
        let (code, reply) = match outcome {
            Ok(reply) => (0, reply),
            Err(code) => (code, json!({"errcode": code, "errmsg": errmsg(code)})),
        };
        *state.answers.entry(code).or_default() += 1;
        reply
    }
}

fn ok(fields: Value) -> Value {
    let mut reply = json!({"errcode": 0, "errmsg": "ok"});
    if let (Some(reply), Value::Object(fields)) = (reply.as_object_mut(), fields) {
        reply.extend(fields);
    }
    reply
}

fn errmsg(code: Code) -> &'static str {
    match code {
        -1 => "system busy",
        40001 => "invalid secret",
        40008 => "invalid message type",
        40013 => "invalid corpid",
        40014 => "invalid access_token",
        40050 => "invalid chatid",
        40056 => "invalid agentid",
        40058 => "invalid parameter",
        41001 => "access_token missing",
        41002 => "corpid missing",
        41004 => "corpsecret missing",
        42001 => "access_token expired",
        45009 => "api freq out of limit",
        45033 => "api concurrent out of limit",
        47001 => "data format error",
        48001 => "api forbidden",
        60011 => "no privilege to access/modify contact/party/agent",
        _ => "simulated error",
    }
}

fn gettoken(state: &mut SimState, query: &Query, ttl: std::time::Duration) -> Result<Value, Code> {
    let corp_id = query.get("corpid").filter(|c| !c.is_empty()).ok_or(41002)?;
    let secret = query
        .get("corpsecret")
        .filter(|s| !s.is_empty())
        .ok_or(41004)?;
    if !state.apps.iter().any(|a| &a.corp_id == corp_id) {
        return Err(40013);
    }
    let agent_id = state
        .apps
        .iter()
        .find(|a| &a.corp_id == corp_id && &a.secret == secret)
        .map(|a| a.agent_id)
        .ok_or(40001)?;
    let token = state.issue_token(corp_id, agent_id, ttl);
    Ok(ok(
        json!({"access_token": token, "expires_in": ttl.as_secs()}),
    ))
}

/// The calls that need a token: an injected failure first (it stands for WeCom's limits,
/// which come before anything else), then the token, then the endpoint.
fn with_token(state: &mut SimState, path: &str, query: &Query, body: &[u8]) -> Result<Value, Code> {
    if let Some(code) = state.take_injected_failure() {
        return Err(code);
    }
    let token = query
        .get("access_token")
        .filter(|t| !t.is_empty())
        .ok_or(41001)?;
    let owner = state.check_token(token).map_err(|refusal| match refusal {
        TokenRefusal::Unknown => 40014,
        TokenRefusal::Expired => 42001,
    })?;
    match path {
        MESSAGE_SEND => message_send(state, &owner, body),
        _ => {
            // A token outlives neither its app nor a changed secret's re-registration.
            let app = state.app(&owner.corp_id, owner.agent_id).ok_or(40014)?;
            match path {
                AGENT_GET => agent_get(app, query),
                GROUPCHAT_LIST => groupchat_list(app, body),
                GROUPCHAT_GET => groupchat_get(app, body),
                _ => Err(48001),
            }
        }
    }
}

fn json_body(body: &[u8]) -> Result<serde_json::Map<String, Value>, Code> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(47001),
    }
}

fn agent_get(app: &SimApp, query: &Query) -> Result<Value, Code> {
    let asked = query.get("agentid").and_then(|a| a.parse::<i64>().ok());
    if asked != Some(app.agent_id) {
        return Err(40056);
    }
    Ok(ok(json!({
        "agentid": app.agent_id,
        "name": format!("Fleet app {}", app.agent_id),
        "square_logo_url": "",
        "description": "A corp app simulated by WeCom Fleet",
        "allow_userinfos": {"user": []},
        "allow_partys": {"partyid": []},
        "allow_tags": {"tagid": []},
        "close": 0,
        "redirect_domain": "",
        "report_location_flag": 0,
        "isreportenter": 0,
        "home_url": "",
    })))
}

fn message_send(state: &mut SimState, owner: &TokenOwner, body: &[u8]) -> Result<Value, Code> {
    let message = json_body(body)?;
    if message.get("agentid").and_then(Value::as_i64) != Some(owner.agent_id) {
        return Err(40056);
    }
    if !message.get("msgtype").is_some_and(Value::is_string) {
        return Err(40008);
    }
    let msgid = format!("sim-msg-{}", state.next_serial());
    state.sent_messages.push(Value::Object(message));
    Ok(ok(json!({"invaliduser": "", "msgid": msgid})))
}

fn groupchat_list(app: &SimApp, body: &[u8]) -> Result<Value, Code> {
    let request = json_body(body)?;
    let limit = match request.get("limit") {
        None => 100,
        Some(limit) => limit
            .as_u64()
            .and_then(|l| usize::try_from(l).ok())
            .filter(|l| (1..=MAX_PAGE).contains(l))
            .ok_or(40058)?,
    };
    let start = match request.get("cursor").and_then(Value::as_str) {
        None | Some("") => 0,
        Some(cursor) => cursor
            .parse::<usize>()
            .ok()
            .filter(|&c| c <= app.chats.len())
            .ok_or(40058)?,
    };
    let end = start.saturating_add(limit).min(app.chats.len());
    let page: Vec<Value> = app.chats[start..end]
        .iter()
        .map(|chat| json!({"chat_id": chat.chat_id, "status": 0}))
        .collect();
    let next_cursor = if end < app.chats.len() {
        end.to_string()
    } else {
        String::new()
    };
    Ok(ok(
        json!({"group_chat_list": page, "next_cursor": next_cursor}),
    ))
}

fn groupchat_get(app: &SimApp, body: &[u8]) -> Result<Value, Code> {
    let request = json_body(body)?;
    let chat_id = request.get("chat_id").and_then(Value::as_str);
    let chat = app
        .chats
        .iter()
        .find(|chat| Some(chat.chat_id.as_str()) == chat_id)
        .ok_or(40050)?;
    let members: Vec<Value> = (0..chat.members)
        .map(|n| {
            json!({
                "userid": format!("member{n}"),
                "type": if n == 0 { 1 } else { 2 },
                "join_time": 1_700_000_000 + n,
                "join_scene": 1,
            })
        })
        .collect();
    Ok(ok(json!({
        "group_chat": {
            "chat_id": chat.chat_id,
            "name": chat.name,
            "owner": "member0",
            "create_time": 1_700_000_000,
            "notice": "",
            "member_list": members,
            "admin_list": [],
        }
    })))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn sim() -> OfficialApiSim {
        let sim = OfficialApiSim::new(Duration::from_secs(7200));
        sim.register_app("ww1", 1000002, "right");
        sim
    }

    fn query(pairs: &[(&str, &str)]) -> Query {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn code(reply: &Value) -> i64 {
        reply["errcode"].as_i64().unwrap()
    }

    fn token(sim: &OfficialApiSim) -> String {
        let reply = sim.answer(
            GETTOKEN,
            &query(&[("corpid", "ww1"), ("corpsecret", "right")]),
            b"",
        );
        assert_eq!(
            (code(&reply), reply["expires_in"].as_u64()),
            (0, Some(7200))
        );
        reply["access_token"].as_str().unwrap().to_owned()
    }

    #[test]
    fn gettoken_checks_corp_and_secret() {
        let sim = sim();
        let ask = |pairs: &[(&str, &str)]| code(&sim.answer(GETTOKEN, &query(pairs), b""));
        assert_eq!(ask(&[("corpsecret", "right")]), 41002);
        assert_eq!(ask(&[("corpid", "ww1")]), 41004);
        assert_eq!(ask(&[("corpid", "ww2"), ("corpsecret", "right")]), 40013);
        assert_eq!(ask(&[("corpid", "ww1"), ("corpsecret", "wrong")]), 40001);
        assert_ne!(token(&sim), token(&sim));
        assert_eq!(sim.gettoken_calls(), 6);
    }

    #[test]
    fn calls_check_the_token_and_injected_failures_come_first() {
        let sim = sim();
        let agent = |token: &str| {
            code(&sim.answer(
                AGENT_GET,
                &query(&[("access_token", token), ("agentid", "1000002")]),
                b"",
            ))
        };
        assert_eq!(code(&sim.answer(AGENT_GET, &Query::new(), b"")), 41001);
        assert_eq!(agent("made-up"), 40014);
        let token = token(&sim);
        assert_eq!(agent(&token), 0);
        let other_agent = sim.answer(
            AGENT_GET,
            &query(&[("access_token", &token), ("agentid", "7")]),
            b"",
        );
        assert_eq!(code(&other_agent), 40056);
        sim.fail_next(45009, 2);
        assert_eq!(agent(&token), 45009);
        self::token(&sim);
        assert_eq!(agent(&token), 45009, "gettoken does not use up a failure");
        assert_eq!(agent(&token), 0);
        sim.expire_all_tokens();
        assert_eq!(agent(&token), 42001);
        assert_eq!(agent(&self::token(&sim)), 0, "new tokens work");
        assert_eq!((sim.answers(42001), sim.answers(45009)), (1, 2));
        assert_eq!(sim.calls(AGENT_GET), 9);
    }

    #[test]
    fn group_chats_come_in_pages() {
        let sim = sim();
        let token = token(&sim);
        let with_token = query(&[("access_token", &token)]);
        let list = |body: &str| sim.answer(GROUPCHAT_LIST, &with_token, body.as_bytes());
        let first = list(r#"{"status_filter":0,"limit":2}"#);
        assert_eq!(first["group_chat_list"].as_array().unwrap().len(), 2);
        assert_eq!(first["next_cursor"], "2");
        let rest = list(r#"{"status_filter":0,"limit":2,"cursor":"2"}"#);
        assert_eq!(rest["group_chat_list"].as_array().unwrap().len(), 1);
        assert_eq!(rest["next_cursor"], "");
        assert_eq!(code(&list("not json")), 47001);
        assert_eq!(code(&list(r#"{"limit":0}"#)), 40058);

        let chat_id = first["group_chat_list"][0]["chat_id"].as_str().unwrap();
        let body = json!({ "chat_id": chat_id }).to_string();
        let chat = sim.answer(GROUPCHAT_GET, &with_token, body.as_bytes());
        assert_eq!(chat["group_chat"]["name"], "VIP customers");
        assert_eq!(
            chat["group_chat"]["member_list"].as_array().unwrap().len(),
            48
        );
        let unknown = sim.answer(GROUPCHAT_GET, &with_token, br#"{"chat_id":"nope"}"#);
        assert_eq!(code(&unknown), 40050);
    }

    #[test]
    fn sent_messages_are_recorded() {
        let sim = sim();
        let token = token(&sim);
        let with_token = query(&[("access_token", &token)]);
        let send = |body: Value| sim.answer(MESSAGE_SEND, &with_token, body.to_string().as_bytes());
        let text = json!({
            "touser": "@all",
            "msgtype": "text",
            "agentid": 1000002,
            "text": {"content": "hi"},
        });
        let sent = send(text.clone());
        assert_eq!(code(&sent), 0);
        assert!(sent["msgid"].as_str().is_some_and(|id| !id.is_empty()));
        assert_eq!(
            code(&send(
                json!({"touser": "@all", "msgtype": "text", "agentid": 7})
            )),
            40056
        );
        assert_eq!(
            code(&send(json!({"touser": "@all", "agentid": 1000002}))),
            40008
        );
        assert_eq!(sim.sent_messages(), vec![text]);
    }
}
