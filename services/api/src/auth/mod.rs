//! Who is calling. A bearer credential is either an access JWT (from `/auth/login`) or an API
//! key; the identity service resolves it against the database on every request, and the
//! [`Principal`] adds where the request came from.

mod authenticate;
mod principal;

pub use authenticate::BearerAuth;
pub use principal::Principal;
