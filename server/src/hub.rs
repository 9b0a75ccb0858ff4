//! Fan-out of changes to open sockets, scoped by organisation and
//! conversation. Every [`Event`] belongs to one organisation and one
//! conversation and is published on the [`Topic`]s that need it:
//! - [`Topic::Organisation`]: every message and summary of one organisation,
//!   for its staff consoles (never another organisation's);
//! - [`Topic::Conversation`]: one conversation's messages and staff read
//!   marks, for the parent's widgets, so a widget is woken only by its own
//!   conversation, never by the rest of the server;
//! - [`Topic::Visitor`]: a visitor token whose conversation does not exist
//!   yet, so other tabs of the same parent learn when the first message
//!   created it.
//!
//! Each topic is a bounded `tokio::sync::broadcast` channel made on the first
//! subscription and dropped with the last ([`Subscription`]), so idle topics
//! cost nothing. Channels hold `Arc<Event>`: a channel allocates all its
//! slots up front, and a pointer a slot keeps that small (a conversation's
//! channel is a few KB); each receiver clones the event it takes. Slow consumers: a socket that falls more than the channel's
//! capacity behind gets `Lagged` and closes itself; its client reconnects and
//! resumes from its `last_seq`, and since every message is in the database
//! before it is announced, nothing is lost.
//!
//! Access changes travel apart, as [`Revocation`]s on one small channel (they
//! are rare, and a flood of messages must never push one out of reach).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;
use yorisoi_protocol::model::{ConversationSummary, Note};
use yorisoi_protocol::{ConversationId, Message, OrganisationId, Seq};

/// Events an organisation's channel keeps for slow consoles: a console
/// busy for a moment (its own reply waiting for a commit) must not fall
/// behind a busy organisation (thousands of events a second, two per
/// message). A slot is a pointer and a few words: 4096 cost ~100 KB per
/// organisation with a console open.
pub const ORGANISATION_CAPACITY: usize = 4096;

/// Events a conversation's channel keeps for slow widgets. A widget that
/// falls further behind (its own message waiting for a commit while two
/// staff reply and mark read every few milliseconds) does not close: it
/// makes up from the database (`Session::on_lagged`), so the channel only
/// needs to cover a usual exchange. It allocates its slots when made, one
/// channel per open conversation: 256 slots cost ~10 KB a parent, 16 about
/// 0.6 KB.
pub const CONVERSATION_CAPACITY: usize = 16;

/// Events a visitor's channel (a parent with no conversation yet) keeps:
/// it carries only the news that another tab created the conversation.
pub const VISITOR_CAPACITY: usize = 4;

/// Revocations kept for slow receivers (they are rare).
pub const REVOCATION_CAPACITY: usize = 256;

/// Identifies one socket, so it can skip the events it caused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConnectionId(u64);

/// Who listens for what.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Everything consoles show of one organisation.
    Organisation(OrganisationId),
    /// One conversation, for its parent's widgets.
    Conversation(OrganisationId, ConversationId),
    /// A visitor token (digest) with no conversation yet.
    Visitor(OrganisationId, String),
}

/// Something changed in a conversation.
#[derive(Debug, Clone)]
pub struct Event {
    /// Whose.
    pub organisation: OrganisationId,
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
    /// A message was committed; consoles also get the conversation's new
    /// summary from it (one event a message, not two, keeps a busy
    /// organisation's channel half as full).
    Message(Message, ConversationSummary),
    /// The conversation's summary changed without a message (read mark,
    /// language).
    Summary(ConversationSummary),
    /// Staff have read the conversation up to this sequence (for widgets).
    StaffRead(Seq),
    /// Someone is typing in the conversation: the parent (for consoles) or
    /// the named staff member (for the parent's widgets). Never stored, and
    /// not relayed to other nodes: a lost one only hides a hint.
    Typing {
        /// The staff member's display name; none for the parent.
        staff: Option<String>,
    },
    /// An internal note was kept: for consoles only, never a parent's
    /// connection (its topic is the organisation's, which no widget joins).
    Note(Note),
    /// Parents have waited too long for a staff reply (one event per sweep
    /// of the organisation, so a console hears of one sweep's waits
    /// together): each wait with whom it alerts. Made by every node's own
    /// sweep for its own consoles, so never relayed.
    Overdue(Arc<Vec<OverdueWait>>),
    /// The parent's widgets show the emergency notice now (a message that
    /// suggested danger, or a staff member sent it). For widgets only.
    Help,
    /// The conversation is gone (the parent deleted it, or retention did):
    /// consoles drop it, the parent's other widgets close (issue 13).
    Deleted,
    /// The cases sent to the parent for consent changed (staff sent one,
    /// or the parent answered on another tab): the parent's widgets read
    /// them again. For widgets only.
    Cases,
}

/// One wait that just became overdue, and who is alerted about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueWait {
    /// The conversation as the list shows it (its `waiting_since_ms` is set).
    pub summary: ConversationSummary,
    /// The staff whose consoles are alerted (see `routing::overdue_alerts`).
    pub alerted: Vec<i64>,
}

impl Event {
    /// The topics this event goes to.
    fn topics(&self) -> Vec<Topic> {
        let organisation = Topic::Organisation(self.organisation);
        let conversation = Topic::Conversation(self.organisation, self.conversation);
        match &self.kind {
            EventKind::Created { token_hash } => {
                vec![Topic::Visitor(self.organisation, token_hash.clone())]
            }
            EventKind::Message(..) => vec![organisation, conversation],
            EventKind::Summary(_) => vec![organisation],
            EventKind::StaffRead(_) => vec![conversation],
            EventKind::Typing { staff: None } => vec![organisation],
            EventKind::Typing { staff: Some(_) } => vec![conversation],
            EventKind::Note(_) => vec![organisation],
            EventKind::Overdue(_) => vec![organisation],
            EventKind::Help | EventKind::Cases => vec![conversation],
            EventKind::Deleted => vec![organisation, conversation],
        }
    }
}

/// A credential stopped being valid; sockets opened with it close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    /// Whose credential.
    pub organisation: OrganisationId,
    /// Which.
    pub credential: Credential,
}

/// A revoked credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A visitor token (by digest) was forgotten or rotated away.
    Token(String),
    /// One staff session (by digest) ended: logout or expiry.
    Session(String),
    /// Every session of this staff member ended ("log out everywhere").
    Staff(i64),
}

/// The topics with a subscriber, each with its channel.
type Channels = Mutex<HashMap<Topic, broadcast::Sender<Arc<Event>>>>;

/// The fan-out handle; cheap to clone.
#[derive(Debug, Clone)]
pub struct Hub {
    /// Live topics. A std `Mutex`: held only to find or drop a channel,
    /// never across an `.await`.
    channels: Arc<Channels>,
    /// Access changes, apart from the busy event channels.
    revocations: broadcast::Sender<Revocation>,
    /// Source of connection ids; atomic because every socket task uses it.
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
        let (revocations, _) = broadcast::channel(REVOCATION_CAPACITY);
        Hub {
            channels: Arc::new(Mutex::new(HashMap::new())),
            revocations,
            next_connection: Arc::new(AtomicU64::new(1)),
        }
    }

    /// A fresh id for a new socket.
    pub fn connection_id(&self) -> ConnectionId {
        ConnectionId(self.next_connection.fetch_add(1, Ordering::Relaxed))
    }

    /// Starts receiving the events of `topic` published from now on.
    pub fn subscribe(&self, topic: Topic) -> Subscription {
        let mut channels = lock(&self.channels);
        let capacity = match topic {
            Topic::Organisation(_) => ORGANISATION_CAPACITY,
            Topic::Conversation(..) => CONVERSATION_CAPACITY,
            Topic::Visitor(..) => VISITOR_CAPACITY,
        };
        let receiver = channels
            .entry(topic.clone())
            .or_insert_with(|| broadcast::channel(capacity).0)
            .subscribe();
        Subscription {
            receiver,
            topic,
            channels: self.channels.clone(),
        }
    }

    /// Announces an event to its topics. Nobody listening is normal.
    pub fn publish(&self, event: Event) {
        let event = Arc::new(event);
        let channels = lock(&self.channels);
        for topic in event.topics() {
            if let Some(sender) = channels.get(&topic) {
                let _nobody_listening = sender.send(event.clone());
            }
        }
    }

    /// Starts receiving every revocation published from now on.
    pub fn subscribe_revocations(&self) -> broadcast::Receiver<Revocation> {
        self.revocations.subscribe()
    }

    /// Announces that a credential is no longer valid.
    pub fn revoke(&self, organisation: OrganisationId, credential: Credential) {
        let _nobody_listening = self.revocations.send(Revocation {
            organisation,
            credential,
        });
    }

    /// True when a socket listens to `topic` (so an event for it from
    /// another node is worth reading from the store).
    pub fn has_subscribers(&self, topic: &Topic) -> bool {
        lock(&self.channels).contains_key(topic)
    }

    /// How many topics have a subscriber (for tests of the clean-up).
    pub fn live_topics(&self) -> usize {
        lock(&self.channels).len()
    }
}

fn lock(
    channels: &Channels,
) -> std::sync::MutexGuard<'_, HashMap<Topic, broadcast::Sender<Arc<Event>>>> {
    channels
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One socket's subscription to one topic; the topic's channel goes when
/// its last subscription does.
#[derive(Debug)]
pub struct Subscription {
    receiver: broadcast::Receiver<Arc<Event>>,
    topic: Topic,
    channels: Arc<Channels>,
}

impl Subscription {
    /// The next event, or why there is none (`Lagged`: events were missed).
    pub async fn recv(&mut self) -> Result<Event, broadcast::error::RecvError> {
        self.receiver.recv().await.map(Arc::unwrap_or_clone)
    }

    /// The next event if one is already waiting, without waiting.
    pub fn try_recv(&mut self) -> Result<Event, broadcast::error::TryRecvError> {
        self.receiver.try_recv().map(Arc::unwrap_or_clone)
    }

    /// The topic subscribed to.
    pub fn topic(&self) -> &Topic {
        &self.topic
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut channels = lock(&self.channels);
        // Our receiver still counts: it is the last one when the count is 1.
        if channels
            .get(&self.topic)
            .is_some_and(|sender| sender.receiver_count() <= 1)
        {
            channels.remove(&self.topic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: i64, last_seq: Seq) -> ConversationSummary {
        ConversationSummary {
            id: ConversationId(id),
            nickname: None,
            lang: Default::default(),
            unread: 0,
            last_seq,
            visitor_read_seq: 0,
            preview: String::new(),
            updated_at_ms: 0,
            waiting_since_ms: None,
            nominee: None,
            assignee: None,
            written: None,
            resolved_at_ms: None,
            labels: Vec::new(),
            danger_since_ms: None,
        }
    }

    fn event(organisation: i64, conversation: i64, kind: EventKind) -> Event {
        Event {
            organisation: OrganisationId(organisation),
            conversation: ConversationId(conversation),
            origin: ConnectionId(0),
            kind,
        }
    }

    #[tokio::test]
    async fn consoles_hear_only_their_organisation_and_widgets_only_their_conversation() {
        let hub = Hub::new();
        let mut console_a = hub.subscribe(Topic::Organisation(OrganisationId(1)));
        let mut console_b = hub.subscribe(Topic::Organisation(OrganisationId(2)));
        let mut widget = hub.subscribe(Topic::Conversation(OrganisationId(1), ConversationId(7)));
        hub.publish(event(1, 8, EventKind::Summary(summary(8, 1))));
        hub.publish(event(1, 7, EventKind::StaffRead(3)));
        hub.publish(event(2, 9, EventKind::Summary(summary(9, 1))));

        let first = console_a.recv().await.expect("event");
        assert!(matches!(first.kind, EventKind::Summary(s) if s.id == ConversationId(8)));
        let read = widget.recv().await.expect("event");
        assert!(
            matches!(read.kind, EventKind::StaffRead(3)),
            "not woken by conversation 8"
        );
        let other = console_b.recv().await.expect("event");
        assert_eq!(other.organisation, OrganisationId(2));
        assert!(console_a.receiver.is_empty() && widget.receiver.is_empty());
    }

    #[tokio::test]
    async fn a_topic_lives_as_long_as_its_subscribers() {
        let hub = Hub::new();
        let topic = Topic::Visitor(OrganisationId(1), "digest".into());
        let first = hub.subscribe(topic.clone());
        let second = hub.subscribe(topic);
        assert_eq!(hub.live_topics(), 1);
        drop(first);
        assert_eq!(hub.live_topics(), 1);
        drop(second);
        assert_eq!(hub.live_topics(), 0);
    }
}
