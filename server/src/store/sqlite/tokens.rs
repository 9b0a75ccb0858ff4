//! Revoking and rotating visitor tokens. A revoked digest is recorded, so
//! the token can never again open its conversation or create a new one
//! (`Hello` answers `UnknownToken`). Revocations are kept for
//! `revoked_token_retention_days`, then pruned: the conversation has long
//! moved to another digest by then, so an old token could at most start a
//! new, empty conversation, and the table cannot grow without bound. "Forget this device" revokes a
//! token and detaches it from its conversation, which stays for staff under
//! the placeholder `revoked:<id>`; rotation moves the conversation to a new
//! token's digest and revokes the old one, in one transaction.

use sqlx::{Sqlite, Transaction};
use yorisoi_protocol::{ConversationId, OrganisationId};

use super::SqliteStore;
use crate::error::StoreError;

impl SqliteStore {
    pub(super) async fn revoked(&self, token_hash: &str) -> Result<bool, StoreError> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT revoked_at_ms FROM revoked_tokens WHERE token_hash = ?")
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    pub(super) async fn prune_revoked(&self, before_ms: i64) -> Result<u64, StoreError> {
        let _turn = self.write_turn().await;
        let pruned = sqlx::query("DELETE FROM revoked_tokens WHERE revoked_at_ms < ?")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(pruned.rows_affected())
    }

    pub(super) async fn revoke(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError> {
        let _turn = self.write_turn().await;
        let mut transaction = self.pool.begin().await?;
        record_revoked(&mut transaction, token_hash, now_ms).await?;
        let detached: Option<(i64,)> = sqlx::query_as(
            "UPDATE conversations SET token_hash = 'revoked:' || id \
             WHERE token_hash = ? AND organisation_id = ? RETURNING id",
        )
        .bind(token_hash)
        .bind(organisation.0)
        .fetch_optional(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(detached.map(|(id,)| ConversationId(id)))
    }

    pub(super) async fn rotate(
        &self,
        organisation: OrganisationId,
        old_hash: &str,
        new_hash: &str,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError> {
        let _turn = self.write_turn().await;
        let mut transaction = self.pool.begin().await?;
        // Write first, taking SQLite's write lock before the checks.
        record_revoked(&mut transaction, old_hash, now_ms).await?;
        let taken: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM revoked_tokens WHERE token_hash = ? \
             UNION ALL SELECT 1 FROM conversations WHERE token_hash = ?",
        )
        .bind(new_hash)
        .bind(new_hash)
        .fetch_optional(&mut *transaction)
        .await?;
        if taken.is_some() {
            transaction.rollback().await?;
            return Err(StoreError::TokenTaken);
        }
        let moved: Option<(i64,)> = sqlx::query_as(
            "UPDATE conversations SET token_hash = ? \
             WHERE token_hash = ? AND organisation_id = ? RETURNING id",
        )
        .bind(new_hash)
        .bind(old_hash)
        .bind(organisation.0)
        .fetch_optional(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(moved.map(|(id,)| ConversationId(id)))
    }
}

/// Records a digest as revoked for good (again: no change).
async fn record_revoked(
    transaction: &mut Transaction<'static, Sqlite>,
    token_hash: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO revoked_tokens (token_hash, revoked_at_ms) VALUES (?, ?) \
         ON CONFLICT (token_hash) DO NOTHING",
    )
    .bind(token_hash)
    .bind(now_ms)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}
