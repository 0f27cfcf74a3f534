use crate::ValidationError;

/// A sign-in email, lowercased so that `Ann@X.com` and `ann@x.com` are one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let value = value.trim().to_lowercase();
        let invalid = || ValidationError::new("email", "must be an email address");
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@');
        if local.is_empty() || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn normalises_and_validates() {
        assert_eq!(
            Email::parse(" Ann@Example.COM ").map(|e| e.0),
            Ok("ann@example.com".into())
        );
        for bad in [
            "",
            "ann",
            "ann@",
            "@x.com",
            "ann@x",
            "a b@x.com",
            "a@b@c.com",
            "a@.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
