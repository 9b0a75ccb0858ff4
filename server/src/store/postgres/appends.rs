//! Appending messages. Each append is one transaction that first locks its
//! conversation's row with the `UPDATE … RETURNING` that takes the next
//! sequence and records the summary (last sequence, time, nickname, unread
//! count, preview), then inserts the message under that sequence. Writers
//! on any node queue on the row, so sequences stay gap-free; when the
//! insert finds the client id already stored (a retry, or a race of two
//! retries), the transaction is rolled back, taking the sequence with it,
//! and the original is answered.
//!
//! A parent's first message creates the conversation in the same
//! transaction, under an advisory lock on the token's digest that
//! revocation and rotation also take, so a token forgotten on one node
//! cannot race a first message on another into a conversation nobody can
//! reach. A parent's message finds its conversation through the token's
//! row in `visitor_tokens` (one per device); the creating token is also the
//! conversation's unique `token_hash`: of two tabs creating at once, the
//! second finds the first's conversation and appends to it.
//!
//! Each append tells the other nodes in its own transaction (a `Message`
//! notice, and `Created` for a first message), so they hear of exactly the
//! messages committed, even when this node dies right after the commit.

use sqlx::{AssertSqlSafe, PgPool, Postgres, Transaction};
use yorisoi_protocol::limits::{PREVIEW_CHARS, preview};
use yorisoi_protocol::{Author, ClientId, ConversationId, OrganisationId};

use super::PostgresStore;
use super::notices::notify_within;
use crate::error::StoreError;
use crate::store::rows::{
    Led, SUMMARY_COLUMNS, SummaryRow, author_kind, danger_flag, staff_id, summary_from_row, to_seq,
    written_lang,
};
use crate::store::visitor_tokens::{ADD_TOKEN, TOKEN_CONVERSATION, TOUCH_TOKEN};
use crate::store::{Appended, NewMessage, Notice, Posted, VisitorMessage};

/// How often a parent's message looks again after a racing tab created its
/// conversation first (once is enough; more would mean a bug).
const CREATE_ATTEMPTS: usize = 3;

impl PostgresStore {
    pub(super) async fn append(
        &self,
        organisation: OrganisationId,
        conversation: ConversationId,
        message: NewMessage<'_>,
        now_ms: i64,
    ) -> Result<Appended, StoreError> {
        let mut transaction = self.pool.begin().await?;
        // Only our own constant SQL is formatted in, never input (which is bound).
        let taken: Option<Led> = sqlx::query_as(AssertSqlSafe(format!(
            "UPDATE conversations SET {RECORD} \
             WHERE id = $5 AND organisation_id = $6 RETURNING last_seq, {SUMMARY_COLUMNS}"
        )))
        .bind(now_ms)
        .bind(message.nickname)
        .bind(i64::from(matches!(message.author, Author::Visitor)))
        .bind(preview(message.body, PREVIEW_CHARS))
        .bind(conversation.0)
        .bind(organisation.0)
        .bind(written_lang(message.author, message.body))
        .bind(danger_flag(message.author, message.body))
        .fetch_optional(&mut *transaction)
        .await?;
        let Some(row) = taken else {
            return Err(StoreError::UnknownConversation(conversation.0));
        };
        let written = Written {
            node: &self.node,
            organisation,
            conversation,
        };
        match finish(transaction, written, row, message, now_ms).await? {
            Some(appended) => Ok(appended),
            None => original(&self.pool, conversation, message.client_id, message.author).await,
        }
    }

    pub(super) async fn append_visitor(
        &self,
        organisation: OrganisationId,
        message: VisitorMessage<'_>,
        now_ms: i64,
    ) -> Result<Posted, StoreError> {
        let author = Author::Visitor;
        let new = NewMessage {
            client_id: message.client_id,
            author: &author,
            body: message.body,
            nickname: message.nickname,
        };
        for _ in 0..CREATE_ATTEMPTS {
            let mut transaction = self.pool.begin().await?;
            // Only our own constant SQL is formatted in, never input (which is bound).
            let taken: Option<Led> = sqlx::query_as(AssertSqlSafe(format!(
                "UPDATE conversations SET {RECORD} \
                 WHERE id = (SELECT conversation_id FROM visitor_tokens WHERE token_hash = $5) \
                 AND organisation_id = $6 \
                 RETURNING last_seq, {SUMMARY_COLUMNS}"
            )))
            .bind(now_ms)
            .bind(message.nickname)
            .bind(1_i64)
            .bind(preview(message.body, PREVIEW_CHARS))
            .bind(message.token_hash)
            .bind(organisation.0)
            .bind(written_lang(&Author::Visitor, message.body))
            .bind(danger_flag(&Author::Visitor, message.body))
            .fetch_optional(&mut *transaction)
            .await?;
            if let Some(row) = taken {
                sqlx::query(TOUCH_TOKEN)
                    .bind(now_ms)
                    .bind(message.token_hash)
                    .execute(&mut *transaction)
                    .await?;
                let conversation = ConversationId(row.1.0);
                let written = Written {
                    node: &self.node,
                    organisation,
                    conversation,
                };
                let appended = match finish(transaction, written, row, new, now_ms).await? {
                    Some(appended) => appended,
                    None => original(&self.pool, conversation, new.client_id, &author).await?,
                };
                return Ok(Posted {
                    conversation,
                    created: false,
                    appended,
                });
            }
            let created = create(transaction, &self.node, organisation, &message, now_ms).await?;
            if let Some(posted) = created {
                return Ok(posted);
            }
        }
        Err(StoreError::Corrupt(format!(
            "a parent's first message found no conversation {CREATE_ATTEMPTS} times"
        )))
    }
}

/// The `SET` of an append: `$1` now, `$2` nickname, `$3` 1 for a parent's
/// message (one more unread: it also reopens a resolved conversation),
/// `$4` the preview.
const RECORD: &str = "last_seq = last_seq + 1, updated_at_ms = $1, \
     nickname = COALESCE(nickname, $2), unread = unread + $3, preview = $4, \
     waiting_since_ms = CASE WHEN $3 > 0 THEN COALESCE(waiting_since_ms, $1) END, \
     written_lang = COALESCE($7, written_lang), \
     resolved_at_ms = CASE WHEN $3 > 0 THEN NULL ELSE resolved_at_ms END, \
     danger_since_ms = CASE WHEN $8 > 0 THEN COALESCE(danger_since_ms, $1) \
     WHEN $3 > 0 THEN danger_since_ms END";

/// Where an append writes: for its notice.
#[derive(Clone, Copy)]
struct Written<'a> {
    node: &'a str,
    organisation: OrganisationId,
    conversation: ConversationId,
}

/// Inserts the message under the sequence its row lock took, tells the
/// other nodes and commits; `None` (rolled back, the sequence with it) when
/// the client id is already stored.
async fn finish(
    mut transaction: Transaction<'static, Postgres>,
    written: Written<'_>,
    row: Led,
    message: NewMessage<'_>,
    now_ms: i64,
) -> Result<Option<Appended>, StoreError> {
    let Led(seq, summary) = row;
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO messages (conversation_id, seq, client_id, author_kind, staff_id, body, \
         sent_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (conversation_id, client_id) DO NOTHING RETURNING seq",
    )
    .bind(written.conversation.0)
    .bind(seq)
    .bind(&message.client_id.0)
    .bind(author_kind(message.author))
    .bind(staff_id(message.author))
    .bind(message.body)
    .bind(now_ms)
    .fetch_optional(&mut *transaction)
    .await?;
    if inserted.is_none() {
        transaction.rollback().await?;
        return Ok(None);
    }
    let notice = Notice::Message {
        organisation: written.organisation,
        conversation: written.conversation,
        seq: to_seq(seq)?,
    };
    notify_within(&mut transaction, written.node, &[notice]).await?;
    transaction.commit().await?;
    Ok(Some(Appended {
        seq: to_seq(seq)?,
        sent_at_ms: now_ms,
        fresh: true,
        summary: Some(summary_from_row(summary)?),
    }))
}

/// A parent's message whose token names no conversation of this
/// organisation: another organisation's token, a revoked one, or the
/// first message, which creates the conversation with sequence 1. `None`
/// when a racing tab created it first (the caller appends again).
async fn create(
    mut transaction: Transaction<'static, Postgres>,
    node: &str,
    organisation: OrganisationId,
    message: &VisitorMessage<'_>,
    now_ms: i64,
) -> Result<Option<Posted>, StoreError> {
    lock_token(&mut transaction, message.token_hash).await?;
    let owner: Option<(i64, i64)> = sqlx::query_as(TOKEN_CONVERSATION)
        .bind(message.token_hash)
        .fetch_optional(&mut *transaction)
        .await?;
    match owner {
        // Never join or reveal another organisation's conversation.
        Some((_, owner)) if owner != organisation.0 => return Err(StoreError::TokenTaken),
        Some(_) => return Ok(None),
        None => {}
    }
    let revoked: Option<(i64,)> =
        sqlx::query_as("SELECT revoked_at_ms FROM revoked_tokens WHERE token_hash = $1")
            .bind(message.token_hash)
            .fetch_optional(&mut *transaction)
            .await?;
    if revoked.is_some() {
        return Err(StoreError::RevokedToken);
    }
    // Only our own constant SQL is formatted in, never input (which is bound).
    let created: Option<SummaryRow> = sqlx::query_as(AssertSqlSafe(format!(
        "INSERT INTO conversations (organisation_id, token_hash, lang, nickname, created_at_ms, \
         updated_at_ms, last_seq, unread, preview, waiting_since_ms, nominee_id, written_lang, \
         danger_since_ms) \
         VALUES ($1, $2, $3, $4, $5, $5, 1, 1, $6, $5, \
         (SELECT id FROM staff WHERE id = $7 AND organisation_id = $1), $8, \
         CASE WHEN $9 > 0 THEN $5 END) \
         ON CONFLICT (token_hash) DO NOTHING RETURNING {SUMMARY_COLUMNS}"
    )))
    .bind(organisation.0)
    .bind(message.token_hash)
    .bind(message.lang.tag())
    .bind(message.nickname)
    .bind(now_ms)
    .bind(preview(message.body, PREVIEW_CHARS))
    .bind(message.nominee)
    .bind(written_lang(&Author::Visitor, message.body))
    .bind(danger_flag(&Author::Visitor, message.body))
    .fetch_optional(&mut *transaction)
    .await?;
    let Some(summary) = created else {
        return Ok(None);
    };
    let conversation = ConversationId(summary.0);
    sqlx::query(
        "INSERT INTO messages (conversation_id, seq, client_id, author_kind, staff_id, body, \
         sent_at_ms) VALUES ($1, 1, $2, 'visitor', NULL, $3, $4)",
    )
    .bind(conversation.0)
    .bind(&message.client_id.0)
    .bind(message.body)
    .bind(now_ms)
    .execute(&mut *transaction)
    .await?;
    sqlx::query(ADD_TOKEN)
        .bind(message.token_hash)
        .bind(organisation.0)
        .bind(conversation.0)
        .bind(now_ms)
        .execute(&mut *transaction)
        .await?;
    let notices = [
        Notice::Created {
            organisation,
            conversation,
            token_hash: message.token_hash.to_owned(),
        },
        Notice::Message {
            organisation,
            conversation,
            seq: 1,
        },
    ];
    notify_within(&mut transaction, node, &notices).await?;
    transaction.commit().await?;
    Ok(Some(Posted {
        conversation,
        created: true,
        appended: Appended {
            seq: 1,
            sent_at_ms: now_ms,
            fresh: true,
            summary: Some(summary_from_row(summary)?),
        },
    }))
}

/// Serialises, across nodes, everything that decides what a token digest
/// names: a first message, revocation, rotation (until the transaction ends).
pub(super) async fn lock_token(
    transaction: &mut Transaction<'static, Postgres>,
    token_hash: &str,
) -> Result<(), StoreError> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(token_hash)
        .execute(&mut **transaction)
        .await?;
    Ok(())
}

/// The stored message of this client id: a retry's answer, unless another
/// author used the id (the idempotency key is the author's: someone else's
/// client id is not a retry of this message, and must not earn its `Ack`).
async fn original(
    pool: &PgPool,
    conversation: ConversationId,
    client_id: &ClientId,
    author: &Author,
) -> Result<Appended, StoreError> {
    let found: Option<(i64, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT seq, sent_at_ms, author_kind, staff_id FROM messages \
         WHERE conversation_id = $1 AND client_id = $2",
    )
    .bind(conversation.0)
    .bind(&client_id.0)
    .fetch_optional(pool)
    .await?;
    let Some((seq, sent_at_ms, kind, staff)) = found else {
        return Err(StoreError::Corrupt(format!(
            "an append to conversation {} stored nothing",
            conversation.0
        )));
    };
    if kind != author_kind(author) || staff != staff_id(author) {
        return Err(StoreError::ClientIdTaken);
    }
    Ok(Appended {
        seq: to_seq(seq)?,
        sent_at_ms,
        fresh: false,
        summary: None,
    })
}
