//! Whether a user may act at all: a disabled user, or one of a tenant that is not active, is
//! refused whatever the credential — at sign-in, at refresh and on every request.

use fleet_store::users::STATUS_ACTIVE;

use crate::IdentityError;

pub(crate) fn check_standing(
    user_status: &str,
    tenant_status: Option<&str>,
) -> Result<(), IdentityError> {
    if user_status != STATUS_ACTIVE {
        return Err(IdentityError::UserDisabled);
    }
    match tenant_status {
        None | Some("active") => Ok(()),
        Some("suspended") => Err(IdentityError::TenantSuspended),
        Some(_) => Err(IdentityError::TenantDeleted),
    }
}
