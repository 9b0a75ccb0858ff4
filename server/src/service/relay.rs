//! Changes between nodes on one database. A node announces each change to
//! its own sockets through the hub at once, and, when the store serves
//! several nodes (PostgreSQL), also as a [`Notice`] to the others: a new
//! message (and a conversation it created) by the store itself, inside the
//! transaction that commits it, so the others hear of every committed
//! message even if this node dies right after; every other change (read
//! marks, language, revocations) from here after its commit, batched into
//! one `notify` a turn. Notices from the other nodes come back through
//! the store's `listen`; each is turned into the same hub event the sender
//! published, reading what it names from the store, and only when a socket
//! here listens for it, so an idle node reads nothing.
//!
//! A notice is a hint: one that is lost (a reconnecting listener, a full
//! backlog) delays a console's list row or a parent's view until the next
//! change, since every socket's cursor reads a skipped stretch from the
//! store; no message is lost. On SQLite (one node) nothing here runs.

use tokio::sync::mpsc;

use super::Service;
use crate::error::StoreError;
use crate::hub::{ConnectionId, Credential, Event, EventKind, Topic};
use crate::store::Notice;

/// Notices waiting to be sent; more are dropped (logged), not waited for:
/// a message's sender must never wait on the other nodes.
const OUTGOING_BACKLOG: usize = 16_384;

/// At most this many notices go in one `notify`.
const BATCH: usize = 256;

/// Where this node's notices go: nowhere on a single-node store.
#[derive(Debug, Default)]
pub(crate) struct Outgoing(Option<mpsc::Sender<Notice>>);

impl Outgoing {
    /// Queues a notice for the other nodes, if the change needs one from
    /// here (on a single-node store nothing happens).
    pub(crate) fn send(&self, notice: impl FnOnce() -> Option<Notice>) {
        if let Some(sender) = &self.0
            && let Some(notice) = notice()
            && sender.try_send(notice).is_err()
        {
            tracing::warn!("outgoing notices backlog full: a notice was dropped");
        }
    }
}

/// What [`start`] needs once the service exists.
pub(crate) struct Pending {
    outgoing: mpsc::Receiver<Notice>,
    incoming: mpsc::Receiver<Notice>,
}

/// Asks the store for the other nodes' notices: on a store with one node,
/// an [`Outgoing`] that sends nothing and nothing to start.
pub(crate) async fn prepare(
    store: &crate::store::Store,
) -> Result<(Outgoing, Option<Pending>), StoreError> {
    let Some(incoming) = store.listen().await? else {
        return Ok((Outgoing::default(), None));
    };
    let (sender, outgoing) = mpsc::channel(OUTGOING_BACKLOG);
    Ok((Outgoing(Some(sender)), Some(Pending { outgoing, incoming })))
}

/// Starts sending this node's notices and receiving the others', until
/// shutdown.
pub(crate) fn start(service: &Service, pending: Pending) {
    let Pending {
        mut outgoing,
        mut incoming,
    } = pending;
    let sender = service.clone();
    tokio::spawn(async move {
        while let Some(first) = outgoing.recv().await {
            let mut batch = vec![first];
            while batch.len() < BATCH {
                match outgoing.try_recv() {
                    Ok(notice) => batch.push(notice),
                    Err(_) => break,
                }
            }
            if let Err(error) = sender.store().notify(&batch).await {
                tracing::warn!(%error, count = batch.len(), "cannot notify the other nodes");
            }
        }
    });
    let receiver = service.clone();
    let mut stopping = service.shutdown_signal();
    // Events from other nodes were caused by no socket of this one.
    let origin = service.hub().connection_id();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                notice = incoming.recv() => {
                    let Some(notice) = notice else { return };
                    if let Err(error) = receive(&receiver, origin, notice).await {
                        tracing::warn!(%error, "cannot read what another node announced");
                    }
                }
                _ = stopping.changed() => return,
            }
        }
    });
}

/// The notice for an event this node published, unless the store already
/// sent it with the commit (messages, and conversations they created).
pub(crate) fn notice_of(event: &Event) -> Option<Notice> {
    let (organisation, conversation) = (event.organisation, event.conversation);
    match &event.kind {
        EventKind::Created { .. }
        | EventKind::Message(..)
        | EventKind::Typing { .. }
        | EventKind::Overdue(_) => None,
        EventKind::Summary(_) => Some(Notice::Summary {
            organisation,
            conversation,
        }),
        EventKind::StaffRead(seq) => Some(Notice::StaffRead {
            organisation,
            conversation,
            seq: *seq,
        }),
        EventKind::Note(note) => Some(Notice::Note {
            organisation,
            conversation,
            client_id: note.client_id.clone(),
        }),
        EventKind::Help => Some(Notice::Help {
            organisation,
            conversation,
        }),
        EventKind::Deleted => Some(Notice::Deleted {
            organisation,
            conversation,
        }),
        EventKind::Cases => Some(Notice::Cases {
            organisation,
            conversation,
        }),
    }
}

/// The notice for a revocation this node published.
pub(crate) fn notice_of_revocation(
    organisation: yorisoi_protocol::OrganisationId,
    credential: &Credential,
) -> Notice {
    match credential {
        Credential::Token(token_hash) => Notice::RevokedToken {
            organisation,
            token_hash: token_hash.clone(),
        },
        Credential::Session(id_hash) => Notice::EndedSession {
            organisation,
            id_hash: id_hash.clone(),
        },
        Credential::Staff(staff_id) => Notice::EndedStaff {
            organisation,
            staff_id: *staff_id,
        },
    }
}

/// Publishes here what another node announced, read from the store.
async fn receive(
    service: &Service,
    origin: ConnectionId,
    notice: Notice,
) -> Result<(), StoreError> {
    let hub = service.hub();
    let store = service.store();
    let event = |organisation, conversation, kind| Event {
        organisation,
        conversation,
        origin,
        kind,
    };
    match notice {
        Notice::Message {
            organisation,
            conversation,
            seq,
        } => {
            let wanted = hub.has_subscribers(&Topic::Organisation(organisation))
                || hub.has_subscribers(&Topic::Conversation(organisation, conversation));
            if !wanted {
                return Ok(());
            }
            let message = store
                .messages_after(organisation, conversation, seq.saturating_sub(1))
                .await?
                .into_iter()
                .find(|message| message.seq == seq);
            let summary = store.summary(organisation, conversation).await?;
            if let (Some(message), Some(summary)) = (message, summary) {
                let kind = EventKind::Message(message, summary);
                hub.publish(event(organisation, conversation, kind));
            }
        }
        Notice::Summary {
            organisation,
            conversation,
        } => {
            if hub.has_subscribers(&Topic::Organisation(organisation))
                && let Some(summary) = store.summary(organisation, conversation).await?
            {
                let kind = EventKind::Summary(summary);
                hub.publish(event(organisation, conversation, kind));
            }
        }
        Notice::StaffRead {
            organisation,
            conversation,
            seq,
        } => hub.publish(event(organisation, conversation, EventKind::StaffRead(seq))),
        Notice::Created {
            organisation,
            conversation,
            token_hash,
        } => {
            let kind = EventKind::Created { token_hash };
            hub.publish(event(organisation, conversation, kind));
        }
        Notice::Note {
            organisation,
            conversation,
            client_id,
        } => {
            if hub.has_subscribers(&Topic::Organisation(organisation))
                && let Some(note) = store
                    .notes(organisation, conversation)
                    .await?
                    .into_iter()
                    .find(|note| note.client_id == client_id)
            {
                hub.publish(event(organisation, conversation, EventKind::Note(note)));
            }
        }
        Notice::Help {
            organisation,
            conversation,
        } => hub.publish(event(organisation, conversation, EventKind::Help)),
        Notice::Cases {
            organisation,
            conversation,
        } => hub.publish(event(organisation, conversation, EventKind::Cases)),
        Notice::RevokedToken {
            organisation,
            token_hash,
        } => hub.revoke(organisation, Credential::Token(token_hash)),
        Notice::EndedSession {
            organisation,
            id_hash,
        } => hub.revoke(organisation, Credential::Session(id_hash)),
        Notice::EndedStaff {
            organisation,
            staff_id,
        } => hub.revoke(organisation, Credential::Staff(staff_id)),
        Notice::Deleted {
            organisation,
            conversation,
        } => hub.publish(event(organisation, conversation, EventKind::Deleted)),
    }
    Ok(())
}
