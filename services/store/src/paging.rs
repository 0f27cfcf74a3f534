use fleet_core::paging::{Page, PageRequest};
use sqlx::{any::AnyRow, AnyConnection, FromRow};

use crate::StoreError;

/// Runs a `COUNT(*)` and a page query that share their filter binds. `page_sql` must end with
/// `LIMIT $n OFFSET $n+1` where `n` is one past the filter binds.
pub(crate) async fn fetch_page<T>(
    conn: &mut AnyConnection,
    count_sql: &str,
    page_sql: &str,
    binds: &[Option<String>],
    page: PageRequest,
) -> Result<Page<T>, StoreError>
where
    T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
{
    let mut count = sqlx::query_scalar::<_, i64>(count_sql);
    for bind in binds {
        count = count.bind(bind.clone());
    }
    let total = count.fetch_one(&mut *conn).await?;

    let mut rows = sqlx::query_as::<_, T>(page_sql);
    for bind in binds {
        rows = rows.bind(bind.clone());
    }
    let items = rows
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&mut *conn)
        .await?;
    Ok(Page {
        items,
        total,
        request: page,
    })
}
