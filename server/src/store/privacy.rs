//! Issue 13's storage, shared by both backends: a parent deleting their
//! conversation, the organisation's retention period, and the anonymous
//! statistics a conversation deleted by retention leaves behind. The SQL
//! here is plain enough for SQLite and PostgreSQL alike (`$n` parameters,
//! `ON CONFLICT`, `RETURNING`); each backend runs it in its own transaction
//! (`sqlite/privacy.rs`, `postgres/privacy.rs`).
//!
//! Deleting removes the conversation row itself: messages, notes and every
//! later table keyed by the conversation (`ON DELETE CASCADE`, as the
//! cases of issue 13 will be) go with it, so nothing of it is left to read.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;

/// What deleted conversations of one month and language left behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetentionStatistic {
    /// `YYYY-MM` (UTC) of the conversations' start.
    pub month: String,
    /// Their interface language (`ja`, `en`).
    pub lang: String,
    /// How many conversations.
    pub conversations: i64,
    /// How many messages they held in all.
    pub messages: i64,
}

/// One conversation deleted by retention, as the sweep read it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct Expired {
    pub id: i64,
    pub created_at_ms: i64,
    pub lang: String,
    pub last_seq: i64,
}

/// What a parent's deletion removed: the conversation and every token that
/// was open on it (now revoked), so the service can close their sockets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentDeletion {
    /// The deleted conversation.
    pub conversation: yorisoi_protocol::ConversationId,
    /// The digests of the tokens that were open on it (the parent's devices).
    pub token_hashes: Vec<String>,
}

/// Deletes conversation `$1` of organisation `$2`.
pub(super) const DELETE_CONVERSATION: &str =
    "DELETE FROM conversations WHERE id = $1 AND organisation_id = $2";

/// Forgets the codes of the tokens open on the conversations the next
/// [`DELETE_EXPIRED`] (same parameters) deletes, before their tokens go
/// with them.
pub(super) const FORGET_EXPIRED_CODES: &str = "DELETE FROM consultation_codes \
     WHERE token_hash IN (SELECT token_hash FROM visitor_tokens WHERE conversation_id IN \
     (SELECT id FROM conversations \
      WHERE organisation_id = $1 AND resolved_at_ms IS NOT NULL AND resolved_at_ms < $2 \
      ORDER BY resolved_at_ms, id LIMIT $3))";

/// Deletes up to `$3` conversations of organisation `$1` resolved before
/// `$2`, oldest first. The condition stands outside the sub-select too, so
/// a conversation a parent's message reopens meanwhile (PostgreSQL rechecks
/// a locked row's new version against it) is kept.
pub(super) const DELETE_EXPIRED: &str = "DELETE FROM conversations \
     WHERE organisation_id = $1 AND resolved_at_ms IS NOT NULL AND resolved_at_ms < $2 \
     AND id IN (SELECT id FROM conversations \
                WHERE organisation_id = $1 AND resolved_at_ms IS NOT NULL AND resolved_at_ms < $2 \
                ORDER BY resolved_at_ms, id LIMIT $3) \
     RETURNING id, created_at_ms, lang, last_seq";

/// Adds counts to a month's and language's statistics.
pub(super) const ADD_STATISTIC: &str = "INSERT INTO retention_statistics \
     (organisation_id, month, lang, conversations, messages) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (organisation_id, month, lang) DO UPDATE SET \
     conversations = retention_statistics.conversations + excluded.conversations, \
     messages = retention_statistics.messages + excluded.messages";

/// An organisation's statistics, oldest month first.
pub(super) const SELECT_STATISTICS: &str = "SELECT month, lang, conversations, messages \
     FROM retention_statistics WHERE organisation_id = $1 ORDER BY month, lang";

/// An organisation's retention period.
pub(super) const SELECT_RETENTION: &str = "SELECT retention_days FROM organisations WHERE id = $1";

/// Sets it.
pub(super) const UPDATE_RETENTION: &str =
    "UPDATE organisations SET retention_days = $2 WHERE id = $1";

/// A parent's deletion in the open transaction `$transaction` (either
/// backend's, after any lock it needs): revokes the token and every other
/// token open on its conversation in `$organisation`, forgets their codes
/// and deletes the conversation, as
/// `Result<Option<ParentDeletion>, sqlx::Error>`.
macro_rules! delete_by_token {
    ($transaction:expr, $organisation:expr, $token_hash:expr, $now_ms:expr) => {{
        use $crate::store::privacy::{DELETE_CONVERSATION, ParentDeletion};
        use $crate::store::visitor_tokens::{
            FORGET_CODE, RECORD_REVOKED, TOKEN_CONVERSATION, TOKENS_OF_CONVERSATION,
        };
        async {
            let transaction = $transaction;
            let (organisation, token_hash): (yorisoi_protocol::OrganisationId, &str) =
                ($organisation, $token_hash);
            let found: Option<(i64, i64)> = sqlx::query_as(TOKEN_CONVERSATION)
                .bind(token_hash)
                .fetch_optional(&mut **transaction)
                .await?;
            let conversation = found
                .filter(|(_, owner)| *owner == organisation.0)
                .map(|(id, _)| id);
            let mut token_hashes: Vec<String> = match conversation {
                Some(id) => {
                    sqlx::query_scalar(TOKENS_OF_CONVERSATION)
                        .bind(id)
                        .fetch_all(&mut **transaction)
                        .await?
                }
                None => Vec::new(),
            };
            if !token_hashes.iter().any(|hash| hash == token_hash) {
                token_hashes.push(token_hash.to_owned());
            }
            for hash in &token_hashes {
                sqlx::query(RECORD_REVOKED)
                    .bind(hash)
                    .bind($now_ms)
                    .execute(&mut **transaction)
                    .await?;
                sqlx::query(FORGET_CODE)
                    .bind(hash)
                    .execute(&mut **transaction)
                    .await?;
            }
            let Some(id) = conversation else {
                return Ok::<_, sqlx::Error>(None);
            };
            // The tokens' rows go with the conversation (ON DELETE CASCADE).
            sqlx::query(DELETE_CONVERSATION)
                .bind(id)
                .bind(organisation.0)
                .execute(&mut **transaction)
                .await?;
            Ok(Some(ParentDeletion {
                conversation: yorisoi_protocol::ConversationId(id),
                token_hashes,
            }))
        }
    }};
}
pub(super) use delete_by_token;

/// Retention's deletion in the open transaction `$transaction` (either
/// backend's): at most `$limit` conversations of `$organisation` resolved
/// before `$before_ms`, their codes, and their counts added to the
/// statistics, as `Result<Vec<ConversationId>, sqlx::Error>`.
macro_rules! expire_resolved {
    ($transaction:expr, $organisation:expr, $before_ms:expr, $limit:expr) => {{
        use $crate::store::privacy::{
            ADD_STATISTIC, DELETE_EXPIRED, Expired, FORGET_EXPIRED_CODES, tally,
        };
        async {
            let transaction = $transaction;
            let organisation: yorisoi_protocol::OrganisationId = $organisation;
            let limit: usize = $limit;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let before_ms: i64 = $before_ms;
            sqlx::query(FORGET_EXPIRED_CODES)
                .bind(organisation.0)
                .bind(before_ms)
                .bind(limit)
                .execute(&mut **transaction)
                .await?;
            // The conversations' tokens go with them (ON DELETE CASCADE):
            // not revoked, so a parent who comes back starts afresh.
            let expired: Vec<Expired> = sqlx::query_as(DELETE_EXPIRED)
                .bind(organisation.0)
                .bind(before_ms)
                .bind(limit)
                .fetch_all(&mut **transaction)
                .await?;
            for statistic in tally(&expired) {
                sqlx::query(ADD_STATISTIC)
                    .bind(organisation.0)
                    .bind(&statistic.month)
                    .bind(&statistic.lang)
                    .bind(statistic.conversations)
                    .bind(statistic.messages)
                    .execute(&mut **transaction)
                    .await?;
            }
            Ok::<_, sqlx::Error>(
                expired
                    .iter()
                    .map(|conversation| yorisoi_protocol::ConversationId(conversation.id))
                    .collect::<Vec<_>>(),
            )
        }
    }};
}
pub(super) use expire_resolved;

/// A statistics row as read ([`SELECT_STATISTICS`]'s columns).
pub(super) fn statistic_from_row(
    (month, lang, conversations, messages): (String, String, i64, i64),
) -> RetentionStatistic {
    RetentionStatistic {
        month,
        lang,
        conversations,
        messages,
    }
}

/// The statistics `expired` conversations add up to, one entry per month
/// and language.
pub(super) fn tally(expired: &[Expired]) -> Vec<RetentionStatistic> {
    let mut counts: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for conversation in expired {
        let key = (
            month_of(conversation.created_at_ms),
            conversation.lang.clone(),
        );
        let count = counts.entry(key).or_default();
        count.0 += 1;
        count.1 += conversation.last_seq;
    }
    counts
        .into_iter()
        .map(
            |((month, lang), (conversations, messages))| RetentionStatistic {
                month,
                lang,
                conversations,
                messages,
            },
        )
        .collect()
}

/// `YYYY-MM` (UTC) of a time in ms since the Unix epoch.
fn month_of(at_ms: i64) -> String {
    match Timestamp::from_millisecond(at_ms) {
        Ok(at) => at.strftime("%Y-%m").to_string(),
        // Out of jiff's range: no stored time is.
        Err(_) => "unknown".to_owned(),
    }
}

/// A stored retention period as the interface's (negative or huge values
/// cannot be written, see [`UPDATE_RETENTION`]'s callers).
pub(super) fn days_from_row(days: i64) -> u32 {
    u32::try_from(days).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expired(created_at_ms: i64, lang: &str, messages: i64) -> Expired {
        Expired {
            id: 1,
            created_at_ms,
            lang: lang.to_owned(),
            last_seq: messages,
        }
    }

    #[test]
    fn statistics_count_conversations_and_messages_per_month_and_language() {
        // 2026-01-31 23:00 and 2026-02-01 01:00 UTC, two languages.
        let january = 1_769_900_400_000;
        let february = january + 2 * 3_600_000;
        let tallied = tally(&[
            expired(january, "ja", 3),
            expired(january, "ja", 4),
            expired(january, "en", 1),
            expired(february, "ja", 2),
        ]);
        let shown: Vec<(&str, &str, i64, i64)> = tallied
            .iter()
            .map(|s| {
                (
                    s.month.as_str(),
                    s.lang.as_str(),
                    s.conversations,
                    s.messages,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("2026-01", "en", 1, 1),
                ("2026-01", "ja", 2, 7),
                ("2026-02", "ja", 1, 2),
            ]
        );
    }
}
