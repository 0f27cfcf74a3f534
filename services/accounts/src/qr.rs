use qrcode::{render::svg, QrCode};

use crate::AccountError;

/// The QR code for `payload` as an SVG image, rendered here so clients need no QR library.
pub fn qr_svg(payload: &str) -> Result<String, AccountError> {
    let code = QrCode::new(payload.as_bytes())
        .map_err(|e| AccountError::Corrupt(format!("QR payload: {e}")))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_svg() {
        let svg = super::qr_svg("https://example.invalid/login/1").unwrap();
        assert!(
            svg.starts_with("<?xml") && svg.contains("<svg") && svg.contains("<path"),
            "{svg}"
        );
    }
}
