//! The console's cases page's view of cases (issue 13): the organisation's
//! cases (or one conversation's), each with its audit trail and the
//! nickname of the parent it comes from, and whether the conversation asked
//! about may be proposed now. One call gathers all of it, so the page's
//! handler stays one service call; the page is written from it in
//! [`crate::http::case_page`].

use std::collections::HashMap;

use yorisoi_protocol::ConversationId;
use yorisoi_protocol::cases::{CaseEvent, CaseRefusal, CaseStatus, StaffCase};
use yorisoi_protocol::model::StaffInfo;

use super::CaseError;
use crate::service::Service;

/// A case with what its page shows around it.
#[derive(Debug, Clone)]
pub struct CaseEntry {
    /// The case.
    pub case: StaffCase,
    /// Its audit trail, oldest first.
    pub trail: Vec<CaseEvent>,
    /// The nickname of the parent of its conversation, if they gave one.
    pub nickname: Option<String>,
}

/// The conversation a page was asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedConversation {
    /// Its id (its number, as staff see it).
    pub id: ConversationId,
    /// The parent's nickname, if they gave one.
    pub nickname: Option<String>,
    /// True when it has no open case (none, or only declined or withdrawn
    /// ones), so proposing one now makes sense.
    pub may_propose: bool,
}

/// What the cases page shows.
#[derive(Debug, Clone)]
pub struct CaseBook {
    /// The cases, newest first.
    pub entries: Vec<CaseEntry>,
    /// The conversation asked about, when one was.
    pub asked: Option<AskedConversation>,
}

impl Service {
    /// The organisation's cases (of `conversation` when given), each with
    /// its trail and its parent's nickname. A conversation the staff
    /// member's organisation does not have is refused as unknown.
    pub async fn case_book(
        &self,
        staff: &StaffInfo,
        conversation: Option<ConversationId>,
    ) -> Result<CaseBook, CaseError> {
        let organisation = staff.organisation;
        let mut nicknames: HashMap<ConversationId, Option<String>> = HashMap::new();
        if let Some(id) = conversation {
            let summary = self
                .store()
                .summary(organisation, id)
                .await?
                .ok_or(CaseRefusal::UnknownConversation)?;
            nicknames.insert(id, summary.nickname);
        }
        let cases = self.staff_cases(staff, conversation).await?;
        let mut entries = Vec::with_capacity(cases.len());
        for case in cases {
            let nickname = match nicknames.get(&case.conversation) {
                Some(known) => known.clone(),
                None => {
                    let summary = self
                        .store()
                        .summary(organisation, case.conversation)
                        .await?;
                    let nickname = summary.and_then(|summary| summary.nickname);
                    nicknames.insert(case.conversation, nickname.clone());
                    nickname
                }
            };
            let trail = self.case_trail(staff, case.id).await?;
            entries.push(CaseEntry {
                case,
                trail,
                nickname,
            });
        }
        let asked = conversation.map(|id| AskedConversation {
            id,
            nickname: nicknames.get(&id).cloned().flatten(),
            may_propose: entries.iter().all(|entry| is_closed(entry.case.status)),
        });
        Ok(CaseBook { entries, asked })
    }
}

/// True for a case that can never go further (declined or withdrawn).
pub fn is_closed(status: CaseStatus) -> bool {
    matches!(status, CaseStatus::Declined | CaseStatus::Withdrawn)
}
