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
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Turns a unique violation into [`StoreError::Conflict`] naming `field`.
    pub(crate) fn unique_as(field: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |err| match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(field),
            _ => StoreError::Database(err),
        }
    }
}
