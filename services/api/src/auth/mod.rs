//! Who is calling. A bearer credential is either an access JWT (from `/auth/login`) or an API
//! key; both resolve to a [`Principal`], checked against the database on every request so that
//! a logout, a revoked key or a suspended tenant takes effect at once, on every replica.

mod authenticate;
mod jwt;
mod principal;

pub use authenticate::BearerAuth;
pub(crate) use authenticate::{check_standing, parse_id, parse_role};
pub use jwt::{AccessClaims, TokenIssuer};
pub use principal::Principal;
