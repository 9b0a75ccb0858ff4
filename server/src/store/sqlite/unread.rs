//! The launcher's badge: the staff replies a parent has not seen, counted
//! for the loader on the host page, which asks with the visitor token's
//! digest before the chat is loaded. The conversation is found by its
//! unique `token_hash` and its messages by their key `(conversation_id,
//! seq)` from the parent's read mark on, at most `at_most` of them: the
//! cost stays small however long the parent was away. A revoked token names
//! no conversation (rotation moved it, forgetting renamed it), so it counts
//! nothing without a look at the revocations.

use yorisoi_protocol::OrganisationId;

use super::SqliteStore;
use crate::error::StoreError;

impl SqliteStore {
    pub(super) async fn count_unseen_replies(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        at_most: u32,
    ) -> Result<u32, StoreError> {
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM (SELECT 1 FROM conversations c \
             JOIN messages m ON m.conversation_id = c.id AND m.seq > c.visitor_read_seq \
             WHERE c.token_hash = ? AND c.organisation_id = ? AND m.author_kind = 'staff' \
             LIMIT ?)",
        )
        .bind(token_hash)
        .bind(organisation.0)
        .bind(i64::from(at_most))
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(count).unwrap_or(at_most).min(at_most))
    }
}
