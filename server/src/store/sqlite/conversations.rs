//! Conversations and their messages. Appending is one transaction that bumps
//! the conversation's `last_seq` and inserts the message under it, so
//! sequence numbers have no gaps or duplicates; a repeated `client_id` stores
//! nothing and gives back the original sequence and time (the retry's Ack).
//! A parent's message names its conversation by the token's digest, and the
//! conversation is created (if missing) in the same transaction as the
//! message: `token_hash` is unique, so two tabs racing to send the first
//! message end in one conversation. Every query names the organisation: a
//! conversation of another organisation is as unknown as one never made.

use sqlx::{Sqlite, Transaction};
use yorisoi_protocol::{Author, ClientId, ConversationId, Lang, Message, OrganisationId, Seq};

use super::{SqliteStore, from_seq, to_seq};
use crate::error::StoreError;
use crate::store::{Appended, NewMessage, Posted, VisitorConversation, VisitorMessage};

/// Columns of a message row joined with its staff author's name.
type MessageRow = (
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    String,
    i64,
);

impl SqliteStore {
    pub(super) async fn insert_conversation(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        lang: Lang,
        now_ms: i64,
    ) -> Result<ConversationId, StoreError> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO conversations (organisation_id, token_hash, lang, created_at_ms, \
             updated_at_ms) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(organisation.0)
        .bind(token_hash)
        .bind(lang.tag())
        .bind(now_ms)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?;
        Ok(ConversationId(id))
    }

    pub(super) async fn select_by_token(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
    ) -> Result<Option<VisitorConversation>, StoreError> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT id, staff_read_seq FROM conversations \
             WHERE token_hash = ? AND organisation_id = ?",
        )
        .bind(token_hash)
        .bind(organisation.0)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, read)| {
            Ok(VisitorConversation {
                id: ConversationId(id),
                staff_read_seq: to_seq(read)?,
            })
        })
        .transpose()
    }

    pub(super) async fn exists(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<bool, StoreError> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM conversations WHERE id = ? AND organisation_id = ?")
                .bind(id.0)
                .bind(organisation.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    pub(super) async fn write_lang(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        lang: Lang,
    ) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "UPDATE conversations SET lang = ? WHERE id = ? AND organisation_id = ? AND lang <> ?",
        )
        .bind(lang.tag())
        .bind(id.0)
        .bind(organisation.0)
        .bind(lang.tag())
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() > 0)
    }

    /// Appends a message to an existing conversation (see the module
    /// documentation).
    pub(super) async fn append(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        message: NewMessage<'_>,
        now_ms: i64,
    ) -> Result<Appended, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let appended = append_in(&mut transaction, organisation, id, message, now_ms).await?;
        finish(transaction, appended).await
    }

    /// Appends a parent's message to the conversation of its token,
    /// creating it first when this is the visitor's first message, all in
    /// one transaction.
    pub(super) async fn append_visitor(
        &self,
        organisation: OrganisationId,
        message: VisitorMessage<'_>,
        now_ms: i64,
    ) -> Result<Posted, StoreError> {
        let token_hash = message.token_hash;
        let mut transaction = self.pool.begin().await?;
        // A write first, so this transaction holds SQLite's write lock from
        // the start: a racing tab waits here, then finds the row.
        // A revoked token creates nothing: a socket that said `Hello` just
        // before another tab forgot the token must not start afresh with it.
        let inserted = sqlx::query(
            "INSERT INTO conversations (organisation_id, token_hash, lang, created_at_ms, \
             updated_at_ms) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS \
             (SELECT 1 FROM revoked_tokens WHERE token_hash = ?) \
             ON CONFLICT (token_hash) DO NOTHING",
        )
        .bind(organisation.0)
        .bind(token_hash)
        .bind(message.lang.tag())
        .bind(now_ms)
        .bind(now_ms)
        .bind(token_hash)
        .execute(&mut *transaction)
        .await?;
        let found: Option<(i64, i64)> =
            sqlx::query_as("SELECT id, organisation_id FROM conversations WHERE token_hash = ?")
                .bind(token_hash)
                .fetch_optional(&mut *transaction)
                .await?;
        let conversation = match found {
            Some((id, owner)) if owner == organisation.0 => ConversationId(id),
            Some(_) => {
                // The token names a conversation of another organisation:
                // never join it, never reveal it.
                transaction.rollback().await?;
                return Err(StoreError::TokenTaken);
            }
            None => {
                transaction.rollback().await?;
                return Err(StoreError::RevokedToken);
            }
        };
        let appended = append_in(
            &mut transaction,
            organisation,
            conversation,
            NewMessage {
                client_id: message.client_id,
                author: &Author::Visitor,
                body: message.body,
                nickname: message.nickname,
            },
            now_ms,
        )
        .await?;
        Ok(Posted {
            conversation,
            created: inserted.rows_affected() > 0,
            appended: finish(transaction, appended).await?,
        })
    }

    pub(super) async fn select_messages(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        last_seq: Seq,
    ) -> Result<Vec<Message>, StoreError> {
        let rows: Vec<MessageRow> = sqlx::query_as(
            "SELECT m.seq, m.client_id, m.author_kind, m.staff_id, s.name, m.body, m.sent_at_ms \
             FROM messages m JOIN conversations c ON c.id = m.conversation_id \
             LEFT JOIN staff s ON s.id = m.staff_id \
             WHERE m.conversation_id = ? AND c.organisation_id = ? AND m.seq > ? ORDER BY m.seq",
        )
        .bind(id.0)
        .bind(organisation.0)
        .bind(from_seq(last_seq))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(message_from_row).collect()
    }

    /// `column = max(column, min(seq, last_seq))`, in one statement so
    /// concurrent marks cannot move it backwards. Fails for a conversation
    /// unknown in this organisation.
    pub(super) async fn raise_read_mark(
        &self,
        column: &'static str,
        organisation: OrganisationId,
        id: ConversationId,
        seq: Seq,
    ) -> Result<Option<Seq>, StoreError> {
        let seq = from_seq(seq);
        let clamped = "CASE WHEN ? > last_seq THEN last_seq ELSE ? END";
        let raised: Option<(i64,)> = sqlx::query_as(&format!(
            "UPDATE conversations SET {column} = {clamped} \
             WHERE id = ? AND organisation_id = ? AND {column} < {clamped} RETURNING {column}"
        ))
        .bind(seq)
        .bind(seq)
        .bind(id.0)
        .bind(organisation.0)
        .bind(seq)
        .bind(seq)
        .fetch_optional(&self.pool)
        .await?;
        match raised {
            Some((read,)) => Ok(Some(to_seq(read)?)),
            None if self.exists(organisation, id).await? => Ok(None),
            None => Err(StoreError::UnknownConversation(id.0)),
        }
    }
}

/// The shared body of both appends, inside the caller's transaction.
async fn append_in(
    transaction: &mut Transaction<'static, Sqlite>,
    organisation: OrganisationId,
    id: ConversationId,
    message: NewMessage<'_>,
    now_ms: i64,
) -> Result<Appended, StoreError> {
    // Writing first takes SQLite's write lock at once, so two concurrent
    // appends queue on the busy timeout instead of failing to upgrade a
    // read lock; the client_id check below then sees every commit.
    let bumped: Option<(i64,)> = sqlx::query_as(
        "UPDATE conversations SET last_seq = last_seq + 1, updated_at_ms = ?, \
         nickname = COALESCE(nickname, ?) WHERE id = ? AND organisation_id = ? \
         RETURNING last_seq",
    )
    .bind(now_ms)
    .bind(message.nickname)
    .bind(id.0)
    .bind(organisation.0)
    .fetch_optional(&mut **transaction)
    .await?;
    let Some((seq,)) = bumped else {
        return Err(StoreError::UnknownConversation(id.0));
    };
    let (kind, staff_id) = match message.author {
        Author::Visitor => ("visitor", None),
        Author::Staff { id, .. } => ("staff", Some(*id)),
    };
    let original: Option<(i64, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT seq, sent_at_ms, author_kind, staff_id FROM messages \
         WHERE conversation_id = ? AND client_id = ?",
    )
    .bind(id.0)
    .bind(&message.client_id.0)
    .fetch_optional(&mut **transaction)
    .await?;
    if let Some((seq, sent_at_ms, original_kind, original_staff)) = original {
        // The idempotency key is the author's: someone else's client id is
        // not a retry of this message (and must not earn its Ack).
        if original_kind != kind || original_staff != staff_id {
            return Err(StoreError::ClientIdTaken);
        }
        return Ok(Appended {
            seq: to_seq(seq)?,
            sent_at_ms,
            fresh: false,
        });
    }
    sqlx::query(
        "INSERT INTO messages (conversation_id, seq, client_id, author_kind, staff_id, body, \
         sent_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.0)
    .bind(seq)
    .bind(&message.client_id.0)
    .bind(kind)
    .bind(staff_id)
    .bind(message.body)
    .bind(now_ms)
    .execute(&mut **transaction)
    .await?;
    Ok(Appended {
        seq: to_seq(seq)?,
        sent_at_ms: now_ms,
        fresh: true,
    })
}

/// Commits a fresh append; a retry changed nothing, so it is rolled back
/// (which also releases the sequence number the bump took).
async fn finish(
    transaction: Transaction<'static, Sqlite>,
    appended: Appended,
) -> Result<Appended, StoreError> {
    if appended.fresh {
        transaction.commit().await?;
    } else {
        transaction.rollback().await?;
    }
    Ok(appended)
}

fn message_from_row(row: MessageRow) -> Result<Message, StoreError> {
    let (seq, client_id, kind, staff_id, staff_name, body, sent_at_ms) = row;
    let author = match (kind.as_str(), staff_id) {
        ("visitor", _) => Author::Visitor,
        ("staff", Some(id)) => Author::Staff {
            id,
            name: staff_name.unwrap_or_default(),
        },
        _ => return Err(StoreError::Corrupt(format!("message author {kind}"))),
    };
    Ok(Message {
        seq: to_seq(seq)?,
        client_id: ClientId(client_id),
        author,
        body,
        sent_at_ms,
    })
}

#[cfg(test)]
#[path = "conversations_tests.rs"]
mod tests;
