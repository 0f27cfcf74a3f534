#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write; names the field that clashed.
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// A stored value could not be read back (bad enum text, undecryptable field).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("this operation needs a {0} scope")]
    WrongScope(&'static str),
    /// The database cannot be reached now (down, restarting, the pool exhausted past its
    /// wait): worth a retry soon, unlike every other error.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Turns a unique violation into [`StoreError::Conflict`] naming `field`.
    pub(crate) fn unique_as(field: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |err| match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(field),
            _ => StoreError::from(err),
        }
    }

    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        if unreachable(&err) {
            StoreError::Unavailable(err.to_string())
        } else {
            StoreError::Database(err)
        }
    }
}

/// Errors that say the server is away rather than that the statement is wrong: no connection
/// within the pool's wait, a broken or refused connection, or PostgreSQL's own classes for a
/// server shutting down or starting (`57P01`–`57P03`) and for connection failures (`08…`).
fn unreachable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}
