//! Appending messages, as jobs of the [`super::writer`]: each runs inside
//! the writer's transaction, which holds SQLite's write lock, so no other
//! write can come between its statements.
//!
//! The common case is two statements: one `INSERT … SELECT` that takes the
//! next sequence from the conversation row and skips a repeated client id
//! (`ON CONFLICT DO NOTHING`), and one `UPDATE … RETURNING` that records the
//! new last sequence, time, nickname, unread count and preview and gives
//! back the conversation's summary, so announcing the message reads
//! nothing (a parent's message also notes its token's use, which writes
//! at most once an hour). The conversation of a parent's message is the
//! one its token is open on (`visitor_tokens`, one row per device). Only
//! when the insert stored nothing does a job look further:
//! an unknown conversation, a retry (answered with the original sequence
//! and time, storing nothing), another author's client id, or a parent's
//! first message, which creates the conversation (unless the token was
//! revoked or belongs to another organisation). Every refusal comes before
//! any write, so it leaves the rest of the batch untouched.

use rusqlite::{Connection, OptionalExtension as _, params};
use yorisoi_protocol::limits::{PREVIEW_CHARS, preview};
use yorisoi_protocol::{Author, ClientId, ConversationId, Lang, OrganisationId};

use super::rows::{
    SUMMARY_COLUMNS, danger_flag, summary_from_row, summary_row, to_seq, written_lang,
};
use super::writer::Work;
use crate::error::StoreError;
use crate::store::rows::{author_kind, staff_id};
use crate::store::visitor_tokens::{ADD_TOKEN, TOKEN_CONVERSATION, TOUCH_TOKEN};
use crate::store::{Appended, NewMessage, Posted, VisitorMessage};

/// A message to append to a known conversation, owned by its job.
pub(super) struct Append {
    pub organisation: OrganisationId,
    pub conversation: ConversationId,
    pub client_id: ClientId,
    pub author: Author,
    pub body: String,
    pub nickname: Option<String>,
    pub now_ms: i64,
}

impl Append {
    pub(super) fn new(
        organisation: OrganisationId,
        conversation: ConversationId,
        message: NewMessage<'_>,
        now_ms: i64,
    ) -> Append {
        Append {
            organisation,
            conversation,
            client_id: message.client_id.clone(),
            author: message.author.clone(),
            body: message.body.to_owned(),
            nickname: message.nickname.map(str::to_owned),
            now_ms,
        }
    }

    /// The insert stored nothing: an unknown conversation, or this client
    /// id is already there.
    fn not_inserted(&self, connection: &Connection) -> Result<Appended, StoreError> {
        let known: Option<i64> = connection
            .prepare_cached("SELECT id FROM conversations WHERE id = ? AND organisation_id = ?")?
            .query_row(params![self.conversation.0, self.organisation.0], |row| {
                row.get(0)
            })
            .optional()?;
        if known.is_none() {
            return Err(StoreError::UnknownConversation(self.conversation.0));
        }
        original(connection, self.conversation, &self.client_id, &self.author)
    }
}

impl Work for Append {
    type Output = Appended;

    fn run(&self, connection: &Connection) -> Result<Appended, StoreError> {
        let inserted: Option<i64> = connection
            .prepare_cached(
                "INSERT INTO messages (conversation_id, seq, client_id, author_kind, staff_id, \
                 body, sent_at_ms) SELECT id, last_seq + 1, ?, ?, ?, ?, ? FROM conversations \
                 WHERE id = ? AND organisation_id = ? ON CONFLICT DO NOTHING RETURNING seq",
            )?
            .query_row(
                params![
                    self.client_id.0,
                    author_kind(&self.author),
                    staff_id(&self.author),
                    self.body,
                    self.now_ms,
                    self.conversation.0,
                    self.organisation.0,
                ],
                |row| row.get(0),
            )
            .optional()?;
        match inserted {
            Some(seq) => record(connection, self.conversation, seq, self),
            None => self.not_inserted(connection),
        }
    }
}

/// A parent's message, naming its conversation by the token's digest,
/// owned by its job.
pub(super) struct AppendVisitor {
    pub organisation: OrganisationId,
    pub token_hash: String,
    pub lang: Lang,
    pub nominee: Option<i64>,
    pub message: Append,
}

impl AppendVisitor {
    pub(super) fn new(
        organisation: OrganisationId,
        message: VisitorMessage<'_>,
        now_ms: i64,
    ) -> AppendVisitor {
        AppendVisitor {
            organisation,
            token_hash: message.token_hash.to_owned(),
            lang: message.lang,
            nominee: message.nominee,
            message: Append {
                organisation,
                // Not known yet: found by the token.
                conversation: ConversationId(0),
                client_id: message.client_id.clone(),
                author: Author::Visitor,
                body: message.body.to_owned(),
                nickname: message.nickname.map(str::to_owned),
                now_ms,
            },
        }
    }

    /// The insert stored nothing: a retry, a token of another organisation
    /// or a revoked one, or the parent's first message.
    fn not_inserted(&self, connection: &Connection) -> Result<Posted, StoreError> {
        let found: Option<(i64, i64)> = connection
            .prepare_cached(TOKEN_CONVERSATION)?
            .query_row(params![self.token_hash], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        match found {
            Some((id, owner)) if owner == self.organisation.0 => {
                let conversation = ConversationId(id);
                let client_id = &self.message.client_id;
                Ok(Posted {
                    conversation,
                    created: false,
                    appended: original(connection, conversation, client_id, &Author::Visitor)?,
                })
            }
            // The token names a conversation of another organisation:
            // never join it, never reveal it.
            Some(_) => Err(StoreError::TokenTaken),
            None => self.create(connection),
        }
    }

    /// The first message: creates the conversation (a revoked token
    /// creates nothing: a socket that said `Hello` just before another tab
    /// forgot the token must not start afresh with it), then appends.
    fn create(&self, connection: &Connection) -> Result<Posted, StoreError> {
        let revoked = connection
            .prepare_cached("SELECT 1 FROM revoked_tokens WHERE token_hash = ?")?
            .exists(params![self.token_hash])?;
        if revoked {
            return Err(StoreError::RevokedToken);
        }
        let message = &self.message;
        let now_ms = message.now_ms;
        let id: i64 = connection
            .prepare_cached(
                "INSERT INTO conversations (organisation_id, token_hash, lang, created_at_ms, \
                 updated_at_ms, nominee_id) VALUES (?1, ?2, ?3, ?4, ?4, \
                 (SELECT id FROM staff WHERE id = ?5 AND organisation_id = ?1)) RETURNING id",
            )?
            .query_row(
                params![
                    self.organisation.0,
                    self.token_hash,
                    self.lang.tag(),
                    now_ms,
                    self.nominee
                ],
                |row| row.get(0),
            )?;
        connection
            .prepare_cached(
                "INSERT INTO messages (conversation_id, seq, client_id, author_kind, staff_id, \
                 body, sent_at_ms) VALUES (?, 1, ?, 'visitor', NULL, ?, ?)",
            )?
            .execute(params![id, message.client_id.0, message.body, now_ms])?;
        connection.prepare_cached(ADD_TOKEN)?.execute(params![
            self.token_hash,
            self.organisation.0,
            id,
            now_ms
        ])?;
        let conversation = ConversationId(id);
        Ok(Posted {
            conversation,
            created: true,
            appended: record(connection, conversation, 1, message)?,
        })
    }
}

impl Work for AppendVisitor {
    type Output = Posted;

    fn run(&self, connection: &Connection) -> Result<Posted, StoreError> {
        let message = &self.message;
        let inserted: Option<(i64, i64)> = connection
            .prepare_cached(
                "INSERT INTO messages (conversation_id, seq, client_id, author_kind, staff_id, \
                 body, sent_at_ms) SELECT id, last_seq + 1, ?, 'visitor', NULL, ?, ? \
                 FROM conversations WHERE id = \
                 (SELECT conversation_id FROM visitor_tokens WHERE token_hash = ?) \
                 AND organisation_id = ? \
                 ON CONFLICT DO NOTHING RETURNING conversation_id, seq",
            )?
            .query_row(
                params![
                    message.client_id.0,
                    message.body,
                    message.now_ms,
                    self.token_hash,
                    self.organisation.0,
                ],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        match inserted {
            Some((id, seq)) => {
                connection
                    .prepare_cached(TOUCH_TOKEN)?
                    .execute(params![message.now_ms, self.token_hash])?;
                let conversation = ConversationId(id);
                Ok(Posted {
                    conversation,
                    created: false,
                    appended: record(connection, conversation, seq, message)?,
                })
            }
            None => self.not_inserted(connection),
        }
    }
}

/// Records an inserted message on its conversation row and returns the
/// append with the conversation's new summary.
fn record(
    connection: &Connection,
    conversation: ConversationId,
    seq: i64,
    message: &Append,
) -> Result<Appended, StoreError> {
    let from_parent = i64::from(matches!(message.author, Author::Visitor));
    let row = connection
        .prepare_cached(&format!(
            "UPDATE conversations SET last_seq = ?1, updated_at_ms = ?2, \
             nickname = COALESCE(nickname, ?3), unread = unread + ?4, preview = ?5, \
             waiting_since_ms = CASE WHEN ?4 > 0 THEN COALESCE(waiting_since_ms, ?2) END, \
             written_lang = COALESCE(?7, written_lang), \
             resolved_at_ms = CASE WHEN ?4 > 0 THEN NULL ELSE resolved_at_ms END, \
             danger_since_ms = CASE WHEN ?8 > 0 THEN COALESCE(danger_since_ms, ?2) \
             WHEN ?4 > 0 THEN danger_since_ms END \
             WHERE id = ?6 RETURNING {SUMMARY_COLUMNS}"
        ))?
        .query_row(
            params![
                seq,
                message.now_ms,
                message.nickname,
                from_parent,
                preview(&message.body, PREVIEW_CHARS),
                conversation.0,
                written_lang(&message.author, &message.body),
                danger_flag(&message.author, &message.body),
            ],
            |row| summary_row(row, 0),
        )?;
    Ok(Appended {
        seq: to_seq(seq)?,
        sent_at_ms: message.now_ms,
        fresh: true,
        summary: Some(summary_from_row(row)?),
    })
}

/// The stored message of this client id: a retry's answer, unless another
/// author used the id (the idempotency key is the author's: someone else's
/// client id is not a retry of this message, and must not earn its `Ack`).
fn original(
    connection: &Connection,
    conversation: ConversationId,
    client_id: &ClientId,
    author: &Author,
) -> Result<Appended, StoreError> {
    let found: Option<(i64, i64, String, Option<i64>)> = connection
        .prepare_cached(
            "SELECT seq, sent_at_ms, author_kind, staff_id FROM messages \
             WHERE conversation_id = ? AND client_id = ?",
        )?
        .query_row(params![conversation.0, client_id.0], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
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
