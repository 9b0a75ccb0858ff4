//! Visitor tokens and consultation codes on SQLite (the SQL and what it
//! means: `crate::store::visitor_tokens`). A revoked digest is recorded, so
//! the token can never again open its conversation or create a new one
//! (`Hello` answers `UnknownToken`). Revocations are kept for
//! `revoked_token_retention_days`, then pruned: by then the token has no
//! place in any conversation, so it could at most start a new, empty one,
//! and the table cannot grow without bound. "Forget this device" revokes
//! one token and closes its place in the conversation, which stays open on
//! the parent's other devices (and for staff); rotation gives a token's
//! place (and its code) to a new token and revokes the old one; using a
//! consultation code opens the code's conversation on one more token. Each
//! is one transaction in the writer's turn.

use sqlx::{Sqlite, Transaction};
use yorisoi_protocol::{ConversationId, OrganisationId};

use super::SqliteStore;
use crate::error::StoreError;
use crate::store::visitor_tokens::{
    ADD_TOKEN, DETACH_CREATOR, FORGET_CODE, KEEP_CODE, MOVE_CODE, PRUNE_CODES, RECORD_REVOKED,
    REMOVE_TOKEN, RENAME_CREATOR, RENAME_TOKEN, SPEND_CODE, TOKEN_CONVERSATION, TOKEN_TAKEN,
};

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
        sqlx::query(PRUNE_CODES)
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
        sqlx::query(FORGET_CODE)
            .bind(token_hash)
            .execute(&mut *transaction)
            .await?;
        let closed: Option<(i64,)> = sqlx::query_as(REMOVE_TOKEN)
            .bind(token_hash)
            .bind(organisation.0)
            .fetch_optional(&mut *transaction)
            .await?;
        sqlx::query(DETACH_CREATOR)
            .bind(token_hash)
            .bind(organisation.0)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(closed.map(|(id,)| ConversationId(id)))
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
        if is_taken(&mut transaction, new_hash).await? {
            transaction.rollback().await?;
            return Err(StoreError::TokenTaken);
        }
        let moved: Option<(i64,)> = sqlx::query_as(RENAME_TOKEN)
            .bind(new_hash)
            .bind(old_hash)
            .bind(organisation.0)
            .fetch_optional(&mut *transaction)
            .await?;
        sqlx::query(RENAME_CREATOR)
            .bind(new_hash)
            .bind(old_hash)
            .bind(organisation.0)
            .execute(&mut *transaction)
            .await?;
        // A code the new token had (from before) gives way to the old one's.
        sqlx::query(FORGET_CODE)
            .bind(new_hash)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(MOVE_CODE)
            .bind(new_hash)
            .bind(old_hash)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(moved.map(|(id,)| ConversationId(id)))
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

    pub(super) async fn open_by_code(
        &self,
        organisation: OrganisationId,
        code_hash: &str,
        new_hash: &str,
        made_after_ms: i64,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError> {
        let _turn = self.write_turn().await;
        let mut transaction = self.pool.begin().await?;
        // A write that reads: takes SQLite's write lock with the code.
        let spent: Option<(String, i64)> = sqlx::query_as(SPEND_CODE)
            .bind(code_hash)
            .bind(organisation.0)
            .fetch_optional(&mut *transaction)
            .await?;
        let Some((code_token, made_at_ms)) = spent else {
            transaction.rollback().await?;
            return Ok(None);
        };
        if made_at_ms <= made_after_ms {
            // Expired: spent all the same, it can never open anything.
            transaction.commit().await?;
            return Ok(None);
        }
        let target = conversation_of(&mut transaction, organisation, &code_token).await?;
        let Some(conversation) = target else {
            // Asked for before any message: there is nothing to continue
            // yet, and the code stays for when there is.
            transaction.rollback().await?;
            return Ok(None);
        };
        match conversation_of(&mut transaction, organisation, new_hash).await? {
            // This device holds the conversation already.
            Some(held) if held == conversation => {}
            _ if is_taken(&mut transaction, new_hash).await? => {
                transaction.rollback().await?;
                return Err(StoreError::TokenTaken);
            }
            _ => {
                sqlx::query(ADD_TOKEN)
                    .bind(new_hash)
                    .bind(organisation.0)
                    .bind(conversation.0)
                    .bind(now_ms)
                    .execute(&mut *transaction)
                    .await?;
            }
        }
        transaction.commit().await?;
        Ok(Some(conversation))
    }
}

/// The conversation token `token_hash` is open on in `organisation`.
async fn conversation_of(
    transaction: &mut Transaction<'static, Sqlite>,
    organisation: OrganisationId,
    token_hash: &str,
) -> Result<Option<ConversationId>, StoreError> {
    let row: Option<(i64, i64)> = sqlx::query_as(TOKEN_CONVERSATION)
        .bind(token_hash)
        .fetch_optional(&mut **transaction)
        .await?;
    Ok(row
        .filter(|(_, owner)| *owner == organisation.0)
        .map(|(id, _)| ConversationId(id)))
}

/// True when `token_hash` cannot be given to a device (see `TOKEN_TAKEN`).
async fn is_taken(
    transaction: &mut Transaction<'static, Sqlite>,
    token_hash: &str,
) -> Result<bool, StoreError> {
    let taken: Option<(i64,)> = sqlx::query_as(TOKEN_TAKEN)
        .bind(token_hash)
        .fetch_optional(&mut **transaction)
        .await?;
    Ok(taken.is_some())
}

/// Records a digest as revoked for good (again: no change).
async fn record_revoked(
    transaction: &mut Transaction<'static, Sqlite>,
    token_hash: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    sqlx::query(RECORD_REVOKED)
        .bind(token_hash)
        .bind(now_ms)
        .execute(&mut **transaction)
        .await?;
    Ok(())
}
