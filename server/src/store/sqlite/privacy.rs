//! Issue 13 on SQLite: a parent deleting their conversation, the retention
//! period and its sweep (the SQL and what it means: `crate::store::privacy`).
//! Each change is one transaction on the pool, in its write turn.

use yorisoi_protocol::{ConversationId, OrganisationId};

use super::SqliteStore;
use crate::error::StoreError;
use crate::store::privacy::{
    ADD_STATISTIC, DELETE_BY_TOKEN, DELETE_EXPIRED, Expired, FORGET_CODE, REVOKE_TOKEN,
    RetentionStatistic, SELECT_RETENTION, SELECT_STATISTICS, UPDATE_RETENTION, days_from_row,
    tally,
};

impl SqliteStore {
    pub(super) async fn delete_by_token(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError> {
        let _turn = self.write_turn().await;
        let mut transaction = self.pool.begin().await?;
        sqlx::query(REVOKE_TOKEN)
            .bind(token_hash)
            .bind(now_ms)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(FORGET_CODE)
            .bind(token_hash)
            .execute(&mut *transaction)
            .await?;
        let deleted: Option<(i64,)> = sqlx::query_as(DELETE_BY_TOKEN)
            .bind(token_hash)
            .bind(organisation.0)
            .fetch_optional(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(deleted.map(|(id,)| ConversationId(id)))
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
        let _turn = self.write_turn().await;
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
        let _turn = self.write_turn().await;
        let mut transaction = self.pool.begin().await?;
        let expired: Vec<Expired> = sqlx::query_as(DELETE_EXPIRED)
            .bind(organisation.0)
            .bind(resolved_before_ms)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&mut *transaction)
            .await?;
        for conversation in &expired {
            sqlx::query(FORGET_CODE)
                .bind(&conversation.token_hash)
                .execute(&mut *transaction)
                .await?;
        }
        for statistic in tally(&expired) {
            sqlx::query(ADD_STATISTIC)
                .bind(organisation.0)
                .bind(&statistic.month)
                .bind(&statistic.lang)
                .bind(statistic.conversations)
                .bind(statistic.messages)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(expired
            .iter()
            .map(|conversation| ConversationId(conversation.id))
            .collect())
    }

    pub(super) async fn select_statistics(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<RetentionStatistic>, StoreError> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(SELECT_STATISTICS)
            .bind(organisation.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(month, lang, conversations, messages)| RetentionStatistic {
                    month,
                    lang,
                    conversations,
                    messages,
                },
            )
            .collect())
    }
}
