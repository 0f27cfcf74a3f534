//! Message templates and their versions. A template's content lives in its versions; the
//! template row names the current one, and messages record the version they were rendered
//! from. Deleting marks the row, so old messages keep their reference and the name frees up.

use fleet_core::{
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TemplateRecord {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub message_type: String,
    pub current_version: i64,
    pub fallback_template_id: Option<String>,
    /// JSON array of connector error codes.
    pub fallback_codes: String,
    pub deleted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VersionRecord {
    pub template_id: String,
    pub version: i64,
    pub tenant_id: String,
    /// JSON object with placeholders.
    pub content: String,
    /// JSON array of variable specs.
    pub variables: String,
    pub created_at: i64,
    /// The version's own type; `None` for versions older than the column (their template's).
    pub message_type: Option<String>,
}

const COLUMNS: &str = "id, tenant_id, name, message_type, current_version, fallback_template_id, \
    fallback_codes, deleted_at, created_at, updated_at";

/// True when the tenant has a live template named `name` (other than `except_id`).
pub async fn name_taken(
    tx: &mut Tx,
    tenant: TenantId,
    name: &str,
    except_id: Option<&str>,
) -> Result<bool, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM message_templates WHERE tenant_id = $1 AND name = $2 \
         AND deleted_at IS NULL AND ($3 IS NULL OR id <> $3)",
    )
    .bind(tenant.to_string())
    .bind(name)
    .bind(except_id)
    .fetch_one(tx.conn())
    .await?;
    Ok(count > 0)
}

pub async fn insert(tx: &mut Tx, t: &TemplateRecord) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "INSERT INTO message_templates ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(&t.id)
    .bind(&t.tenant_id)
    .bind(&t.name)
    .bind(&t.message_type)
    .bind(t.current_version)
    .bind(&t.fallback_template_id)
    .bind(&t.fallback_codes)
    .bind(t.deleted_at)
    .bind(t.created_at)
    .bind(t.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Writes name, type, current version, fallback and deletion mark.
pub async fn update(tx: &mut Tx, t: &TemplateRecord) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE message_templates SET name = $3, message_type = $4, current_version = $5, \
         fallback_template_id = $6, fallback_codes = $7, deleted_at = $8, updated_at = $9 \
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(&t.tenant_id)
    .bind(&t.id)
    .bind(&t.name)
    .bind(&t.message_type)
    .bind(t.current_version)
    .bind(&t.fallback_template_id)
    .bind(&t.fallback_codes)
    .bind(t.deleted_at)
    .bind(t.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A live template of `tenant`.
pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<TemplateRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM message_templates WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    page: PageRequest,
) -> Result<Page<TemplateRecord>, StoreError> {
    let condition = "WHERE tenant_id = $1 AND deleted_at IS NULL";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM message_templates {condition}"),
        &format!(
            "SELECT {COLUMNS} FROM message_templates {condition} ORDER BY name, id LIMIT $2 OFFSET $3"
        ),
        &[Some(tenant.to_string())],
        page,
    )
    .await
}

/// Live templates that fall back to `id` (a template they depend on cannot be deleted).
pub async fn fallback_users(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM message_templates WHERE tenant_id = $1 AND fallback_template_id = $2 \
         AND deleted_at IS NULL ORDER BY name",
    )
    .bind(tenant.to_string())
    .bind(id)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn insert_version(tx: &mut Tx, v: &VersionRecord) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO message_template_versions \
         (template_id, version, tenant_id, content, variables, created_at, message_type) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&v.template_id)
    .bind(v.version)
    .bind(&v.tenant_id)
    .bind(&v.content)
    .bind(&v.variables)
    .bind(v.created_at)
    .bind(&v.message_type)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// One version of a template (deleted templates' versions stay readable for their messages).
pub async fn get_version(
    tx: &mut Tx,
    tenant: TenantId,
    template_id: &str,
    version: i64,
) -> Result<Option<VersionRecord>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT template_id, version, tenant_id, content, variables, created_at, message_type \
         FROM message_template_versions WHERE tenant_id = $1 AND template_id = $2 AND version = $3",
    )
    .bind(tenant.to_string())
    .bind(template_id)
    .bind(version)
    .fetch_optional(tx.conn())
    .await?)
}
