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
    pub token_hash: String,
    pub created_at_ms: i64,
    pub lang: String,
    pub last_seq: i64,
}

/// Records a visitor token's digest as revoked (again: no change).
pub(super) const REVOKE_TOKEN: &str = "INSERT INTO revoked_tokens (token_hash, revoked_at_ms) \
     VALUES ($1, $2) ON CONFLICT (token_hash) DO NOTHING";

/// Forgets the consultation code that leads to a token.
pub(super) const FORGET_CODE: &str = "DELETE FROM consultation_codes WHERE token_hash = $1";

/// Deletes the conversation of a token in an organisation.
pub(super) const DELETE_BY_TOKEN: &str =
    "DELETE FROM conversations WHERE token_hash = $1 AND organisation_id = $2 RETURNING id";

/// Deletes up to `$3` conversations of organisation `$1` resolved before
/// `$2`, oldest first. The condition stands outside the sub-select too, so
/// a conversation a parent's message reopens meanwhile (PostgreSQL rechecks
/// a locked row's new version against it) is kept.
pub(super) const DELETE_EXPIRED: &str = "DELETE FROM conversations \
     WHERE organisation_id = $1 AND resolved_at_ms IS NOT NULL AND resolved_at_ms < $2 \
     AND id IN (SELECT id FROM conversations \
                WHERE organisation_id = $1 AND resolved_at_ms IS NOT NULL AND resolved_at_ms < $2 \
                ORDER BY resolved_at_ms, id LIMIT $3) \
     RETURNING id, token_hash, created_at_ms, lang, last_seq";

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
/// backend's, after any lock it needs): revokes the token, forgets its
/// code and deletes its conversation in `$organisation`, as
/// `Result<Option<ConversationId>, sqlx::Error>`.
macro_rules! delete_by_token {
    ($transaction:expr, $organisation:expr, $token_hash:expr, $now_ms:expr) => {{
        use $crate::store::privacy::{DELETE_BY_TOKEN, FORGET_CODE, REVOKE_TOKEN};
        async {
            let transaction = $transaction;
            let (organisation, token_hash): (yorisoi_protocol::OrganisationId, &str) =
                ($organisation, $token_hash);
            sqlx::query(REVOKE_TOKEN)
                .bind(token_hash)
                .bind($now_ms)
                .execute(&mut **transaction)
                .await?;
            sqlx::query(FORGET_CODE)
                .bind(token_hash)
                .execute(&mut **transaction)
                .await?;
            let deleted: Option<(i64,)> = sqlx::query_as(DELETE_BY_TOKEN)
                .bind(token_hash)
                .bind(organisation.0)
                .fetch_optional(&mut **transaction)
                .await?;
            Ok::<_, sqlx::Error>(deleted.map(|(id,)| yorisoi_protocol::ConversationId(id)))
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
        use $crate::store::privacy::{ADD_STATISTIC, DELETE_EXPIRED, Expired, FORGET_CODE, tally};
        async {
            let transaction = $transaction;
            let organisation: yorisoi_protocol::OrganisationId = $organisation;
            let limit: usize = $limit;
            let expired: Vec<Expired> = sqlx::query_as(DELETE_EXPIRED)
                .bind(organisation.0)
                .bind($before_ms)
                .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                .fetch_all(&mut **transaction)
                .await?;
            for conversation in &expired {
                sqlx::query(FORGET_CODE)
                    .bind(&conversation.token_hash)
                    .execute(&mut **transaction)
                    .await?;
            }
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
            token_hash: String::new(),
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
