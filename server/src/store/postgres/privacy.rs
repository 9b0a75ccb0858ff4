//! Issue 13 on PostgreSQL: a parent deleting their conversation, the retention
//! period and its sweep (the SQL and what it means: `crate::store::privacy`).
//! Each change is one transaction; deleting by token first takes the
//! token's advisory lock ([`super::appends::lock_token`]), as a revocation
//! does, so a first message on another node cannot slip a new conversation
//! under it.

use yorisoi_protocol::{ConversationId, OrganisationId};

use super::PostgresStore;
use super::appends::lock_token;
use crate::error::StoreError;
use crate::store::privacy::{
    RetentionStatistic, SELECT_RETENTION, SELECT_STATISTICS, UPDATE_RETENTION, days_from_row,
    delete_by_token, expire_resolved, statistic_from_row,
};

impl PostgresStore {
    pub(super) async fn delete_by_token(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        lock_token(&mut transaction, token_hash).await?;
        let deleted = delete_by_token!(&mut transaction, organisation, token_hash, now_ms).await?;
        transaction.commit().await?;
        Ok(deleted)
    }

    pub(super) async fn select_retention(
        &self,
        organisation: OrganisationId,
    ) -> Result<Option<u32>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(SELECT_RETENTION)
            .bind(organisation.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(days,)| days_from_row(days)))
    }

    pub(super) async fn update_retention(
        &self,
        organisation: OrganisationId,
        days: u32,
    ) -> Result<bool, StoreError> {
        let updated = sqlx::query(UPDATE_RETENTION)
            .bind(organisation.0)
            .bind(i64::from(days))
            .execute(&self.pool)
            .await?;
        Ok(updated.rows_affected() > 0)
    }

    pub(super) async fn delete_expired(
        &self,
        organisation: OrganisationId,
        resolved_before_ms: i64,
        limit: usize,
    ) -> Result<Vec<ConversationId>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let expired =
            expire_resolved!(&mut transaction, organisation, resolved_before_ms, limit).await?;
        transaction.commit().await?;
        Ok(expired)
    }

    pub(super) async fn select_statistics(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<RetentionStatistic>, StoreError> {
        let rows = sqlx::query_as(SELECT_STATISTICS)
            .bind(organisation.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(statistic_from_row).collect())
    }
}
