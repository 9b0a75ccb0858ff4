//! Revoking and rotating visitor tokens (see the SQLite backend's `tokens`
//! for what each means). Both take the token's advisory lock
//! ([`super::appends::lock_token`]) so a first message on another node
//! cannot slip a new conversation under a token being revoked.

use sqlx::{Postgres, Transaction};
use yorisoi_protocol::{ConversationId, OrganisationId};

use super::PostgresStore;
use super::appends::lock_token;
use crate::error::StoreError;

impl PostgresStore {
    pub(super) async fn revoked(&self, token_hash: &str) -> Result<bool, StoreError> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT revoked_at_ms FROM revoked_tokens WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    pub(super) async fn prune_revoked(&self, before_ms: i64) -> Result<u64, StoreError> {
        let pruned = sqlx::query("DELETE FROM revoked_tokens WHERE revoked_at_ms < $1")
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
        let mut transaction = self.pool.begin().await?;
        lock_token(&mut transaction, token_hash).await?;
        record_revoked(&mut transaction, token_hash, now_ms).await?;
        let detached: Option<(i64,)> = sqlx::query_as(
            "UPDATE conversations SET token_hash = 'revoked:' || id \
             WHERE token_hash = $1 AND organisation_id = $2 RETURNING id",
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
        let mut transaction = self.pool.begin().await?;
        // Both digests, in one order everywhere, so two rotations never
        // wait on each other crosswise.
        let (first, second) = if old_hash <= new_hash {
            (old_hash, new_hash)
        } else {
            (new_hash, old_hash)
        };
        lock_token(&mut transaction, first).await?;
        lock_token(&mut transaction, second).await?;
        let taken: Option<(i32,)> = sqlx::query_as(
            "SELECT 1 FROM revoked_tokens WHERE token_hash = $1 \
             UNION ALL SELECT 1 FROM conversations WHERE token_hash = $1",
        )
        .bind(new_hash)
        .fetch_optional(&mut *transaction)
        .await?;
        if taken.is_some() {
            transaction.rollback().await?;
            return Err(StoreError::TokenTaken);
        }
        record_revoked(&mut transaction, old_hash, now_ms).await?;
        let moved: Option<(i64,)> = sqlx::query_as(
            "UPDATE conversations SET token_hash = $1 \
             WHERE token_hash = $2 AND organisation_id = $3 RETURNING id",
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
    transaction: &mut Transaction<'static, Postgres>,
    token_hash: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO revoked_tokens (token_hash, revoked_at_ms) VALUES ($1, $2) \
         ON CONFLICT (token_hash) DO NOTHING",
    )
    .bind(token_hash)
    .bind(now_ms)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}
