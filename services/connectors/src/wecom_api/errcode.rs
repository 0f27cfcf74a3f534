//! What WeCom's `errcode`s mean for the caller. WeCom answers HTTP 200 for nearly everything
//! and puts the outcome in the JSON body, so this table is the connector's whole error model.

use serde_json::Value;

use crate::ConnectorError;

/// System busy: WeCom asks to try again later.
pub(super) const SYSTEM_BUSY: i64 = -1;
/// The token is unknown to WeCom (revoked, or issued for another secret).
pub(super) const INVALID_ACCESS_TOKEN: i64 = 40014;
/// The token outlived its `expires_in`.
pub(super) const ACCESS_TOKEN_EXPIRED: i64 = 42001;
/// The API frequency limit: too many calls in a window.
pub(super) const FREQUENCY_LIMIT: i64 = 45009;
/// Too many calls in flight at once.
pub(super) const TOO_MANY_CONCURRENT: i64 = 45033;

/// How the caller should treat one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    Success,
    /// The token was refused: fetch a new one and try again.
    StaleToken(ConnectorError),
    /// Frequency limit: wait, then try again.
    RateLimited(ConnectorError),
    Failed(ConnectorError),
}

/// Judges a parsed reply body. A body without a numeric `errcode` is not a WeCom answer (a
/// proxy's page, a truncated reply) and is worth retrying.
pub(super) fn judge(reply: &Value) -> Verdict {
    let Some(code) = reply.get("errcode").and_then(Value::as_i64) else {
        return Verdict::Failed(ConnectorError::retryable(
            "bad_reply",
            "the WeCom reply has no errcode",
        ));
    };
    let message = reply
        .get("errmsg")
        .and_then(Value::as_str)
        .unwrap_or_default();
    judge_code(code, message)
}

pub(super) fn judge_code(code: i64, message: &str) -> Verdict {
    let retryable = || ConnectorError::retryable(code.to_string(), message);
    match code {
        0 => Verdict::Success,
        INVALID_ACCESS_TOKEN | ACCESS_TOKEN_EXPIRED => Verdict::StaleToken(retryable()),
        FREQUENCY_LIMIT => Verdict::RateLimited(retryable()),
        SYSTEM_BUSY | TOO_MANY_CONCURRENT => Verdict::Failed(retryable()),
        _ => Verdict::Failed(ConnectorError::permanent(code.to_string(), message)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn error_of(verdict: Verdict) -> ConnectorError {
        match verdict {
            Verdict::Success => panic!("not an error"),
            Verdict::StaleToken(e) | Verdict::RateLimited(e) | Verdict::Failed(e) => e,
        }
    }

    #[test]
    fn zero_is_success() {
        assert_eq!(
            judge(&json!({"errcode": 0, "errmsg": "ok"})),
            Verdict::Success
        );
    }

    #[test]
    fn token_and_rate_limit_codes_ask_for_a_retry_of_their_own_kind() {
        for code in [40014, 42001] {
            assert!(matches!(judge_code(code, ""), Verdict::StaleToken(_)));
        }
        assert!(matches!(judge_code(45009, ""), Verdict::RateLimited(_)));
    }

    #[test]
    fn busy_codes_are_retryable_and_the_rest_permanent() {
        for code in [-1, 45033, 40014, 42001, 45009] {
            assert_eq!(
                error_of(judge_code(code, "x")),
                ConnectorError::retryable(code.to_string(), "x")
            );
        }
        let no_privilege = "no privilege to access/modify contact/party/agent";
        assert_eq!(
            error_of(judge(&json!({"errcode": 60011, "errmsg": no_privilege}))),
            ConnectorError::permanent("60011", no_privilege)
        );
        assert!(matches!(
            error_of(judge_code(40001, "invalid secret")),
            ConnectorError::Permanent { ref code, .. } if code == "40001"
        ));
    }

    #[test]
    fn a_body_without_errcode_is_retryable() {
        assert!(matches!(
            error_of(judge(&json!({"html": "bad gateway"}))),
            ConnectorError::Retryable { ref code, .. } if code == "bad_reply"
        ));
    }
}
