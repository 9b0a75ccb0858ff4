//! Revoking and rotating visitor tokens (see the SQLite backend's `tokens`
//! for what each means). Both take the token's advisory lock
//! ([`super::appends::lock_token`]) so a first message on another node
//! cannot slip a new conversation under a token being revoked.

use sqlx::{Postgres, Transaction};
use yorisoi_protocol::{ConversationId, OrganisationId};

use super::PostgresStore;
use super::appends::lock_token;
use crate::error::StoreError;
use crate::store::rows::{KEEP_CODE, PRUNE_UNUSED_CODES};

/// Rounds of reading a code and locking its token before giving up.
const CODE_ATTEMPTS: usize = 5;

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
        let mut transaction = self.pool.begin().await?;
        lock_token(&mut transaction, token_hash).await?;
        record_revoked(&mut transaction, token_hash, now_ms).await?;
        sqlx::query("DELETE FROM consultation_codes WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *transaction)
            .await?;
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
        lock_both(&mut transaction, old_hash, new_hash).await?;
        let moved =
            move_conversation(&mut transaction, organisation, old_hash, new_hash, now_ms).await?;
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
        // The code's token is known only once read, and its advisory lock
        // comes before any row lock (as in a rotation, which moves codes):
        // read, lock, and read again; a rotation in between means another
        // round (a few at most: each needs another rotation in between).
        for _ in 0..CODE_ATTEMPTS {
            let Some(old_hash) = self.code_token(organisation, code_hash).await? else {
                return Ok(None);
            };
            let mut transaction = self.pool.begin().await?;
            lock_both(&mut transaction, &old_hash, new_hash).await?;
            let still: Option<(String,)> = sqlx::query_as(
                "SELECT token_hash FROM consultation_codes \
                 WHERE code_hash = $1 AND organisation_id = $2",
            )
            .bind(code_hash)
            .bind(organisation.0)
            .fetch_optional(&mut *transaction)
            .await?;
            if still.as_ref().map(|(hash,)| hash) != Some(&old_hash) {
                continue;
            }
            if old_hash != new_hash {
                move_conversation(&mut transaction, organisation, &old_hash, new_hash, now_ms)
                    .await?;
            }
            transaction.commit().await?;
            return Ok(Some(old_hash));
        }
        Err(StoreError::Corrupt(format!(
            "a consultation code moved {CODE_ATTEMPTS} times while it was used"
        )))
    }

    async fn code_token(
        &self,
        organisation: OrganisationId,
        code_hash: &str,
    ) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT token_hash FROM consultation_codes \
             WHERE code_hash = $1 AND organisation_id = $2",
        )
        .bind(code_hash)
        .bind(organisation.0)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(hash,)| hash))
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

/// Moves the conversation of `old_hash` (if any) and its consultation code
/// to `new_hash` and revokes `old_hash`, under both tokens' locks;
/// [`StoreError::TokenTaken`] (nothing changed) when `new_hash` is revoked
/// or holds a conversation.
async fn move_conversation(
    transaction: &mut Transaction<'static, Postgres>,
    organisation: OrganisationId,
    old_hash: &str,
    new_hash: &str,
    now_ms: i64,
) -> Result<Option<ConversationId>, StoreError> {
    let taken: Option<(i32,)> = sqlx::query_as(
        "SELECT 1 FROM revoked_tokens WHERE token_hash = $1 \
         UNION ALL SELECT 1 FROM conversations WHERE token_hash = $1",
    )
    .bind(new_hash)
    .fetch_optional(&mut **transaction)
    .await?;
    if taken.is_some() {
        return Err(StoreError::TokenTaken);
    }
    record_revoked(transaction, old_hash, now_ms).await?;
    let moved: Option<(i64,)> = sqlx::query_as(
        "UPDATE conversations SET token_hash = $1 \
         WHERE token_hash = $2 AND organisation_id = $3 RETURNING id",
    )
    .bind(new_hash)
    .bind(old_hash)
    .bind(organisation.0)
    .fetch_optional(&mut **transaction)
    .await?;
    // A code the new token had (from before) gives way to the one that
    // follows the conversation.
    sqlx::query("DELETE FROM consultation_codes WHERE token_hash = $1")
        .bind(new_hash)
        .execute(&mut **transaction)
        .await?;
    sqlx::query("UPDATE consultation_codes SET token_hash = $1 WHERE token_hash = $2")
        .bind(new_hash)
        .bind(old_hash)
        .execute(&mut **transaction)
        .await?;
    Ok(moved.map(|(id,)| ConversationId(id)))
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
