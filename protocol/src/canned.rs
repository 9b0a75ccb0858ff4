//! Canned replies (定型文): the organisation's list of ready answers, each a
//! title and its text in Japanese and English. Staff insert one into the
//! reply box in the conversation's language and edit it before sending, so
//! nothing here ever reaches a parent by itself. This module owns the
//! shapes (`GET /api/staff/canned` answers a `Vec<CannedReply>`), the rules
//! both sides check ([`CannedDraft::check`]) and which text a conversation
//! gets ([`CannedReply::text`]).

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::limits::MAX_MESSAGE_CHARS;

/// Longest title, in characters: a few words to find it by.
pub const MAX_CANNED_TITLE_CHARS: usize = 60;
/// Longest text, in characters (each language): one message.
pub const MAX_CANNED_TEXT_CHARS: usize = MAX_MESSAGE_CHARS;
/// Most canned replies an organisation keeps: more would not be read.
pub const MAX_CANNED_REPLIES: usize = 200;

/// A canned reply as the organisation keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedReply {
    /// Its id within the server.
    pub id: i64,
    /// What staff find it by (in whichever language they like).
    pub title: String,
    /// The text for a parent who writes Japanese.
    pub ja: String,
    /// The text for a parent who writes English.
    pub en: String,
}

/// A canned reply as staff write it: what `POST /api/staff/canned` (a new
/// one) and `POST /api/staff/canned/{id}` (a change) carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedDraft {
    /// See [`CannedReply::title`].
    pub title: String,
    /// See [`CannedReply::ja`].
    pub ja: String,
    /// See [`CannedReply::en`].
    pub en: String,
}

/// Which rule a draft breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CannedProblem {
    /// The title is empty, longer than [`MAX_CANNED_TITLE_CHARS`] or holds
    /// a line break.
    Title,
    /// Both texts are empty, or one is longer than [`MAX_CANNED_TEXT_CHARS`].
    Text,
}

impl CannedDraft {
    /// The same draft trimmed, as it is stored.
    pub fn normalised(&self) -> CannedDraft {
        CannedDraft {
            title: self.title.trim().to_owned(),
            ja: self.ja.trim().to_owned(),
            en: self.en.trim().to_owned(),
        }
    }

    /// Checks every rule on the normalised draft; the first one broken.
    pub fn check(&self) -> Result<(), CannedProblem> {
        let draft = self.normalised();
        let title = draft.title.chars().count();
        if title == 0 || title > MAX_CANNED_TITLE_CHARS || draft.title.chars().any(char::is_control)
        {
            return Err(CannedProblem::Title);
        }
        let long = |text: &str| text.chars().count() > MAX_CANNED_TEXT_CHARS;
        if (draft.ja.is_empty() && draft.en.is_empty()) || long(&draft.ja) || long(&draft.en) {
            return Err(CannedProblem::Text);
        }
        Ok(())
    }
}

impl CannedReply {
    /// The text for a conversation in `lang`, or the other language's when
    /// this one was left empty (better a reply to translate than none).
    pub fn text(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Ja => (&self.ja, &self.en),
            Lang::En => (&self.en, &self.ja),
        };
        if first.is_empty() { second } else { first }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str, ja: &str, en: &str) -> CannedDraft {
        CannedDraft {
            title: title.into(),
            ja: ja.into(),
            en: en.into(),
        }
    }

    #[test]
    fn a_draft_needs_a_one_line_title_and_some_text() {
        assert_eq!(
            draft(" 夜泣き ", "ご相談ありがとうございます。", "").check(),
            Ok(())
        );
        assert_eq!(
            draft(" \u{3000}", "はい", "Yes").check(),
            Err(CannedProblem::Title)
        );
        assert_eq!(
            draft("a\nb", "はい", "Yes").check(),
            Err(CannedProblem::Title)
        );
        let long_title = "題".repeat(MAX_CANNED_TITLE_CHARS + 1);
        assert_eq!(
            draft(&long_title, "はい", "").check(),
            Err(CannedProblem::Title)
        );
        assert_eq!(draft("Thanks", "  ", " ").check(), Err(CannedProblem::Text));
        let long_text = "あ".repeat(MAX_CANNED_TEXT_CHARS + 1);
        assert_eq!(
            draft("Thanks", "", &long_text).check(),
            Err(CannedProblem::Text)
        );
    }

    #[test]
    fn the_conversation_gets_its_own_language_or_the_other_rather_than_nothing() {
        let reply = CannedReply {
            id: 1,
            title: "Thanks".into(),
            ja: "ありがとうございます。".into(),
            en: String::new(),
        };
        assert_eq!(reply.text(Lang::Ja), "ありがとうございます。");
        assert_eq!(reply.text(Lang::En), "ありがとうございます。");
        let both = CannedReply {
            en: "Thank you.".into(),
            ..reply
        };
        assert_eq!(both.text(Lang::En), "Thank you.");
    }
}
