//! Cases shared with the parent's consent (issue 13), staff's side: propose
//! a case from a conversation, edit it (hiding more, never less), send it
//! to the parent, review it (someone other than who proposed it), export
//! it, and read it and its trail. The parent's side is [`parent`].
//!
//! A case is exported only when the parent approved the wording it has now
//! (approved words cannot change), a second staff member reviewed that
//! wording (an edit clears a review) and the parent has not withdrawn.
//! Every step is one store change with its trail entry, applied only to the
//! version it was decided on, so a parent's answer and a staff step that
//! race cannot both win. Everything acts within the caller's organisation:
//! another organisation's case or conversation reads as unknown.

mod parent;
mod spans;

use yorisoi_protocol::cases::{
    CaseActor, CaseEdit, CaseEvent, CaseExport, CaseRefusal, CaseStatus, CaseStep, CaseTexts,
    MAX_LONG_CHARS, StaffCase, max_short_chars,
};
use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::text::{has_visible, normalise_body};
use yorisoi_protocol::{Author, ConversationId, OrganisationId};

use self::spans::{encode_spans, hide_in_draft, restore};
use super::Service;
use crate::case_text::{self, EditRefusal, Headings, Said};
use crate::case_words;
use crate::error::{ServiceError, StoreError};
use crate::redaction::Draft;
use crate::store::cases::{CaseChange, CaseRecord, NewCase, NewCaseEvent};

/// The most cases a list answers.
const MAX_LISTED: usize = 200;

/// A case step refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// Refused, for a reason the case's screens explain.
    #[error("case step refused: {0:?}")]
    Refused(CaseRefusal),
    /// Any other failure (storage, a malformed token…).
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<StoreError> for CaseError {
    fn from(error: StoreError) -> Self {
        CaseError::Service(ServiceError::Store(error))
    }
}

impl From<CaseRefusal> for CaseError {
    fn from(reason: CaseRefusal) -> Self {
        CaseError::Refused(reason)
    }
}

impl Service {
    /// Drafts a case from a conversation of the staff member's
    /// organisation: its messages (see [`crate::case_text`]) redacted, the
    /// parent's nickname hidden too, in the language the parent writes.
    pub async fn propose_case(
        &self,
        staff: &StaffInfo,
        conversation: ConversationId,
    ) -> Result<StaffCase, CaseError> {
        let organisation = staff.organisation;
        let store = self.store();
        let summary = store
            .summary(organisation, conversation)
            .await?
            .ok_or(CaseRefusal::UnknownConversation)?;
        let lang = summary.written.unwrap_or(summary.lang);
        let messages = store.messages_after(organisation, conversation, 0).await?;
        let said: Vec<Said<'_>> = messages
            .iter()
            .map(|message| Said {
                by_parent: message.author == Author::Visitor,
                body: &message.body,
            })
            .collect();
        let [parent_heading, staff_heading] = case_words::headings(lang);
        let headings = Headings {
            parent: &parent_heading,
            staff: &staff_heading,
        };
        let source = case_text::compose(&said, headings);
        if !has_visible(&source) {
            return Err(CaseRefusal::NothingToPropose.into());
        }
        let mut draft = Draft::new(&source);
        let nickname: Vec<String> = summary.nickname.into_iter().collect();
        hide_in_draft(&mut draft, &nickname)?;
        let long = case_text::long_text(&draft.redacted_in(lang));
        let texts = CaseTexts {
            short: case_text::short_text(&long, headings, lang),
            long,
        };
        let new = NewCase {
            conversation,
            lang,
            source: &source,
            hidden: &encode_spans(draft.spans()),
            texts: &texts,
            proposed_by: staff.id,
        };
        let record = store
            .create_case(organisation, new, self.now_ms())
            .await?
            .ok_or(CaseRefusal::UnknownConversation)?;
        Ok(staff_view(record))
    }

    /// Changes a case's texts before the parent approved them: staff may
    /// rewrite and hide more ([`CaseEdit`]), never bring back what was
    /// hidden or add a phone number or email address. An edit returns the
    /// case to a draft (to be sent again) and clears its review.
    pub async fn edit_case(
        &self,
        staff: &StaffInfo,
        id: i64,
        edit: &CaseEdit,
    ) -> Result<StaffCase, CaseError> {
        let record = self.staff_record(staff.organisation, id).await?;
        match record.status {
            CaseStatus::Draft | CaseStatus::Sent => {}
            CaseStatus::Approved => return Err(CaseRefusal::WordingFixed.into()),
            CaseStatus::Declined | CaseStatus::Withdrawn => {
                return Err(CaseRefusal::Closed.into());
            }
        }
        let lang = record.lang;
        let mut draft = restore(&record)?;
        hide_in_draft(&mut draft, &edit.hide)?;
        let hidden = case_text::hidden_parts(&draft);
        let current = CaseTexts {
            short: case_text::hide_words(&record.texts.short, &edit.hide, lang),
            long: case_text::hide_words(&record.texts.long, &edit.hide, lang),
        };
        let edited = |given: &Option<String>, current: &str, max: usize| {
            let text = given
                .as_deref()
                .map_or_else(|| current.to_owned(), |text| normalise_body(text.trim()));
            let text = case_text::hide_words(&text, &edit.hide, lang);
            let text = case_text::check_edit(&text, current, &hidden, lang).map_err(|refusal| {
                match refusal {
                    EditRefusal::RevealsHidden => CaseRefusal::EditRevealsHidden,
                    EditRefusal::AddsContact => CaseRefusal::EditAddsContact,
                }
            })?;
            if !has_visible(&text) {
                return Err(CaseRefusal::EmptyText);
            }
            if text.chars().count() > max {
                return Err(CaseRefusal::TextTooLong);
            }
            Ok(text)
        };
        let texts = CaseTexts {
            short: edited(&edit.short, &current.short, max_short_chars(lang))?,
            long: edited(&edit.long, &current.long, MAX_LONG_CHARS)?,
        };
        let hidden = encode_spans(draft.spans());
        if texts == record.texts && hidden == record.hidden {
            return Ok(staff_view(record));
        }
        let hash = case_text::wording_hash(&texts);
        let change = CaseChange {
            status: CaseStatus::Draft,
            hidden: &hidden,
            texts: &texts,
            reviewed_by: None,
        };
        self.apply(staff, &record, change, CaseStep::Edited, Some(&hash))
            .await
    }

    /// Shows a draft to the parent (again, after an edit). Sending a case
    /// already shown changes nothing.
    pub async fn send_case(&self, staff: &StaffInfo, id: i64) -> Result<StaffCase, CaseError> {
        let record = self.staff_record(staff.organisation, id).await?;
        match record.status {
            CaseStatus::Draft => {}
            CaseStatus::Sent => return Ok(staff_view(record)),
            CaseStatus::Approved => return Err(CaseRefusal::AlreadyDecided.into()),
            CaseStatus::Declined | CaseStatus::Withdrawn => {
                return Err(CaseRefusal::Closed.into());
            }
        }
        let hash = case_text::wording_hash(&record.texts);
        let change = CaseChange {
            status: CaseStatus::Sent,
            hidden: &record.hidden,
            texts: &record.texts,
            reviewed_by: record.reviewed_by,
        };
        self.apply(staff, &record, change, CaseStep::SentToParent, Some(&hash))
            .await
    }

    /// Records a second staff member's review of the case's current
    /// wording; the proposer's own is refused.
    pub async fn review_case(&self, staff: &StaffInfo, id: i64) -> Result<StaffCase, CaseError> {
        let record = self.staff_record(staff.organisation, id).await?;
        if record.proposed_by == staff.id {
            return Err(CaseRefusal::OwnProposal.into());
        }
        if matches!(record.status, CaseStatus::Declined | CaseStatus::Withdrawn) {
            return Err(CaseRefusal::Closed.into());
        }
        let hash = case_text::wording_hash(&record.texts);
        let change = CaseChange {
            status: record.status,
            hidden: &record.hidden,
            texts: &record.texts,
            reviewed_by: Some(staff.id),
        };
        self.apply(staff, &record, change, CaseStep::Reviewed, Some(&hash))
            .await
    }

    /// The case's texts to post, once the parent approved them, a second
    /// staff member reviewed them and the parent has not withdrawn; the
    /// export is on the trail. Otherwise the reason it may not be.
    pub async fn export_case(&self, staff: &StaffInfo, id: i64) -> Result<CaseExport, CaseError> {
        let record = self.staff_record(staff.organisation, id).await?;
        let refusal = match (record.status, record.reviewed_by) {
            (CaseStatus::Approved, Some(_)) => None,
            (CaseStatus::Approved, None) => Some(CaseRefusal::NotReviewed),
            (CaseStatus::Draft, _) => Some(CaseRefusal::NotSent),
            (CaseStatus::Sent, _) => Some(CaseRefusal::NotApproved),
            (CaseStatus::Declined, _) => Some(CaseRefusal::Declined),
            (CaseStatus::Withdrawn, _) => Some(CaseRefusal::Withdrawn),
        };
        if let Some(refusal) = refusal {
            return Err(refusal.into());
        }
        // Through the versioned change: a withdrawal that lands first wins.
        let hash = case_text::wording_hash(&record.texts);
        let change = CaseChange {
            status: record.status,
            hidden: &record.hidden,
            texts: &record.texts,
            reviewed_by: record.reviewed_by,
        };
        let exported = self
            .apply(staff, &record, change, CaseStep::Exported, Some(&hash))
            .await?;
        Ok(CaseExport {
            id: exported.id,
            lang: exported.lang,
            texts: exported.texts,
        })
    }

    /// One case of the staff member's organisation.
    pub async fn staff_case(&self, staff: &StaffInfo, id: i64) -> Result<StaffCase, CaseError> {
        Ok(staff_view(self.staff_record(staff.organisation, id).await?))
    }

    /// The organisation's cases (of one conversation when given), newest
    /// first.
    pub async fn staff_cases(
        &self,
        staff: &StaffInfo,
        conversation: Option<ConversationId>,
    ) -> Result<Vec<StaffCase>, CaseError> {
        let records = self
            .store()
            .cases(staff.organisation, conversation, MAX_LISTED)
            .await?;
        Ok(records.into_iter().map(staff_view).collect())
    }

    /// A case's audit trail, oldest first.
    pub async fn case_trail(
        &self,
        staff: &StaffInfo,
        id: i64,
    ) -> Result<Vec<CaseEvent>, CaseError> {
        // An unknown case is refused, not answered with an empty trail.
        self.staff_record(staff.organisation, id).await?;
        let events = self.store().case_events(staff.organisation, id).await?;
        Ok(events
            .into_iter()
            .map(|event| {
                let (wording, wording_hash) = event.wording.unzip();
                CaseEvent {
                    step: event.step,
                    actor: match event.staff {
                        Some((id, name)) => CaseActor::Staff { id, name },
                        None => CaseActor::Parent,
                    },
                    at_ms: event.at_ms,
                    wording,
                    wording_hash,
                }
            })
            .collect())
    }

    async fn staff_record(
        &self,
        organisation: OrganisationId,
        id: i64,
    ) -> Result<CaseRecord, CaseError> {
        self.store()
            .case(organisation, id)
            .await?
            .ok_or(CaseError::Refused(CaseRefusal::UnknownCase))
    }

    /// Applies a staff step to the version of the case it was decided on.
    async fn apply(
        &self,
        staff: &StaffInfo,
        record: &CaseRecord,
        change: CaseChange<'_>,
        step: CaseStep,
        hash: Option<&str>,
    ) -> Result<StaffCase, CaseError> {
        let event = NewCaseEvent {
            step,
            staff: Some(staff.id),
            wording: hash.map(|hash| (change.texts, hash)),
        };
        let changed = self
            .store()
            .change_case(
                staff.organisation,
                record.id,
                record.version,
                change,
                event,
                self.now_ms(),
            )
            .await?
            .ok_or(CaseRefusal::WordingChanged)?;
        Ok(staff_view(changed))
    }
}

/// A case as staff see it.
fn staff_view(record: CaseRecord) -> StaffCase {
    StaffCase {
        id: record.id,
        conversation: record.conversation,
        lang: record.lang,
        status: record.status,
        wording_hash: case_text::wording_hash(&record.texts),
        texts: record.texts,
        proposed_by: record.proposed_by,
        reviewed_by: record.reviewed_by,
        created_at_ms: record.created_at_ms,
        exportable: record.status == CaseStatus::Approved && record.reviewed_by.is_some(),
    }
}
