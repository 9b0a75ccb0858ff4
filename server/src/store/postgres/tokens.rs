//! Visitor tokens and consultation codes on PostgreSQL (what each means:
//! the SQLite backend's `tokens` and `crate::store::visitor_tokens`). Each
//! takes the advisory lock of the token it gives or takes away
//! ([`super::appends::lock_token`]) so a first message on another node
//! cannot slip a new conversation under a token being revoked, rotated or
//! opened on a code's conversation.

use sqlx::{Postgres, Transaction};
use yorisoi_protocol::{ConversationId, OrganisationId};

use super::PostgresStore;
use super::appends::lock_token;
use crate::error::StoreError;
use crate::store::visitor_tokens::{
    ADD_TOKEN, DETACH_CREATOR, FORGET_CODE, KEEP_CODE, MOVE_CODE, PRUNE_CODES, RECORD_REVOKED,
    REMOVE_TOKEN, RENAME_CREATOR, RENAME_TOKEN, SPEND_CODE, TOKEN_CONVERSATION, TOKEN_TAKEN,
};

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
        let mut transaction = self.pool.begin().await?;
        let pruned = sqlx::query("DELETE FROM revoked_tokens WHERE revoked_at_ms < $1")
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
        let mut transaction = self.pool.begin().await?;
        lock_token(&mut transaction, token_hash).await?;
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
        let mut transaction = self.pool.begin().await?;
        lock_both(&mut transaction, old_hash, new_hash).await?;
        if is_taken(&mut transaction, new_hash).await? {
            return Err(StoreError::TokenTaken);
        }
        record_revoked(&mut transaction, old_hash, now_ms).await?;
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
        let mut transaction = self.pool.begin().await?;
        // Only the new token is locked: the code's token keeps its place.
        // Deleting the code locks its row, so a rotation moving it at the
        // same time is waited for and its new token read.
        lock_token(&mut transaction, new_hash).await?;
        let spent: Option<(String, i64)> = sqlx::query_as(SPEND_CODE)
            .bind(code_hash)
            .bind(organisation.0)
            .fetch_optional(&mut *transaction)
            .await?;
        let Some((code_token, made_at_ms)) = spent else {
            return Ok(None);
        };
        if made_at_ms <= made_after_ms {
            // Expired: spent all the same, it can never open anything.
            transaction.commit().await?;
            return Ok(None);
        }
        // `FOR SHARE`: a device forgotten meanwhile waits for this to end.
        let target: Option<(i64, i64)> = sqlx::query_as(
            "SELECT conversation_id, organisation_id FROM visitor_tokens \
             WHERE token_hash = $1 FOR SHARE",
        )
        .bind(&code_token)
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(conversation) = target
            .filter(|(_, owner)| *owner == organisation.0)
            .map(|(id, _)| ConversationId(id))
        else {
            // Asked for before any message: nothing to continue yet; the
            // code stays for when there is (the transaction rolls back).
            return Ok(None);
        };
        let held: Option<(i64, i64)> = sqlx::query_as(TOKEN_CONVERSATION)
            .bind(new_hash)
            .fetch_optional(&mut *transaction)
            .await?;
        if held != Some((conversation.0, organisation.0)) {
            if is_taken(&mut transaction, new_hash).await? {
                return Err(StoreError::TokenTaken);
            }
            sqlx::query(ADD_TOKEN)
                .bind(new_hash)
                .bind(organisation.0)
                .bind(conversation.0)
                .bind(now_ms)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(Some(conversation))
    }
}

/// Takes the advisory locks of two token digests, in one order everywhere,
/// so two rotations never wait on each other crosswise.
async fn lock_both(
    transaction: &mut Transaction<'static, Postgres>,
    one: &str,
    other: &str,
) -> Result<(), StoreError> {
    let (first, second) = if one <= other {
        (one, other)
    } else {
        (other, one)
    };
    lock_token(transaction, first).await?;
    if second != first {
        lock_token(transaction, second).await?;
    }
    Ok(())
}

/// True when `token_hash` cannot be given to a device (see `TOKEN_TAKEN`).
async fn is_taken(
    transaction: &mut Transaction<'static, Postgres>,
    token_hash: &str,
) -> Result<bool, StoreError> {
    let taken: Option<(i32,)> = sqlx::query_as(TOKEN_TAKEN)
        .bind(token_hash)
        .fetch_optional(&mut **transaction)
        .await?;
    Ok(taken.is_some())
}

/// Records a digest as revoked for good (again: no change).
async fn record_revoked(
    transaction: &mut Transaction<'static, Postgres>,
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
