//! Alert rules as tenants see them: their own (stored as the rule files' JSON shape, always
//! scoped to their tenant) and, read-only, the rules from the rule files that apply to every
//! tenant.

use fleet_core::{
    clock::now_ms,
    ids::TenantId,
    paging::{Page, PageRequest},
    ValidationError,
};
use fleet_monitor::rules::{Rule, RuleSpec};
use fleet_store::{
    alerting::rules::{self, AlertRuleRecord},
    Scope,
};

use crate::{AlertingError, AlertingService};

/// A tenant has at most this many rules of its own.
const MAX_RULES_PER_TENANT: i64 = 200;
/// Ids of rules from the rule files: `file:<name>`.
pub(crate) const FILE_RULE_PREFIX: &str = "file:";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSource {
    File,
    Tenant,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleView {
    pub id: String,
    pub source: RuleSource,
    pub spec: RuleSpec,
    pub enabled: bool,
    pub created_at: Option<i64>,
    pub updated_at: Option<i64>,
}

/// Checks a tenant's rule and returns it scoped to the tenant.
pub(crate) fn tenant_rule(tenant: &str, spec: &RuleSpec) -> Result<Rule, ValidationError> {
    let mut rule = spec
        .to_rule()
        .map_err(|e| ValidationError::new(e.field, e.message))?;
    if rule.matchers.contains_key("tenant") {
        return Err(ValidationError::new(
            "matchers",
            "must not name `tenant`: a tenant's rules only ever see its own series",
        ));
    }
    rule.matchers.insert("tenant".into(), tenant.to_owned());
    Ok(rule)
}

fn view(rec: AlertRuleRecord) -> Result<RuleView, AlertingError> {
    let spec: RuleSpec = serde_json::from_str(&rec.spec)
        .map_err(|e| AlertingError::Corrupt(format!("rule {}: {e}", rec.id)))?;
    Ok(RuleView {
        id: rec.id,
        source: RuleSource::Tenant,
        spec,
        enabled: rec.enabled == 1,
        created_at: Some(rec.created_at),
        updated_at: Some(rec.updated_at),
    })
}

fn file_view(rule: &Rule) -> RuleView {
    RuleView {
        id: format!("{FILE_RULE_PREFIX}{}", rule.name),
        source: RuleSource::File,
        spec: RuleSpec::from_rule(rule),
        enabled: true,
        created_at: None,
        updated_at: None,
    }
}

impl AlertingService {
    pub async fn create_rule(
        &self,
        tenant: TenantId,
        spec: RuleSpec,
        enabled: bool,
    ) -> Result<RuleView, AlertingError> {
        tenant_rule(&tenant.to_string(), &spec)?;
        let now = now_ms();
        let rec = AlertRuleRecord {
            id: format!("rule_{}", uuid::Uuid::now_v7().simple()),
            tenant_id: tenant.to_string(),
            name: spec.name.clone(),
            spec: serde_json::to_string(&spec)
                .map_err(|e| AlertingError::Corrupt(e.to_string()))?,
            enabled: i64::from(enabled),
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let existing = rules::list(&mut tx, tenant, PageRequest { page: 1, size: 1 }).await?;
        if existing.total >= MAX_RULES_PER_TENANT {
            return Err(ValidationError::new(
                "name",
                format!("a tenant has at most {MAX_RULES_PER_TENANT} alert rules"),
            )
            .into());
        }
        if !rules::insert(&mut tx, &rec).await? {
            return Err(AlertingError::DuplicateRule(spec.name));
        }
        tx.commit().await?;
        view(rec)
    }

    pub async fn rule(&self, tenant: TenantId, id: &str) -> Result<RuleView, AlertingError> {
        if let Some(name) = id.strip_prefix(FILE_RULE_PREFIX) {
            return self
                .file_rules()
                .iter()
                .find(|r| r.name == name)
                .map(file_view)
                .ok_or(AlertingError::NotFound("alert rule"));
        }
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let rec = rules::get(&mut tx, tenant, id)
            .await?
            .ok_or(AlertingError::NotFound("alert rule"))?;
        view(rec)
    }

    /// The rule files' rules first, then the tenant's own, oldest first.
    pub async fn list_rules(
        &self,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<Page<RuleView>, AlertingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let own = rules::list(
            &mut tx,
            tenant,
            PageRequest {
                page: 1,
                size: MAX_RULES_PER_TENANT as u32,
            },
        )
        .await?;
        let mut all: Vec<RuleView> = self.file_rules().iter().map(file_view).collect();
        for rec in own.items {
            all.push(view(rec)?);
        }
        let total = all.len() as i64;
        let items = all
            .into_iter()
            .skip(page.offset() as usize)
            .take(page.limit() as usize)
            .collect();
        Ok(Page {
            items,
            total,
            request: page,
        })
    }

    pub async fn update_rule(
        &self,
        tenant: TenantId,
        id: &str,
        spec: RuleSpec,
        enabled: bool,
    ) -> Result<RuleView, AlertingError> {
        if id.starts_with(FILE_RULE_PREFIX) {
            return Err(AlertingError::ReadOnlyRule);
        }
        tenant_rule(&tenant.to_string(), &spec)?;
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let mut rec = rules::get(&mut tx, tenant, id)
            .await?
            .ok_or(AlertingError::NotFound("alert rule"))?;
        rec.name = spec.name.clone();
        rec.spec =
            serde_json::to_string(&spec).map_err(|e| AlertingError::Corrupt(e.to_string()))?;
        rec.enabled = i64::from(enabled);
        rec.updated_at = now_ms();
        if !rules::update(&mut tx, &rec).await? {
            return Err(AlertingError::DuplicateRule(spec.name));
        }
        tx.commit().await?;
        view(rec)
    }

    pub async fn delete_rule(&self, tenant: TenantId, id: &str) -> Result<(), AlertingError> {
        if id.starts_with(FILE_RULE_PREFIX) {
            return Err(AlertingError::ReadOnlyRule);
        }
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        if !rules::delete(&mut tx, tenant, id).await? {
            return Err(AlertingError::NotFound("alert rule"));
        }
        tx.commit().await?;
        Ok(())
    }
}
