//! Cases and their audit trails (issue 13), the same for every backend:
//! the SQL (placeholders `$1`, `$2`… which both drivers accept) and the
//! methods that run it, stamped onto each backend with [`case_methods!`].
//! Every statement names the organisation: another organisation's case
//! reads as unknown. A change and its trail entry are one transaction, and
//! a change applies only to the version it was decided on.

use yorisoi_protocol::cases::{CaseStatus, CaseStep, CaseTexts};
use yorisoi_protocol::{ConversationId, Lang};

use crate::error::StoreError;

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    /// Its id.
    pub id: i64,
    /// The conversation it was drafted from.
    pub conversation: ConversationId,
    /// The language of its texts.
    pub lang: Lang,
    /// Where it stands with the parent.
    pub status: CaseStatus,
    /// The unredacted draft (never leaves the server).
    pub source: String,
    /// The spans hidden in `source`, as the service wrote them.
    pub hidden: String,
    /// The redacted texts.
    pub texts: CaseTexts,
    /// Who proposed it.
    pub proposed_by: i64,
    /// Who reviewed the current wording, if anyone.
    pub reviewed_by: Option<i64>,
    /// Rises with every change.
    pub version: i64,
    /// When it was proposed.
    pub created_at_ms: i64,
}

/// A case to keep.
#[derive(Debug, Clone, Copy)]
pub struct NewCase<'a> {
    /// The conversation (of the organisation).
    pub conversation: ConversationId,
    /// The texts' language.
    pub lang: Lang,
    /// The unredacted draft.
    pub source: &'a str,
    /// The hidden spans.
    pub hidden: &'a str,
    /// The redacted texts.
    pub texts: &'a CaseTexts,
    /// The staff member proposing it.
    pub proposed_by: i64,
}

/// The new state of a case after a step.
#[derive(Debug, Clone, Copy)]
pub struct CaseChange<'a> {
    /// Its status.
    pub status: CaseStatus,
    /// The hidden spans.
    pub hidden: &'a str,
    /// The texts.
    pub texts: &'a CaseTexts,
    /// Its reviewer.
    pub reviewed_by: Option<i64>,
}

/// A step for the audit trail.
#[derive(Debug, Clone, Copy)]
pub struct NewCaseEvent<'a> {
    /// What happened.
    pub step: CaseStep,
    /// The staff member, or `None` for the parent.
    pub staff: Option<i64>,
    /// The wording it was about, with its digest.
    pub wording: Option<(&'a CaseTexts, &'a str)>,
}

/// A trail entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEventRecord {
    /// What happened.
    pub step: CaseStep,
    /// The staff member (and their name now, if they still exist), or
    /// `None` for the parent.
    pub staff: Option<(i64, Option<String>)>,
    /// When.
    pub at_ms: i64,
    /// The wording and its digest.
    pub wording: Option<(CaseTexts, String)>,
}

/// A case row, in the order [`SELECT_CASE`] and [`SELECT_CASES`] read.
pub(super) type CaseRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    i64,
    i64,
);

/// Keeps a case (`$3`…) of conversation `$2`, if it is organisation `$1`'s.
pub(super) const INSERT_CASE: &str = "INSERT INTO cases (organisation_id, conversation_id, \
     lang, status, source, hidden, short_text, long_text, proposed_by, created_at_ms, \
     updated_at_ms) SELECT $1, id, $3, 'draft', $4, $5, $6, $7, $8, $9, $9 FROM conversations \
     WHERE organisation_id = $1 AND id = $2 RETURNING id";

/// Case `$2` of organisation `$1`.
pub(super) const SELECT_CASE: &str = "SELECT id, conversation_id, lang, status, source, \
     hidden, short_text, long_text, proposed_by, reviewed_by, version, created_at_ms \
     FROM cases WHERE organisation_id = $1 AND id = $2";

/// The cases of organisation `$1` (of conversation `$2` unless it is
/// NULL), newest first, at most `$3`.
pub(super) const SELECT_CASES: &str = "SELECT id, conversation_id, lang, status, source, \
     hidden, short_text, long_text, proposed_by, reviewed_by, version, created_at_ms \
     FROM cases WHERE organisation_id = $1 AND ($2 IS NULL OR conversation_id = $2) \
     ORDER BY id DESC LIMIT $3";

/// Applies a change to case `$2` of organisation `$1` if it is still at
/// version `$3`.
pub(super) const UPDATE_CASE: &str = "UPDATE cases SET status = $4, hidden = $5, \
     short_text = $6, long_text = $7, reviewed_by = $8, updated_at_ms = $9, \
     version = version + 1 WHERE organisation_id = $1 AND id = $2 AND version = $3";

/// Adds a trail entry to case `$1` (known to be the organisation's).
pub(super) const INSERT_EVENT: &str = "INSERT INTO case_events (case_id, step, staff_id, \
     at_ms, wording_short, wording_long, wording_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// The trail of case `$2` of organisation `$1`, in order.
pub(super) const SELECT_EVENTS: &str = "SELECT e.step, e.staff_id, s.name, e.at_ms, \
     e.wording_short, e.wording_long, e.wording_hash FROM case_events e \
     JOIN cases c ON c.id = e.case_id LEFT JOIN staff s ON s.id = e.staff_id \
     WHERE c.organisation_id = $1 AND c.id = $2 ORDER BY e.id";

/// A trail row, in [`SELECT_EVENTS`]' order.
pub(super) type EventRow = (
    String,
    Option<i64>,
    Option<String>,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub(super) fn status_tag(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Draft => "draft",
        CaseStatus::Sent => "sent",
        CaseStatus::Approved => "approved",
        CaseStatus::Declined => "declined",
        CaseStatus::Withdrawn => "withdrawn",
    }
}

fn status_of(tag: &str) -> Result<CaseStatus, StoreError> {
    [
        CaseStatus::Draft,
        CaseStatus::Sent,
        CaseStatus::Approved,
        CaseStatus::Declined,
        CaseStatus::Withdrawn,
    ]
    .into_iter()
    .find(|status| status_tag(*status) == tag)
    .ok_or_else(|| StoreError::Corrupt(format!("case status {tag}")))
}

const STEPS: [(CaseStep, &str); 8] = [
    (CaseStep::Proposed, "proposed"),
    (CaseStep::Edited, "edited"),
    (CaseStep::SentToParent, "sent_to_parent"),
    (CaseStep::Approved, "approved"),
    (CaseStep::Declined, "declined"),
    (CaseStep::Withdrawn, "withdrawn"),
    (CaseStep::Reviewed, "reviewed"),
    (CaseStep::Exported, "exported"),
];

pub(super) fn step_tag(step: CaseStep) -> &'static str {
    STEPS
        .iter()
        .find(|(known, _)| *known == step)
        .map_or("unknown", |(_, tag)| tag)
}

pub(super) fn case_from_row(row: CaseRow) -> Result<CaseRecord, StoreError> {
    let (id, conversation, lang, status, source, hidden, short, long, proposed_by, reviewed_by) = (
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9,
    );
    Ok(CaseRecord {
        id,
        conversation: ConversationId(conversation),
        lang: Lang::from_tag(&lang).ok_or_else(|| StoreError::Corrupt(format!("lang {lang}")))?,
        status: status_of(&status)?,
        source,
        hidden,
        texts: CaseTexts { short, long },
        proposed_by,
        reviewed_by,
        version: row.10,
        created_at_ms: row.11,
    })
}

pub(super) fn event_from_row(row: EventRow) -> Result<CaseEventRecord, StoreError> {
    let (step, staff, name, at_ms, short, long, hash) = row;
    let step = STEPS
        .iter()
        .find(|(_, tag)| *tag == step)
        .map(|(known, _)| *known)
        .ok_or_else(|| StoreError::Corrupt(format!("case step {step}")))?;
    let wording = match (short, long, hash) {
        (Some(short), Some(long), Some(hash)) => Some((CaseTexts { short, long }, hash)),
        _ => None,
    };
    Ok(CaseEventRecord {
        step,
        staff: staff.map(|id| (id, name)),
        at_ms,
        wording,
    })
}

/// The case methods on a backend's store (`$store`, with a sqlx `pool`);
/// `$turn` names the method that serialises writes, for a backend that
/// needs one (as in `store::canned`).
macro_rules! case_methods {
    ($store:ty $(, $turn:ident)?) => {
        impl $store {
            pub(super) async fn insert_case(
                &self,
                organisation: OrganisationId,
                case: NewCase<'_>,
                now_ms: i64,
            ) -> Result<Option<CaseRecord>, StoreError> {
                $(let _turn = self.$turn().await;)?
                let mut transaction = self.pool.begin().await?;
                let id: Option<(i64,)> = sqlx::query_as(INSERT_CASE)
                    .bind(organisation.0)
                    .bind(case.conversation.0)
                    .bind(case.lang.tag())
                    .bind(case.source)
                    .bind(case.hidden)
                    .bind(&case.texts.short)
                    .bind(&case.texts.long)
                    .bind(case.proposed_by)
                    .bind(now_ms)
                    .fetch_optional(&mut *transaction)
                    .await?;
                let Some((id,)) = id else {
                    return Ok(None);
                };
                let event = NewCaseEvent {
                    step: CaseStep::Proposed,
                    staff: Some(case.proposed_by),
                    wording: None,
                };
                bind_event(sqlx::query(INSERT_EVENT).bind(id), event, now_ms)
                    .execute(&mut *transaction)
                    .await?;
                let row: CaseRow = sqlx::query_as(SELECT_CASE)
                    .bind(organisation.0)
                    .bind(id)
                    .fetch_one(&mut *transaction)
                    .await?;
                transaction.commit().await?;
                case_from_row(row).map(Some)
            }

            pub(super) async fn select_case(
                &self,
                organisation: OrganisationId,
                id: i64,
            ) -> Result<Option<CaseRecord>, StoreError> {
                let row: Option<CaseRow> =
                    sqlx::query_as(SELECT_CASE)
                        .bind(organisation.0)
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(case_from_row).transpose()
            }

            pub(super) async fn select_cases(
                &self,
                organisation: OrganisationId,
                conversation: Option<ConversationId>,
                limit: usize,
            ) -> Result<Vec<CaseRecord>, StoreError> {
                let rows: Vec<CaseRow> = sqlx::query_as(SELECT_CASES)
                    .bind(organisation.0)
                    .bind(conversation.map(|id| id.0))
                    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter().map(case_from_row).collect()
            }

            pub(super) async fn update_case(
                &self,
                organisation: OrganisationId,
                id: i64,
                version: i64,
                change: CaseChange<'_>,
                event: NewCaseEvent<'_>,
                now_ms: i64,
            ) -> Result<Option<CaseRecord>, StoreError> {
                $(let _turn = self.$turn().await;)?
                let mut transaction = self.pool.begin().await?;
                let done = sqlx::query(UPDATE_CASE)
                    .bind(organisation.0)
                    .bind(id)
                    .bind(version)
                    .bind(status_tag(change.status))
                    .bind(change.hidden)
                    .bind(&change.texts.short)
                    .bind(&change.texts.long)
                    .bind(change.reviewed_by)
                    .bind(now_ms)
                    .execute(&mut *transaction)
                    .await?;
                if done.rows_affected() != 1 {
                    return Ok(None);
                }
                bind_event(sqlx::query(INSERT_EVENT).bind(id), event, now_ms)
                    .execute(&mut *transaction)
                    .await?;
                let row: CaseRow = sqlx::query_as(SELECT_CASE)
                    .bind(organisation.0)
                    .bind(id)
                    .fetch_one(&mut *transaction)
                    .await?;
                transaction.commit().await?;
                case_from_row(row).map(Some)
            }

            pub(super) async fn select_case_events(
                &self,
                organisation: OrganisationId,
                id: i64,
            ) -> Result<Vec<CaseEventRecord>, StoreError> {
                let rows: Vec<EventRow> = sqlx::query_as(SELECT_EVENTS)
                    .bind(organisation.0)
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter().map(event_from_row).collect()
            }
        }
    };
}

/// Binds a trail entry's values (step, staff, time, wording) after the
/// case's, in the order of [`INSERT_EVENT`].
macro_rules! bind_event_fn {
    ($db:ty) => {
        fn bind_event<'q>(
            query: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments>,
            event: NewCaseEvent<'q>,
            now_ms: i64,
        ) -> sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments> {
            let (texts, hash) = event.wording.unzip();
            query
                .bind(step_tag(event.step))
                .bind(event.staff)
                .bind(now_ms)
                .bind(texts.map(|texts| texts.short.as_str()))
                .bind(texts.map(|texts| texts.long.as_str()))
                .bind(hash)
        }
    };
}

pub(super) use {bind_event_fn, case_methods};
