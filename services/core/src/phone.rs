use crate::ValidationError;

/// A phone number as people write it: digits with optional `+`, spaces and dashes, 5–20
/// digits. Stored encrypted; only its format is checked here.
pub fn parse_phone(value: &str) -> Result<String, ValidationError> {
    let trimmed = value.trim();
    let digits = trimmed.chars().filter(char::is_ascii_digit).count();
    let allowed = trimmed
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || c == ' ' || c == '-' || (c == '+' && i == 0));
    if allowed && (5..=20).contains(&digits) {
        Ok(trimmed.to_owned())
    } else {
        Err(ValidationError::new(
            "phone",
            "must be a phone number: digits, optional leading +, spaces or dashes",
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn phones() {
        assert!(super::parse_phone("+86 138-0000-0000").is_ok());
        for bad in [
            "",
            "12",
            "+86 138 abc",
            "86+138000000",
            "1".repeat(21).as_str(),
        ] {
            assert!(super::parse_phone(bad).is_err(), "{bad:?}");
        }
    }
}
