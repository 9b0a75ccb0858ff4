//! Frames of the staff socket, `GET /api/console/ws`. The upgrade request must
//! carry a valid staff session cookie; otherwise it is refused with 401.

use serde::{Deserialize, Serialize};

use crate::model::{Colleague, ConversationSummary, Note, StaffInfo};
use crate::team::Presence;
use crate::{ClientId, ConversationId, ErrorCode, Message, Seq};

/// A frame from the console to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientFrame {
    /// Asks for a conversation's messages after `last_seq`; the server answers
    /// with `History` and from then on the console is told of new messages.
    Open {
        /// Which conversation.
        conversation: ConversationId,
        /// The highest sequence the console already holds for it (0 for none).
        last_seq: Seq,
    },
    /// A staff reply.
    Send {
        /// Which conversation.
        conversation: ConversationId,
        /// The console's id for this message (a UUID); retries reuse it.
        client_id: ClientId,
        /// The text.
        body: String,
    },
    /// The staff member has seen the conversation up to `seq`.
    MarkRead {
        /// Which conversation.
        conversation: ConversationId,
        /// The highest sequence seen.
        seq: Seq,
    },
    /// Asks for the next page of conversations, older than the last one the
    /// console holds from `Welcome` or an earlier `Conversations`; answered
    /// by `Conversations`.
    MoreConversations {
        /// Continue after this conversation in the list's order.
        after: PageCursor,
    },
    /// The staff member is typing a reply: sent at most every few seconds
    /// while they type. The parent sees it for a few seconds.
    Typing {
        /// Which conversation.
        conversation: ConversationId,
    },
    /// The staff member says whether they are answering now; parents see it
    /// in when a reply can be expected.
    SetPresence {
        /// Online, away or offline.
        presence: Presence,
    },
    /// Keeps the connection alive; answered by `Pong`.
    Ping,
    /// Gives the conversation to a staff member of the organisation (the
    /// sender: "take" or "take over"), or to nobody ("hand back"). Every
    /// console sees the new summary.
    Assign {
        /// Which conversation.
        conversation: ConversationId,
        /// The staff member, or none.
        staff: Option<i64>,
    },
    /// Marks the conversation resolved, or open again.
    Resolve {
        /// Which conversation.
        conversation: ConversationId,
        /// True to resolve, false to reopen.
        resolved: bool,
    },
    /// An internal note on the conversation, for colleagues only; answered
    /// by `Note` to every console of the organisation.
    AddNote {
        /// Which conversation.
        conversation: ConversationId,
        /// The console's id for it (a UUID); retries reuse it.
        client_id: ClientId,
        /// The text.
        body: String,
    },
    /// Sets the conversation's labels (cleaned as
    /// [`clean_labels`](crate::limits::clean_labels) says); every console
    /// sees the new summary.
    Label {
        /// Which conversation.
        conversation: ConversationId,
        /// All its labels, replacing the old ones.
        labels: Vec<String>,
    },
    /// Sends the emergency notice into the conversation as a message of
    /// the staff member's, written by the server in the parent's language
    /// (the numbers to call, and the organisation's own lines), and opens
    /// the notice on the parent's widgets. Every console, this one too,
    /// gets the message as it gets a colleague's; a refusal is an `Error`
    /// with `client_id`.
    SendHelp {
        /// Which conversation.
        conversation: ConversationId,
        /// The console's id for the message (a UUID); a retry reuses it.
        client_id: ClientId,
    },
    /// Searches the organisation's conversations (message text, note,
    /// label, nickname, number such as `12` or `#12`); answered by `Found`.
    Search {
        /// What to look for.
        query: String,
    },
}

/// A place in the list of conversations, which is ordered most recently
/// updated first (ties: higher id first): the last summary of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageCursor {
    /// Its `updated_at_ms`, as the page gave it.
    pub updated_at_ms: i64,
    /// Its id.
    pub id: ConversationId,
}

impl PageCursor {
    /// The cursor after this summary.
    pub fn after(summary: &ConversationSummary) -> PageCursor {
        PageCursor {
            updated_at_ms: summary.updated_at_ms,
            id: summary.id,
        }
    }
}

/// A frame from the server to the console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServerFrame {
    /// First frame: who is logged in and the first page of conversations.
    Welcome {
        /// The logged-in staff member.
        staff: StaffInfo,
        /// The [`CONVERSATION_PAGE`](crate::limits::CONVERSATION_PAGE) most
        /// recently updated conversations, newest first.
        conversations: Vec<ConversationSummary>,
        /// True when older conversations exist: ask with `MoreConversations`
        /// after the last of `conversations`.
        #[serde(default)]
        more: bool,
        /// Their presence as last set.
        #[serde(default)]
        presence: Presence,
        /// Everyone on the organisation's staff (for assignees' names).
        #[serde(default)]
        colleagues: Vec<Colleague>,
    },
    /// Answer to `MoreConversations`: the next page, in the list's order.
    Conversations {
        /// At most [`CONVERSATION_PAGE`](crate::limits::CONVERSATION_PAGE)
        /// conversations, older than the cursor asked after.
        conversations: Vec<ConversationSummary>,
        /// True when still older ones exist.
        more: bool,
    },
    /// A conversation is new or changed (new message, read, language).
    Conversation(ConversationSummary),
    /// Answer to `Open`: the messages after the given `last_seq`, in order.
    History {
        /// Which conversation.
        conversation: ConversationId,
        /// The messages.
        messages: Vec<Message>,
    },
    /// A new message in any conversation.
    Message {
        /// Which conversation.
        conversation: ConversationId,
        /// The message.
        message: Message,
    },
    /// A reply from this console was committed.
    Ack {
        /// Which conversation.
        conversation: ConversationId,
        /// The console's id for the message.
        client_id: ClientId,
        /// Its sequence number.
        seq: Seq,
        /// When it was stored, ms since the Unix epoch.
        sent_at_ms: i64,
    },
    /// Something was refused; `client_id` names the message if one was.
    Error {
        /// Why.
        code: ErrorCode,
        /// The message the error is about, if any.
        client_id: Option<ClientId>,
    },
    /// The parent of a conversation is typing (shown for a few seconds).
    Typing {
        /// Which conversation.
        conversation: ConversationId,
    },
    /// Answer to `Ping`.
    Pong,
    /// An internal note: each of a conversation's notes, oldest first,
    /// right after the `History` that answers an `Open` from `last_seq` 0,
    /// then every new one (to every console of the organisation).
    Note {
        /// Which conversation.
        conversation: ConversationId,
        /// The note.
        note: Note,
    },
    /// Answer to `Search`.
    Found {
        /// The query, as sent (a console keeps only the latest answer).
        query: String,
        /// At most [`SEARCH_RESULTS`](crate::limits::SEARCH_RESULTS)
        /// matching conversations, most recently updated first.
        conversations: Vec<ConversationSummary>,
    },
    /// Parents have waited longer than `hours` for a staff reply and this
    /// staff member is alerted (they are not in quiet hours; the one
    /// holding a conversation is alerted only when nobody else can be).
    /// Sent once when each wait crosses the threshold.
    Overdue {
        /// The threshold crossed, in hours.
        hours: u32,
        /// The conversations, longest waiting first.
        conversations: Vec<ConversationSummary>,
    },
    /// Whether the staff member is in their quiet hours: after `Welcome`,
    /// then whenever it changes (checked at each heartbeat). While quiet,
    /// the console makes no sound and no notification.
    Quiet {
        /// In quiet hours now.
        quiet: bool,
    },
}
