use std::fmt;

/// A value from outside that does not satisfy a domain rule. Names the offending field so the
/// API can answer `400 validation_failed` with `details.field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub field: &'static str,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ValidationError {}

/// Trims `value` and checks its length in characters, for free-text names.
pub fn bounded_text(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<String, ValidationError> {
    let trimmed = value.trim();
    let len = trimmed.chars().count();
    if len < min || len > max {
        return Err(ValidationError::new(
            field,
            format!("must be between {min} and {max} characters"),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ValidationError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(trimmed.to_owned())
}
