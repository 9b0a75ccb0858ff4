//! Cases shared with the parent's consent (issue 13): the JSON bodies of
//! the console's `/api/console/cases…` and the widget's `/api/widget/cases…`
//! endpoints, the limits of a case's two texts, and the reasons a step is
//! refused. Only the server and the server-rendered panels use these: no
//! frame of the widget or console socket carries them.
//!
//! A case's life: staff propose it from a conversation (a redacted draft),
//! may edit it (hiding more, never less), send it to the parent, who
//! approves or declines the exact wording shown (and may withdraw an
//! approval later); a second staff member reviews it; it is exported only
//! when approved, reviewed and not withdrawn. Every step is an event of the
//! case's audit trail.

use serde::{Deserialize, Serialize};

use crate::{ConversationId, ErrorCode, Lang};

/// The console's cases: `GET` lists (`?conversation=<id>` for one
/// conversation's), `POST` proposes ([`ProposeCase`]). One case is
/// `GET {CONSOLE_CASES}/{id}`; its steps are `POST …/{id}/edit`
/// ([`CaseEdit`]), `…/send`, `…/review`, `…/export` ([`CaseExport`]), and
/// `GET …/{id}/trail` ([`CaseEvent`]s).
pub const CONSOLE_CASES: &str = "/api/console/cases";
/// The parent's cases: `POST` with a [`ParentAsk`] lists the cases sent to
/// them ([`ParentCase`]s); `POST {WIDGET_CASES}/{id}/decision` with a
/// [`ParentDecision`] records their answer. `POST` both: the token travels
/// in the body, never in a URL.
pub const WIDGET_CASES: &str = "/api/widget/cases";

/// The short text of a Japanese case, in characters: a post on X counts a
/// CJK character twice against 280, so 140 fit, and the other networks
/// parents read (Threads 500, Instagram captions) take them whole.
pub const MAX_SHORT_CHARS_JA: usize = 140;
/// The short text of an English case, in characters: X's 280.
pub const MAX_SHORT_CHARS_EN: usize = 280;
/// The long text, in characters: a blog post or a newsletter piece, long
/// enough for a consultation of a few dozen messages.
pub const MAX_LONG_CHARS: usize = 4_000;

/// The most characters the short text of a case in `lang` may have.
pub fn max_short_chars(lang: Lang) -> usize {
    match lang {
        Lang::Ja => MAX_SHORT_CHARS_JA,
        Lang::En => MAX_SHORT_CHARS_EN,
    }
}

/// Where a case stands with the parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Proposed (and perhaps edited); the parent has not seen it.
    Draft,
    /// Shown to the parent, who has not answered.
    Sent,
    /// The parent approved the wording now shown. Its words are fixed.
    Approved,
    /// The parent declined. Final.
    Declined,
    /// The parent withdrew an approval. Final: never exported again.
    Withdrawn,
}

/// A case's two texts, redacted, in the case's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseTexts {
    /// Sized for a social-media post (see [`max_short_chars`]).
    pub short: String,
    /// The consultation, labelled question by answer.
    pub long: String,
}

/// A case as staff of its organisation see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCase {
    /// Its id.
    pub id: i64,
    /// The conversation it comes from.
    pub conversation: ConversationId,
    /// The language of its texts (the one the parent writes in).
    pub lang: Lang,
    /// Where it stands with the parent.
    pub status: CaseStatus,
    /// The texts (what the parent sees once sent).
    pub texts: CaseTexts,
    /// The digest of the texts, as a parent's decision records it.
    pub wording_hash: String,
    /// Who proposed it.
    pub proposed_by: i64,
    /// The second staff member who reviewed the current wording, if any.
    pub reviewed_by: Option<i64>,
    /// When it was proposed (ms since the Unix epoch).
    pub created_at_ms: i64,
    /// True when it may be exported now.
    pub exportable: bool,
}

/// `POST CONSOLE_CASES`: propose a case from a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposeCase {
    /// The conversation.
    pub conversation: ConversationId,
}

/// `POST …/{id}/edit`: staff's changes to a draft. Texts are given
/// redacted (placeholders as shown); the server refuses one that brings
/// back anything hidden or adds a phone number or email address, and
/// hides anything else it detects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEdit {
    /// A new short text, if changed.
    #[serde(default)]
    pub short: Option<String>,
    /// A new long text, if changed.
    #[serde(default)]
    pub long: Option<String>,
    /// Words to hide wherever they occur (a nickname the detection missed),
    /// each shown as the name placeholder.
    #[serde(default)]
    pub hide: Vec<String>,
}

/// `POST …/{id}/export`: the texts to post, in the case's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseExport {
    /// The case.
    pub id: i64,
    /// The texts' language.
    pub lang: Lang,
    /// The texts, as the parent approved them.
    pub texts: CaseTexts,
}

/// A step of a case's audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStep {
    Proposed,
    Edited,
    SentToParent,
    Approved,
    Declined,
    Withdrawn,
    Reviewed,
    Exported,
}

impl CaseStep {
    /// Every step, in the order a case takes them.
    pub const ALL: [CaseStep; 8] = [
        CaseStep::Proposed,
        CaseStep::Edited,
        CaseStep::SentToParent,
        CaseStep::Approved,
        CaseStep::Declined,
        CaseStep::Withdrawn,
        CaseStep::Reviewed,
        CaseStep::Exported,
    ];

    /// The Fluent id naming this step on a trail (`locales/server/*/cases.ftl`).
    pub fn fluent_id(self) -> &'static str {
        match self {
            CaseStep::Proposed => "case-step-proposed",
            CaseStep::Edited => "case-step-edited",
            CaseStep::SentToParent => "case-step-sent-to-parent",
            CaseStep::Approved => "case-step-approved",
            CaseStep::Declined => "case-step-declined",
            CaseStep::Withdrawn => "case-step-withdrawn",
            CaseStep::Reviewed => "case-step-reviewed",
            CaseStep::Exported => "case-step-exported",
        }
    }
}

/// Who took a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseActor {
    /// The parent of the conversation.
    Parent,
    /// A staff member (their name as it is now, if they still exist).
    Staff { id: i64, name: Option<String> },
}

/// One entry of the audit trail (`GET …/{id}/trail`, oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    /// What happened.
    pub step: CaseStep,
    /// Who.
    pub actor: CaseActor,
    /// When, on the server's clock (ms since the Unix epoch).
    pub at_ms: i64,
    /// The wording the step was about (sent, approved, declined, reviewed,
    /// exported), exactly.
    pub wording: Option<CaseTexts>,
    /// Its digest ([`StaffCase::wording_hash`]).
    pub wording_hash: Option<String>,
}

/// The widget's request for the parent's cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentAsk {
    /// The visitor token.
    pub token: String,
    /// The embedding site (as in the widget's `Hello`); none on the
    /// server's own pages.
    #[serde(default)]
    pub site: Option<String>,
}

/// A case as its parent sees it: the exact texts, in the case's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentCase {
    /// Its id.
    pub id: i64,
    /// The texts' language.
    pub lang: Lang,
    /// Where it stands.
    pub status: CaseStatus,
    /// The texts shown.
    pub texts: CaseTexts,
    /// Their digest, sent back with the decision: an answer to words that
    /// changed meanwhile is refused.
    pub wording_hash: String,
}

/// The parent's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Decline,
    /// Withdraws an approval.
    Withdraw,
}

/// `POST WIDGET_CASES/{id}/decision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentDecision {
    /// The visitor token.
    pub token: String,
    /// The embedding site, as in [`ParentAsk`].
    #[serde(default)]
    pub site: Option<String>,
    /// The answer.
    pub decision: Decision,
    /// The [`ParentCase::wording_hash`] of the words shown.
    pub wording_hash: String,
}

/// Why a step of a case was refused (the `reason` of a [`CaseErrorBody`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseRefusal {
    /// No such case for this caller (another organisation's, another
    /// parent's, or a draft the parent has not been sent).
    UnknownCase,
    /// No such conversation in the organisation.
    UnknownConversation,
    /// The conversation has nothing to draft a case from.
    NothingToPropose,
    /// An edit brings back something the redaction hid.
    EditRevealsHidden,
    /// An edit adds a phone number or an email address.
    EditAddsContact,
    /// A text is empty.
    EmptyText,
    /// A text is longer than its limit.
    TextTooLong,
    /// The parent approved these exact words: they cannot change.
    WordingFixed,
    /// The parent declined or withdrew: the case is closed.
    Closed,
    /// The parent has not been sent the case.
    NotSent,
    /// The parent has already answered.
    AlreadyDecided,
    /// The words changed since they were shown: show them again.
    WordingChanged,
    /// Only an approval can be withdrawn.
    NotApproved,
    /// A case is reviewed by someone other than who proposed it.
    OwnProposal,
    /// Export needs a second staff member's review.
    NotReviewed,
    /// Export needs the parent's approval, and the parent declined.
    Declined,
    /// Export needs the parent's approval, and it was withdrawn.
    Withdrawn,
}

impl CaseRefusal {
    /// Every reason.
    pub const ALL: [CaseRefusal; 17] = [
        CaseRefusal::UnknownCase,
        CaseRefusal::UnknownConversation,
        CaseRefusal::NothingToPropose,
        CaseRefusal::EditRevealsHidden,
        CaseRefusal::EditAddsContact,
        CaseRefusal::EmptyText,
        CaseRefusal::TextTooLong,
        CaseRefusal::WordingFixed,
        CaseRefusal::Closed,
        CaseRefusal::NotSent,
        CaseRefusal::AlreadyDecided,
        CaseRefusal::WordingChanged,
        CaseRefusal::NotApproved,
        CaseRefusal::OwnProposal,
        CaseRefusal::NotReviewed,
        CaseRefusal::Declined,
        CaseRefusal::Withdrawn,
    ];

    /// The Fluent id explaining this reason (`locales/server/*/cases.ftl`):
    /// `case-refusal-` and the reason as sent.
    pub fn fluent_id(self) -> &'static str {
        match self {
            CaseRefusal::UnknownCase => "case-refusal-unknown-case",
            CaseRefusal::UnknownConversation => "case-refusal-unknown-conversation",
            CaseRefusal::NothingToPropose => "case-refusal-nothing-to-propose",
            CaseRefusal::EditRevealsHidden => "case-refusal-edit-reveals-hidden",
            CaseRefusal::EditAddsContact => "case-refusal-edit-adds-contact",
            CaseRefusal::EmptyText => "case-refusal-empty-text",
            CaseRefusal::TextTooLong => "case-refusal-text-too-long",
            CaseRefusal::WordingFixed => "case-refusal-wording-fixed",
            CaseRefusal::Closed => "case-refusal-closed",
            CaseRefusal::NotSent => "case-refusal-not-sent",
            CaseRefusal::AlreadyDecided => "case-refusal-already-decided",
            CaseRefusal::WordingChanged => "case-refusal-wording-changed",
            CaseRefusal::NotApproved => "case-refusal-not-approved",
            CaseRefusal::OwnProposal => "case-refusal-own-proposal",
            CaseRefusal::NotReviewed => "case-refusal-not-reviewed",
            CaseRefusal::Declined => "case-refusal-declined",
            CaseRefusal::Withdrawn => "case-refusal-withdrawn",
        }
    }
}

/// The body of a refused case step: the general code, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseErrorBody {
    /// The general code ([`crate::http::ErrorBody`]'s).
    pub error: ErrorCode,
    /// Why, for the case's screens.
    pub reason: CaseRefusal,
}
