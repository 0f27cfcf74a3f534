//! HTTP calls to the provider, and what its answers mean as [`ConnectorError`]s.

use reqwest::{Method, StatusCode};
use serde::{de::DeserializeOwned, Deserialize};
use serde_json::Value;

use super::HttpInstanceOptions;
use crate::ConnectorError;

pub(super) struct ProviderClient {
    http: reqwest::Client,
    base_url: String,
    api_token: String,
}

/// The protocol's error body.
#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    retryable: Option<bool>,
}

impl ProviderClient {
    pub(super) fn new(options: &HttpInstanceOptions) -> Result<Self, ConnectorError> {
        let http = reqwest::Client::builder()
            .timeout(options.request_timeout)
            .build()
            .map_err(|e| ConnectorError::permanent("http_client", e.to_string()))?;
        Ok(Self {
            http,
            base_url: options.base_url.trim_end_matches('/').to_owned(),
            api_token: options.api_token.clone(),
        })
    }

    pub(super) async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &Value,
        instance: Option<&str>,
    ) -> Result<T, ConnectorError> {
        let bytes = self.send(Method::POST, path, Some(body), instance).await?;
        parse(path, &bytes)
    }

    /// A POST whose success carries no body.
    pub(super) async fn post_empty(
        &self,
        path: &str,
        body: &Value,
        instance: &str,
    ) -> Result<(), ConnectorError> {
        self.send(Method::POST, path, Some(body), Some(instance))
            .await
            .map(drop)
    }

    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        instance: &str,
    ) -> Result<T, ConnectorError> {
        let bytes = self.send(Method::GET, path, None, Some(instance)).await?;
        parse(path, &bytes)
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        instance: Option<&str>,
    ) -> Result<Vec<u8>, ConnectorError> {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .bearer_auth(&self.api_token);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(|e| {
            ConnectorError::retryable("http", format!("cannot reach the provider: {e}"))
        })?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| {
            ConnectorError::retryable("http", format!("the provider's answer broke off: {e}"))
        })?;
        if status.is_success() {
            return Ok(bytes.to_vec());
        }
        let error: ErrorBody = serde_json::from_slice(&bytes).unwrap_or_default();
        Err(classify(status, error, instance))
    }
}

fn parse<T: DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T, ConnectorError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ConnectorError::retryable(
            "bad_reply",
            format!("the provider's answer to {path} is not what the protocol says: {e}"),
        )
    })
}

/// The protocol's statuses: 404 an unknown instance, 409 the wrong state, 408/429/5xx (or
/// `retryable: true`) worth another try, other 4xx final.
fn classify(status: StatusCode, error: ErrorBody, instance: Option<&str>) -> ConnectorError {
    let code = if error.code.is_empty() {
        format!("http_{}", status.as_u16())
    } else {
        error.code
    };
    let message = if error.message.is_empty() {
        format!("the provider answered {status}")
    } else {
        error.message
    };
    match (status, instance) {
        (StatusCode::NOT_FOUND, Some(instance)) => {
            ConnectorError::UnknownInstance(instance.to_owned())
        }
        (StatusCode::CONFLICT, _) => ConnectorError::WrongState(message),
        _ if error.retryable == Some(true)
            || status.is_server_error()
            || status == StatusCode::REQUEST_TIMEOUT
            || status == StatusCode::TOO_MANY_REQUESTS =>
        {
            ConnectorError::Retryable { code, message }
        }
        _ => ConnectorError::Permanent { code, message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: &str, retryable: Option<bool>) -> ErrorBody {
        ErrorBody {
            code: code.into(),
            message: "m".into(),
            retryable,
        }
    }

    #[test]
    fn statuses_map_to_connector_errors() {
        assert_eq!(
            classify(
                StatusCode::NOT_FOUND,
                body("unknown_instance", None),
                Some("i1")
            ),
            ConnectorError::UnknownInstance("i1".into())
        );
        assert!(matches!(
            classify(StatusCode::CONFLICT, body("wrong_state", None), Some("i1")),
            ConnectorError::WrongState(_)
        ));
        assert!(matches!(
            classify(StatusCode::UNPROCESSABLE_ENTITY, body("invalid_verification_code", None), Some("i1")),
            ConnectorError::Permanent { ref code, .. } if code == "invalid_verification_code"
        ));
        assert!(matches!(
            classify(
                StatusCode::SERVICE_UNAVAILABLE,
                body("busy", Some(true)),
                None
            ),
            ConnectorError::Retryable { .. }
        ));
        assert!(matches!(
            classify(StatusCode::TOO_MANY_REQUESTS, ErrorBody::default(), None),
            ConnectorError::Retryable { ref code, .. } if code == "http_429"
        ));
        assert!(matches!(
            classify(StatusCode::UNAUTHORIZED, body("unauthorized", None), None),
            ConnectorError::Permanent { .. }
        ));
    }
}
