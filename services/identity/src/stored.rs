//! Ids and roles read back from rows. A value that does not parse means the row and the code
//! disagree: an internal error, never the client's.

use std::str::FromStr;

use fleet_core::roles::Role;

use crate::IdentityError;

pub(crate) fn parse_role(text: &str) -> Result<Role, IdentityError> {
    Role::from_str(text).map_err(IdentityError::internal)
}

pub(crate) fn parse_id<T: FromStr>(text: &str) -> Result<T, IdentityError> {
    text.parse()
        .map_err(|_| IdentityError::Internal(format!("stored id `{text}` is not a UUID")))
}
