//! Cases shared with consent, the parent's side: the cases sent to the
//! parent holding a visitor token (never a draft, never another
//! conversation's), and their answer: approve or decline the exact wording
//! they were shown (a digest of it comes back with the answer, so words
//! changed meanwhile are never approved unseen), or withdraw an approval.
//! The answer is recorded with that wording, its digest and the server's
//! time. Another parent's token, or one of another organisation, finds no
//! case: the same answer as a case that does not exist.

use yorisoi_protocol::cases::{
    CaseRefusal, CaseStatus, CaseStep, Decision, ParentAsk, ParentCase, ParentDecision,
};
use yorisoi_protocol::limits::is_well_formed_token;
use yorisoi_protocol::{ConversationId, ErrorCode, OrganisationId};

use super::CaseError;
use crate::case_text;
use crate::error::ServiceError;
use crate::secrets::digest;
use crate::service::Service;
use crate::store::cases::{CaseChange, CaseRecord, NewCaseEvent};

/// The most cases a parent is shown (a conversation rarely has two).
const MAX_SHOWN: usize = 50;

impl Service {
    /// The cases sent to the parent holding `ask.token` on `ask.site`
    /// (`own`: the server's own origin), newest first, in each case's
    /// language.
    pub async fn parent_cases(
        &self,
        ask: &ParentAsk,
        own: Option<&str>,
    ) -> Result<Vec<ParentCase>, CaseError> {
        let Some((organisation, conversation)) = self
            .parents_conversation(&ask.token, ask.site.as_deref(), own)
            .await?
        else {
            return Ok(Vec::new());
        };
        let records = self
            .store()
            .cases(organisation, Some(conversation), MAX_SHOWN)
            .await?;
        Ok(records
            .into_iter()
            .filter(|record| record.status != CaseStatus::Draft)
            .map(parent_view)
            .collect())
    }

    /// Records the parent's answer to case `id`: approve or decline the
    /// wording whose digest they send (only while it is the case's), or
    /// withdraw an approval. Repeating an answer changes nothing.
    pub async fn parent_decides(
        &self,
        id: i64,
        answer: &ParentDecision,
        own: Option<&str>,
    ) -> Result<ParentCase, CaseError> {
        let found = self
            .parents_conversation(&answer.token, answer.site.as_deref(), own)
            .await?;
        let Some((organisation, conversation)) = found else {
            return Err(CaseRefusal::UnknownCase.into());
        };
        let record = self
            .store()
            .case(organisation, id)
            .await?
            .filter(|record| record.conversation == conversation)
            .filter(|record| record.status != CaseStatus::Draft)
            .ok_or(CaseRefusal::UnknownCase)?;
        let (status, step) = match (answer.decision, record.status) {
            (Decision::Approve, CaseStatus::Approved)
            | (Decision::Decline, CaseStatus::Declined)
            | (Decision::Withdraw, CaseStatus::Withdrawn) => return Ok(parent_view(record)),
            (Decision::Approve, CaseStatus::Sent) => (CaseStatus::Approved, CaseStep::Approved),
            (Decision::Decline, CaseStatus::Sent) => (CaseStatus::Declined, CaseStep::Declined),
            (Decision::Withdraw, CaseStatus::Approved) => {
                (CaseStatus::Withdrawn, CaseStep::Withdrawn)
            }
            (Decision::Withdraw, CaseStatus::Sent) => {
                return Err(CaseRefusal::NotApproved.into());
            }
            (_, CaseStatus::Declined | CaseStatus::Withdrawn) => {
                return Err(CaseRefusal::Closed.into());
            }
            (_, _) => return Err(CaseRefusal::AlreadyDecided.into()),
        };
        let hash = case_text::wording_hash(&record.texts);
        if hash != answer.wording_hash {
            return Err(CaseRefusal::WordingChanged.into());
        }
        self.record_answer(organisation, &record, status, step, &hash)
            .await
    }

    async fn record_answer(
        &self,
        organisation: OrganisationId,
        record: &CaseRecord,
        status: CaseStatus,
        step: CaseStep,
        hash: &str,
    ) -> Result<ParentCase, CaseError> {
        let change = CaseChange {
            status,
            hidden: &record.hidden,
            texts: &record.texts,
            reviewed_by: record.reviewed_by,
        };
        let event = NewCaseEvent {
            step,
            staff: None,
            wording: Some((&record.texts, hash)),
        };
        let changed = self
            .store()
            .change_case(
                organisation,
                record.id,
                record.version,
                change,
                event,
                self.now_ms(),
            )
            .await?
            .ok_or(CaseRefusal::WordingChanged)?;
        Ok(parent_view(changed))
    }

    /// The organisation of `site` and the conversation `token` names there,
    /// if any.
    async fn parents_conversation(
        &self,
        token: &str,
        site: Option<&str>,
        own: Option<&str>,
    ) -> Result<Option<(OrganisationId, ConversationId)>, CaseError> {
        if !is_well_formed_token(token) {
            return Err(ServiceError::refused(ErrorCode::BadToken).into());
        }
        let Some(organisation) = self.organisation_id_for_site(site, own).await? else {
            return Err(ServiceError::refused(ErrorCode::ForeignOrigin).into());
        };
        let found = self
            .store()
            .conversation_by_token(organisation, &digest(token))
            .await?;
        Ok(found.map(|conversation| (organisation, conversation.id)))
    }
}

/// A case as its parent sees it.
fn parent_view(record: CaseRecord) -> ParentCase {
    ParentCase {
        id: record.id,
        lang: record.lang,
        status: record.status,
        wording_hash: case_text::wording_hash(&record.texts),
        texts: record.texts,
    }
}
