//! Revoking and rotating visitor tokens. A revoked digest is recorded, so
//! the token can never again open its conversation or create a new one
//! (`Hello` answers `UnknownToken`). Revocations are kept for
//! `revoked_token_retention_days`, then pruned: the conversation has long
//! moved to another digest by then, so an old token could at most start a
//! new, empty conversation, and the table cannot grow without bound. "Forget this device" revokes a
//! token and detaches it from its conversation, which stays for staff under
//! the placeholder `revoked:<id>`, and forgets its consultation code;
//! rotation moves the conversation (and its code) to a new token's digest
//! and revokes the old one, in one transaction. Using a consultation code
//! is a rotation from whichever token the code leads to.

use sqlx::{Sqlite, Transaction};
use yorisoi_protocol::{ConversationId, OrganisationId};

use super::SqliteStore;
use crate::error::StoreError;
use crate::store::rows::{KEEP_CODE, PRUNE_UNUSED_CODES};

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
        let mut transaction = self.pool.begin().await?;
        let pruned = sqlx::query("DELETE FROM revoked_tokens WHERE revoked_at_ms < ?")
            .bind(before_ms)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(PRUNE_UNUSED_CODES)
            .bind(before_ms)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
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
        sqlx::query("DELETE FROM consultation_codes WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&mut *transaction)
            .await?;
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
        let moved = move_conversation(&mut transaction, organisation, old_hash, new_hash).await?;
        transaction.commit().await?;
        Ok(moved)
    }

    pub(super) async fn store_code(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        code_hash: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        sqlx::query(KEEP_CODE)
            .bind(code_hash)
            .bind(organisation.0)
            .bind(token_hash)
            .bind(now_ms)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(super) async fn move_by_code(
        &self,
        organisation: OrganisationId,
        code_hash: &str,
        new_hash: &str,
        now_ms: i64,
    ) -> Result<Option<String>, StoreError> {
        let _turn = self.write_turn().await;
        let mut transaction = self.pool.begin().await?;
        // A write that reads: takes SQLite's write lock with the code's token.
        let old: Option<(String,)> = sqlx::query_as(
            "UPDATE consultation_codes SET created_at_ms = created_at_ms \
             WHERE code_hash = ? AND organisation_id = ? RETURNING token_hash",
        )
        .bind(code_hash)
        .bind(organisation.0)
        .fetch_optional(&mut *transaction)
        .await?;
        let Some((old_hash,)) = old else {
            transaction.rollback().await?;
            return Ok(None);
        };
        if old_hash != new_hash {
            record_revoked(&mut transaction, &old_hash, now_ms).await?;
            move_conversation(&mut transaction, organisation, &old_hash, new_hash).await?;
        }
        transaction.commit().await?;
        Ok(Some(old_hash))
    }
}

/// Moves the conversation of `old_hash` (if any) and its consultation code
/// to `new_hash`, after `old_hash` was recorded as revoked in the same
/// transaction; [`StoreError::TokenTaken`] (nothing changed) when
/// `new_hash` is revoked or holds a conversation.
async fn move_conversation(
    transaction: &mut Transaction<'static, Sqlite>,
    organisation: OrganisationId,
    old_hash: &str,
    new_hash: &str,
) -> Result<Option<ConversationId>, StoreError> {
    let taken: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM revoked_tokens WHERE token_hash = ? \
         UNION ALL SELECT 1 FROM conversations WHERE token_hash = ?",
    )
    .bind(new_hash)
    .bind(new_hash)
    .fetch_optional(&mut **transaction)
    .await?;
    if taken.is_some() {
        return Err(StoreError::TokenTaken);
    }
    let moved: Option<(i64,)> = sqlx::query_as(
        "UPDATE conversations SET token_hash = ? \
         WHERE token_hash = ? AND organisation_id = ? RETURNING id",
    )
    .bind(new_hash)
    .bind(old_hash)
    .bind(organisation.0)
    .fetch_optional(&mut **transaction)
    .await?;
    // A code the new token had (from before) gives way to the one that
    // follows the conversation.
    sqlx::query("DELETE FROM consultation_codes WHERE token_hash = ?")
        .bind(new_hash)
        .execute(&mut **transaction)
        .await?;
    sqlx::query("UPDATE consultation_codes SET token_hash = ? WHERE token_hash = ?")
        .bind(new_hash)
        .bind(old_hash)
        .execute(&mut **transaction)
        .await?;
    Ok(moved.map(|(id,)| ConversationId(id)))
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
