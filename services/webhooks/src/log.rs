//! The delivery log: what was sent where, how each attempt went, and resending.

use fleet_core::{
    clock::now_ms,
    ids::TenantId,
    paging::{Page, PageRequest},
};
use fleet_store::{
    webhooks::{
        attempts::{self, AttemptRecord},
        deliveries::{self, DeliveryFilter, DeliveryRecord},
        endpoints,
    },
    Scope,
};

use crate::{WebhookError, WebhookService};

impl WebhookService {
    pub async fn list_deliveries(
        &self,
        tenant: TenantId,
        filter: &DeliveryFilter,
        page: PageRequest,
    ) -> Result<Page<DeliveryRecord>, WebhookError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        Ok(deliveries::list(&mut tx, tenant, filter, page).await?)
    }

    /// A delivery with its attempts, oldest first.
    pub async fn delivery(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<(DeliveryRecord, Vec<AttemptRecord>), WebhookError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let delivery = deliveries::get(&mut tx, tenant, id)
            .await?
            .ok_or(WebhookError::NotFound("delivery"))?;
        let attempts = attempts::of_delivery(&mut tx, tenant, id).await?;
        Ok((delivery, attempts))
    }

    /// Queues the delivery again from the schedule's start (its attempts so far stay in the
    /// log). Refused while its endpoint is disabled.
    pub async fn resend(&self, tenant: TenantId, id: &str) -> Result<DeliveryRecord, WebhookError> {
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let current = deliveries::get(&mut tx, tenant, id)
            .await?
            .ok_or(WebhookError::NotFound("delivery"))?;
        let endpoint = endpoints::get(&mut tx, tenant, &current.endpoint_id, false)
            .await?
            .ok_or(WebhookError::NotFound("endpoint"))?;
        if endpoint.enabled == 0 {
            return Err(WebhookError::EndpointDisabled);
        }
        let queued = deliveries::resend(&mut tx, tenant, id, now_ms())
            .await?
            .ok_or(WebhookError::NotFound("delivery"))?;
        tx.commit().await?;
        Ok(queued)
    }
}
