//! `GET /accounts/{id}/qrcode` answers the QR code as JSON (`QrCode`, with an SVG data URL)
//! or as the SVG image itself, by the request's `Accept`: an image to a browser's `<img>`, JSON
//! to API clients (generated clients cannot take an image response).

use poem::{http::header, IntoResponse, Request, Response};
use poem_openapi::{
    payload::Json,
    registry::{MetaMediaType, MetaResponse, MetaResponses, MetaSchema, MetaSchemaRef, Registry},
    types::Type,
    ApiResponse, Object,
};

use crate::types::Timestamp;

const SVG: &str = "image/svg+xml";

/// A QR code waiting to be scanned.
#[derive(Debug, Object)]
pub struct QrCode {
    pub account_id: String,
    /// The SVG as a data URL (`data:image/svg+xml;base64,…`), ready for an `<img src>`.
    pub data_url: String,
    /// When it stops working.
    pub expires_at: Timestamp,
}

pub enum QrAnswer {
    Json(QrCode),
    Svg(String),
}

impl QrAnswer {
    /// The image only for a request that asks for SVG and does not prefer JSON.
    pub fn for_request(req: &Request, code: QrCode, svg: String) -> Self {
        let accept = req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let wants_svg = accept.contains(SVG) || accept.contains("image/*");
        if wants_svg && !accept.contains("application/json") {
            Self::Svg(svg)
        } else {
            Self::Json(code)
        }
    }
}

impl IntoResponse for QrAnswer {
    fn into_response(self) -> Response {
        match self {
            Self::Json(code) => Json(code).into_response(),
            Self::Svg(svg) => Response::builder().content_type(SVG).body(svg),
        }
    }
}

impl ApiResponse for QrAnswer {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "The QR code: JSON by default, the SVG image when `Accept` asks \
                              for `image/svg+xml`.",
                status: Some(200),
                status_range: None,
                content: vec![
                    MetaMediaType {
                        content_type: "application/json; charset=utf-8",
                        schema: QrCode::schema_ref(),
                    },
                    MetaMediaType {
                        content_type: SVG,
                        schema: MetaSchemaRef::Inline(Box::new(MetaSchema::new("string"))),
                    },
                ],
                headers: vec![],
            }],
        }
    }

    fn register(registry: &mut Registry) {
        QrCode::register(registry);
    }
}
