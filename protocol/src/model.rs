//! Values carried inside frames: languages, ids, authors, messages and the
//! console's conversation summaries.

use serde::{Deserialize, Serialize};

/// A language the service speaks. Serialised as its BCP 47 tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    /// Japanese.
    #[serde(rename = "ja")]
    Ja,
    /// English, the fallback.
    #[default]
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every language, in the order the language switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 tag (`ja`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Reads a tag such as `ja`, `ja-JP` or `en-GB`; `None` for any other
    /// language, so callers choose their own fallback.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        // On bytes, without allocating: the widget reads this at start, and
        // every byte of its code is downloaded by a parent.
        let mut subtags = tag.as_bytes().split(|&byte| byte == b'-' || byte == b'_');
        let primary = subtags.next()?.trim_ascii();
        if primary.eq_ignore_ascii_case(b"ja") {
            Some(Lang::Ja)
        } else if primary.eq_ignore_ascii_case(b"en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// A conversation's id, as the console sees it. Visitors never use it: their
/// token alone names their conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConversationId(pub i64);

/// A message's place in its conversation: 1, 2, 3… assigned on commit.
pub type Seq = u64;

/// The id a client gives a message before sending it (a UUID in text form),
/// so that a retry is recognised as the same message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClientId(pub String);

impl ClientId {
    /// True when this looks like a UUID: 36 characters, hex digits and dashes
    /// at the usual places. The server refuses anything else.
    pub fn is_well_formed(&self) -> bool {
        let bytes = self.0.as_bytes();
        bytes.len() == 36
            && bytes.iter().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => *b == b'-',
                _ => b.is_ascii_hexdigit(),
            })
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Author {
    /// The parent.
    Visitor,
    /// A staff member, by display name (parents may ask for someone by name).
    Staff {
        /// The staff member's id.
        id: i64,
        /// The name shown to the parent and to colleagues.
        name: String,
    },
}

/// One stored message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Place in the conversation, from 1.
    pub seq: Seq,
    /// The sender's id for it, unique within the conversation.
    pub client_id: ClientId,
    /// Who wrote it.
    pub author: Author,
    /// The text, exactly as written (always rendered as text, never as HTML).
    pub body: String,
    /// When the server stored it, in milliseconds since the Unix epoch.
    pub sent_at_ms: i64,
}

/// A conversation as the console's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    /// Its id.
    pub id: ConversationId,
    /// The nickname the parent gave, if any.
    pub nickname: Option<String>,
    /// The language the parent's widget is in (follows the parent's switch);
    /// see `written` for the language they write in.
    pub lang: Lang,
    /// Parent messages that no staff member has read yet.
    pub unread: u32,
    /// The highest sequence in the conversation (0 when empty).
    pub last_seq: Seq,
    /// The parent has seen the conversation up to here: staff messages at or
    /// below it show as read.
    #[serde(default)]
    pub visitor_read_seq: Seq,
    /// The start of the last message, for the list.
    pub preview: String,
    /// When the last message was stored, in ms since the Unix epoch.
    pub updated_at_ms: i64,
    /// While the parent waits for a staff reply: when the first of their
    /// messages since the last staff message was stored (ms since the Unix
    /// epoch). `None` once staff replied, or before anyone wrote.
    #[serde(default)]
    pub waiting_since_ms: Option<i64>,
    /// The staff member the parent asked for, if any: they are told first.
    #[serde(default)]
    pub nominee: Option<i64>,
    /// The staff member who took the conversation, if any.
    #[serde(default)]
    pub assignee: Option<i64>,
    /// The language the parent writes in (from their latest message with
    /// letters: kana or kanji mean Japanese), apart from `lang`, the
    /// interface they chose; none until they wrote.
    #[serde(default)]
    pub written: Option<Lang>,
    /// When a staff member marked it resolved (ms since the Unix epoch);
    /// `None` while open. A new message from the parent reopens it.
    #[serde(default)]
    pub resolved_at_ms: Option<i64>,
    /// Staff's labels for it (such as 睡眠 or 要フォロー), in their order.
    #[serde(default)]
    pub labels: Vec<String>,
    /// While a message of the parent's with words that suggest danger has
    /// no staff reply: when the first such message since the last staff
    /// message was stored (ms since the Unix epoch). The console lists the
    /// conversation first and alerts until someone replies.
    #[serde(default)]
    pub danger_since_ms: Option<i64>,
}

/// A colleague as the console names them (assignees, note authors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    /// Their id.
    pub id: i64,
    /// Their display name.
    pub name: String,
}

/// An internal note on a conversation: written by staff for staff, never
/// sent to any parent connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The console's id for it (a UUID); retries reuse it.
    pub client_id: ClientId,
    /// Who wrote it.
    pub author: Colleague,
    /// The text, exactly as written (rendered as text).
    pub body: String,
    /// When the server stored it, ms since the Unix epoch.
    pub written_at_ms: i64,
}

/// The staff member behind a console session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInfo {
    /// Their id.
    pub id: i64,
    /// Their display name.
    pub name: String,
    /// Their login email.
    pub email: String,
    /// True for an organisation admin (edits the organisation's settings).
    #[serde(default)]
    pub admin: bool,
    /// The organisation they belong to.
    #[serde(default)]
    pub organisation: crate::OrganisationId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_read_their_primary_subtag() {
        assert_eq!(Lang::from_tag("ja-JP"), Some(Lang::Ja));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(""), None);
        assert_eq!(Lang::from_tag(" Ja "), Some(Lang::Ja));
        assert_eq!(Lang::from_tag("jav"), None);
        assert_eq!(Lang::from_tag("日本"), None);
    }

    #[test]
    fn client_ids_must_be_uuids() {
        let good = ClientId("0b6f6c1e-3f0a-4c49-9d55-1f1f0f0e2a3b".into());
        assert!(good.is_well_formed());
        assert!(!ClientId("0b6f6c1e3f0a4c499d551f1f0f0e2a3b".into()).is_well_formed());
        assert!(!ClientId("0b6f6c1e-3f0a-4c49-9d55-1f1f0f0e2a3あ".into()).is_well_formed());
    }
}
