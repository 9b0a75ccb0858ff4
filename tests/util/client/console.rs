//! The staff side of the reference client: after `Welcome` it pages in the
//! whole list and opens every conversation (each with its own last
//! contiguous sequence), re-opens all
//! it holds on every connection, opens conversations it learns of later,
//! and keeps an outbox of replies like the widget.

use std::collections::{BTreeMap, BTreeSet};

use yorisoi_protocol::console::{ClientFrame, PageCursor, ServerFrame};
use yorisoi_protocol::model::{ConversationSummary, StaffInfo};
use yorisoi_protocol::{Author, ClientId, ConversationId, ErrorCode, Message, Seq};

use super::{Client, Flavour, History, Reaction};
use crate::new_client_id;

/// A reply not yet acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Which conversation.
    pub conversation: ConversationId,
    /// Its id, kept across retries.
    pub client_id: ClientId,
    /// Its text.
    pub body: String,
}

/// The console's protocol state.
#[derive(Debug, Clone, Default)]
pub struct Console {
    /// Who is logged in (from `Welcome`).
    pub staff: Option<StaffInfo>,
    /// Every conversation this console holds messages of.
    pub conversations: BTreeMap<ConversationId, History>,
    /// The latest summary of each conversation.
    pub summaries: BTreeMap<ConversationId, ConversationSummary>,
    /// Opened on this connection, `History` not yet received.
    opening: BTreeSet<ConversationId>,
    /// Opened on this connection, `History` received: live messages count.
    opened: BTreeSet<ConversationId>,
    /// Replies written but not acknowledged yet, oldest first.
    pub outbox: Vec<Reply>,
    /// Replies the server refused, with why.
    pub failed: Vec<(Reply, ErrorCode)>,
    /// Every `Ack` received: conversation, client id and sequence.
    pub acked: Vec<(ConversationId, ClientId, Seq)>,
    /// Errors not about a message.
    pub errors: Vec<ErrorCode>,
}

/// A console client.
pub type ConsoleClient = Client<Console>;

impl Console {
    /// True when welcomed, every known conversation is open and nothing
    /// waits in the outbox.
    pub fn is_settled(&self) -> bool {
        self.staff.is_some()
            && self.opening.is_empty()
            && self.outbox.is_empty()
            && self.summaries.keys().all(|id| self.opened.contains(id))
    }

    /// The conversations known, in id order.
    pub fn conversation_ids(&self) -> Vec<ConversationId> {
        self.summaries.keys().copied().collect()
    }

    fn open(&mut self, conversation: ConversationId) -> ClientFrame {
        self.opening.insert(conversation);
        ClientFrame::Open {
            conversation,
            last_seq: self
                .conversations
                .get(&conversation)
                .map_or(0, History::contiguous),
        }
    }

    /// Opens every conversation of a page of the list, and asks for the
    /// next page while there is one.
    fn page_in(&mut self, page: Vec<ConversationSummary>, more: bool) -> Vec<ClientFrame> {
        let mut frames = Vec::new();
        let after = page.last().map(PageCursor::after);
        for summary in page {
            frames.extend(self.open_if_new(summary.id));
            self.summaries.insert(summary.id, summary);
        }
        if let Some(after) = after.filter(|_| more) {
            frames.push(ClientFrame::MoreConversations { after });
        }
        frames
    }

    fn open_if_new(&mut self, conversation: ConversationId) -> Vec<ClientFrame> {
        if self.opened.contains(&conversation) || self.opening.contains(&conversation) {
            Vec::new()
        } else {
            vec![self.open(conversation)]
        }
    }

    fn send_frame(reply: &Reply) -> ClientFrame {
        ClientFrame::Send {
            conversation: reply.conversation,
            client_id: reply.client_id.clone(),
            body: reply.body.clone(),
        }
    }

    fn acknowledge(
        &mut self,
        conversation: ConversationId,
        client_id: ClientId,
        seq: Seq,
        at: i64,
    ) {
        if !self.acked.iter().any(|(_, id, _)| *id == client_id) {
            self.acked.push((conversation, client_id.clone(), seq));
        }
        let Some(index) = self.outbox.iter().position(|r| r.client_id == client_id) else {
            return;
        };
        let sent = self.outbox.remove(index);
        let Some(staff) = &self.staff else {
            return;
        };
        let author = Author::Staff {
            id: staff.id,
            name: staff.name.clone(),
        };
        self.conversations
            .entry(conversation)
            .or_default()
            .insert(Message {
                seq,
                client_id,
                author,
                body: sent.body,
                sent_at_ms: at,
            });
    }
}

impl Flavour for Console {
    type Out = ClientFrame;
    type In = ServerFrame;

    fn on_connect(&mut self) -> Vec<ClientFrame> {
        self.opening.clear();
        self.opened.clear();
        // Re-open what we hold before `Welcome` even arrives; the rest is
        // opened from the `Welcome` list.
        let held: Vec<ConversationId> = self.conversations.keys().copied().collect();
        let mut frames: Vec<ClientFrame> = held.into_iter().map(|id| self.open(id)).collect();
        frames.extend(self.outbox.iter().map(Console::send_frame));
        frames
    }

    fn on_frame(&mut self, frame: ServerFrame) -> Reaction<ClientFrame> {
        let frames = match frame {
            ServerFrame::Welcome {
                staff,
                conversations,
                more,
                ..
            } => {
                self.staff = Some(staff);
                self.page_in(conversations, more)
            }
            ServerFrame::Conversations {
                conversations,
                more,
            } => self.page_in(conversations, more),
            ServerFrame::Conversation(summary) => {
                let frames = self.open_if_new(summary.id);
                self.summaries.insert(summary.id, summary);
                frames
            }
            ServerFrame::History {
                conversation,
                messages,
            } => {
                self.opening.remove(&conversation);
                self.opened.insert(conversation);
                let history = self.conversations.entry(conversation).or_default();
                for message in messages {
                    if history.receive_live(message).is_err() {
                        return Reaction::Reconnect;
                    }
                }
                Vec::new()
            }
            ServerFrame::Message {
                conversation,
                message,
            } => {
                if !self.opened.contains(&conversation) {
                    // Not open yet: its `History` will bring this message.
                    self.open_if_new(conversation)
                } else {
                    let history = self.conversations.entry(conversation).or_default();
                    if history.receive_live(message).is_err() {
                        return Reaction::Reconnect;
                    }
                    Vec::new()
                }
            }
            ServerFrame::Ack {
                conversation,
                client_id,
                seq,
                sent_at_ms,
            } => {
                self.acknowledge(conversation, client_id, seq, sent_at_ms);
                Vec::new()
            }
            ServerFrame::Error {
                code,
                client_id: Some(client_id),
            } => {
                if let Some(index) = self.outbox.iter().position(|r| r.client_id == client_id) {
                    let refused = self.outbox.remove(index);
                    self.failed.push((refused, code));
                }
                Vec::new()
            }
            ServerFrame::Error { code, .. } => {
                self.errors.push(code);
                Vec::new()
            }
            // Hints, notes, search answers and alerts change nothing it checks.
            ServerFrame::Typing { .. }
            | ServerFrame::Pong
            | ServerFrame::Note { .. }
            | ServerFrame::Found { .. }
            | ServerFrame::Overdue { .. }
            | ServerFrame::Quiet { .. } => Vec::new(),
        };
        Reaction::Send(frames)
    }

    fn ping() -> ClientFrame {
        ClientFrame::Ping
    }
}

impl ConsoleClient {
    /// A console at `url` (`ws://…/api/console/ws`) with a session cookie.
    pub fn staff(url: String, cookie: String, seed: u64) -> ConsoleClient {
        Client::new(Console::default(), url, Some(cookie), seed)
    }

    /// Writes a reply: into the outbox, and onto the wire if connected.
    pub async fn reply(&mut self, conversation: ConversationId, body: &str) -> ClientId {
        let reply = Reply {
            conversation,
            client_id: new_client_id(),
            body: body.to_owned(),
        };
        self.flavour.outbox.push(reply.clone());
        self.send_now(&Console::send_frame(&reply)).await;
        reply.client_id
    }

    /// Tells the server staff have read `conversation` up to `seq`.
    pub async fn mark_read(&mut self, conversation: ConversationId, seq: Seq) {
        self.send_now(&ClientFrame::MarkRead { conversation, seq })
            .await;
    }
}
