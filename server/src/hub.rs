//! Fan-out of changes to every open socket. One bounded
//! `tokio::sync::broadcast` channel carries every [`Event`], tagged with its
//! conversation and the connection it came from; each socket filters what
//! concerns it (a widget: its own conversation, minus its own messages; a
//! console: everything, minus its own messages).
//!
//! Slow consumers: the channel keeps the last [`CAPACITY`] events. A socket
//! that falls further behind gets `Lagged` and closes itself; its client
//! reconnects and resumes with its `last_seq`, and since every message is in
//! the database before it is announced, nothing is lost. This keeps one slow
//! phone from holding memory or slowing everyone else.
//!
//! Access changes travel on a second channel, [`Revocation`]s: a revoked or
//! rotated visitor token, an ended staff session. Sockets holding that
//! credential close, so their clients must authenticate again. A socket that
//! lags on this channel closes too (it cannot know what it missed).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::broadcast;
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{ConversationId, Message, Seq};

/// Events kept for slow receivers before they are cut off.
pub const CAPACITY: usize = 1024;

/// Identifies one socket, so it can skip the events it caused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConnectionId(u64);

/// Something changed in a conversation.
#[derive(Debug, Clone)]
pub struct Event {
    /// Which conversation.
    pub conversation: ConversationId,
    /// The socket whose frame caused it.
    pub origin: ConnectionId,
    /// What happened.
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone)]
pub enum EventKind {
    /// A parent's first message created the conversation under this token
    /// digest: other tabs of the same parent, which said `Hello` before it
    /// existed, learn its id from this.
    Created {
        /// The SHA-256 digest of the visitor token.
        token_hash: String,
    },
    /// A message was committed.
    Message(Message),
    /// The conversation's summary changed (new message, read mark, language).
    Summary(ConversationSummary),
    /// Staff have read the conversation up to this sequence (for widgets).
    StaffRead(Seq),
}

/// A credential stopped being valid; sockets opened with it close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revocation {
    /// A visitor token (by digest) was forgotten or rotated away.
    Token(String),
    /// One staff session (by digest) ended: logout or expiry.
    Session(String),
    /// Every session of this staff member ended ("log out everywhere").
    Staff(i64),
}

/// Revocations kept for slow receivers (they are rare).
pub const REVOCATION_CAPACITY: usize = 256;

/// The fan-out handle; cheap to clone.
#[derive(Debug, Clone)]
pub struct Hub {
    /// The one channel; sockets subscribe, handlers publish.
    sender: broadcast::Sender<Event>,
    /// Access changes, apart from the busy event channel so a flood of
    /// messages can never push a revocation out of a socket's reach.
    revocations: broadcast::Sender<Revocation>,
    /// Source of connection ids; atomics because every socket task uses it.
    next_connection: Arc<AtomicU64>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}

impl Hub {
    /// A hub with no subscribers.
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        let (revocations, _) = broadcast::channel(REVOCATION_CAPACITY);
        Hub {
            sender,
            revocations,
            next_connection: Arc::new(AtomicU64::new(1)),
        }
    }

    /// A fresh id for a new socket.
    pub fn connection_id(&self) -> ConnectionId {
        ConnectionId(self.next_connection.fetch_add(1, Ordering::Relaxed))
    }

    /// Starts receiving every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }

    /// Announces an event. Having no subscriber is normal (nobody online).
    pub fn publish(&self, event: Event) {
        let _nobody_listening = self.sender.send(event);
    }

    /// Starts receiving every revocation published from now on.
    pub fn subscribe_revocations(&self) -> broadcast::Receiver<Revocation> {
        self.revocations.subscribe()
    }

    /// Announces that a credential is no longer valid.
    pub fn revoke(&self, revocation: Revocation) {
        let _nobody_listening = self.revocations.send(revocation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn subscribers_receive_published_events_in_order() {
        let hub = Hub::new();
        let mut receiver = hub.subscribe();
        let origin = hub.connection_id();
        assert_ne!(origin, hub.connection_id());
        for seq in 1..=2 {
            hub.publish(Event {
                conversation: ConversationId(1),
                origin,
                kind: EventKind::Summary(ConversationSummary {
                    id: ConversationId(1),
                    nickname: None,
                    lang: Default::default(),
                    unread: 0,
                    last_seq: seq,
                    visitor_read_seq: 0,
                    preview: String::new(),
                    updated_at_ms: 0,
                }),
            });
        }
        for expected in 1..=2 {
            let event = receiver.recv().await.expect("event");
            assert!(matches!(event.kind, EventKind::Summary(s) if s.last_seq == expected));
        }
    }
}
