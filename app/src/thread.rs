//! One conversation's messages as a client holds them: confirmed messages in
//! sequence order, then the user's own messages not confirmed yet (the
//! outbox: sending or failed; one refused for good stays where it was
//! written, so the conversation keeps the order its writer wrote in). It
//! applies steps 3, 4 and 6 of the client algorithm in `yorisoi_protocol`'s
//! crate docs: acks, dedupe by seq, gap detection, read receipts. Shared by
//! the widget and the console; pure data, so it is tested natively. Storage
//! of the outbox is [`crate::outbox`]'s. [`newest_change`] says which change
//! of state the log's status line tells.

use yorisoi_protocol::{Author, ClientId, ErrorCode, Message, Seq};

/// Where a message stands between the composer and the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Waiting for an `Ack`; resent with the same client id after a reconnect.
    Pending,
    /// Stored by the server.
    Sent,
    /// Refused by a limit (or a failure of the server): sent again by itself
    /// when the limit allows, unless the user cancels it. Later messages
    /// wait behind it, so none overtakes it.
    Waiting(ErrorCode),
    /// Refused for good (too long, say); not resent until the user asks
    /// (Retry). Later messages go on.
    Failed(ErrorCode),
}

/// What the user is shown on one of their own messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not acknowledged yet ("Sending…").
    Sending,
    /// Stored ("Sent").
    Sent,
    /// The other side has seen it ("Read").
    Read,
    /// Refused for now, going again by itself ("Waiting to send", why,
    /// with Cancel).
    Waiting(ErrorCode),
    /// Refused ("Not sent", with Retry).
    Failed(ErrorCode),
}

/// What [`Thread::insert`] made of a message from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// Held already (same seq): dropped.
    Duplicate,
    /// Added right after what we hold.
    New,
    /// Added, but something before it is missing: the connection lost a
    /// frame, so the caller reconnects to resume from [`Thread::resume_seq`].
    Gap,
}

/// A message as shown in a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The sender's id for it; names unconfirmed messages before they have a seq.
    pub client_id: ClientId,
    /// Its place in the conversation, once stored.
    pub seq: Option<Seq>,
    /// Who wrote it.
    pub author: Author,
    /// The text (rendered as text only).
    pub body: String,
    /// When it was stored, or written for an unconfirmed one (ms since epoch).
    pub at_ms: i64,
    /// Delivery state.
    pub delivery: Delivery,
    /// The nickname a parent's message goes out with (resent as it was).
    pub nickname: Option<String>,
}

/// A conversation's messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thread {
    /// Confirmed entries by seq, with the unconfirmed ones in the order
    /// written: the ones going out at the end, the ones refused for good
    /// where they were written among the confirmed.
    entries: Vec<Entry>,
    /// The other side has read up to here (staff for the widget, the parent
    /// for the console).
    peer_read_seq: Seq,
    /// Client ids this client gave up (a Retry sends under a new id), so a
    /// copy of the old one in a shared outbox is dropped rather than revived.
    retired: Vec<ClientId>,
    /// Set while an `Open` is unanswered (console): live messages may then
    /// run ahead of the `History` that fills the hole, which is no gap.
    pub syncing: bool,
}

impl Thread {
    /// Every entry, in display order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// True when there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when some message is confirmed (the server knows this history).
    pub fn has_history(&self) -> bool {
        self.entries.iter().any(|e| e.seq.is_some())
    }

    /// The highest seq held.
    pub fn highest_seq(&self) -> Seq {
        self.entries.iter().filter_map(|e| e.seq).max().unwrap_or(0)
    }

    /// The highest seq of a staff message (what a parent "reads").
    pub fn highest_staff_seq(&self) -> Seq {
        self.entries
            .iter()
            .filter(|e| matches!(e.author, Author::Staff { .. }))
            .filter_map(|e| e.seq)
            .max()
            .unwrap_or(0)
    }

    /// The seq to resume from: the end of the unbroken run 1, 2, 3… so that a
    /// message missed while offline is fetched again rather than skipped.
    pub fn resume_seq(&self) -> Seq {
        let mut expected = 1;
        for seq in self.entries.iter().filter_map(|e| e.seq) {
            if seq != expected {
                break;
            }
            expected += 1;
        }
        expected - 1
    }

    /// True when a seq below the highest is missing.
    pub fn has_gap(&self) -> bool {
        self.resume_seq() < self.highest_seq()
    }

    /// The other side has read up to `seq` (never goes back).
    pub fn set_peer_read(&mut self, seq: Seq) {
        self.peer_read_seq = self.peer_read_seq.max(seq);
    }

    /// What to show on `entry` when it is one of the user's own.
    pub fn status(&self, entry: &Entry) -> Status {
        match (entry.delivery, entry.seq) {
            (Delivery::Pending, _) => Status::Sending,
            (Delivery::Waiting(code), _) => Status::Waiting(code),
            (Delivery::Failed(code), _) => Status::Failed(code),
            (Delivery::Sent, Some(seq)) if seq <= self.peer_read_seq => Status::Read,
            (Delivery::Sent, _) => Status::Sent,
        }
    }

    /// What each of the user's own messages shows (staff's in the console,
    /// the parent's in the widget), by client id in display order: the
    /// snapshot [`newest_change`] compares.
    pub fn own_states(&self, staff: bool) -> Vec<(ClientId, Status)> {
        self.entries
            .iter()
            .filter(|e| matches!(e.author, Author::Staff { .. }) == staff)
            .map(|e| (e.client_id.clone(), self.status(e)))
            .collect()
    }

    /// Adds the user's own message, not yet acknowledged.
    pub fn push_pending(&mut self, client_id: ClientId, author: Author, body: String, now_ms: i64) {
        self.push_unconfirmed(Entry {
            client_id,
            seq: None,
            author,
            body,
            at_ms: now_ms,
            delivery: Delivery::Pending,
            nickname: None,
        });
    }

    /// Adds an unconfirmed entry (from the composer or a stored outbox),
    /// unless its client id is held or was given up already.
    pub fn push_unconfirmed(&mut self, entry: Entry) {
        let known = self.retired.contains(&entry.client_id)
            || self.entries.iter().any(|e| e.client_id == entry.client_id);
        if !known {
            self.entries.push(entry);
        }
    }

    /// Messages to (re)send after a reconnect: pending ones, in order written.
    pub fn unsent(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(|e| e.delivery == Delivery::Pending)
    }

    /// The message to send next when sending one at a time: the oldest
    /// unconfirmed one that is not refused for good, if it is pending
    /// (`None` while it waits for a limit: the ones after it wait too).
    pub fn next_to_send(&self) -> Option<&Entry> {
        self.entries
            .iter()
            .filter(|e| e.seq.is_none())
            .find(|e| !matches!(e.delivery, Delivery::Failed(_)))
            .filter(|e| e.delivery == Delivery::Pending)
    }

    /// True when `client_id` is unconfirmed and pending (sent, or about to be).
    pub fn is_pending(&self, client_id: &ClientId) -> bool {
        self.entries.iter().any(|e| {
            &e.client_id == client_id && e.seq.is_none() && e.delivery == Delivery::Pending
        })
    }

    /// Messages not confirmed yet, sending or failed: the outbox.
    pub fn unconfirmed(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.seq.is_none())
    }

    /// True when `client_id` is held or was given up here.
    pub fn knows(&self, client_id: &ClientId) -> bool {
        self.retired.contains(client_id) || self.entries.iter().any(|e| &e.client_id == client_id)
    }

    /// Adds a stored message unless its seq is held; an unconfirmed entry
    /// with the same client id becomes this message (it was delivered, maybe
    /// by another tab or before a lost `Ack`).
    pub fn insert(&mut self, message: Message) -> Arrival {
        if self.entries.iter().any(|e| e.seq == Some(message.seq)) {
            return Arrival::Duplicate;
        }
        let gap = message.seq > self.resume_seq() + 1;
        let written_at = self
            .entries
            .iter()
            .position(|e| e.client_id == message.client_id);
        let nickname = written_at.and_then(|index| self.entries.remove(index).nickname);
        self.place(
            Entry {
                client_id: message.client_id,
                seq: Some(message.seq),
                author: message.author,
                body: message.body,
                at_ms: message.sent_at_ms,
                delivery: Delivery::Sent,
                nickname,
            },
            written_at,
        );
        if gap { Arrival::Gap } else { Arrival::New }
    }

    /// Marks the message `client_id` as stored at `seq`.
    pub fn ack(&mut self, client_id: &ClientId, seq: Seq, sent_at_ms: i64) -> bool {
        let Some(index) = self.entries.iter().position(|e| &e.client_id == client_id) else {
            return false;
        };
        if self.entries[index].seq.is_some() {
            return false; // a repeated Ack of a message already placed
        }
        let mut entry = self.entries.remove(index);
        if self.entries.iter().any(|e| e.seq == Some(seq)) {
            return true; // already delivered through another path
        }
        entry.seq = Some(seq);
        entry.at_ms = sent_at_ms;
        entry.delivery = Delivery::Sent;
        self.place(entry, Some(index));
        true
    }

    /// Marks the unconfirmed message `client_id` as refused with `code`.
    pub fn fail(&mut self, client_id: &ClientId, code: ErrorCode) -> bool {
        self.set_unconfirmed(client_id, Delivery::Failed(code))
    }

    /// Marks the unconfirmed message `client_id` as waiting for a limit.
    pub fn wait(&mut self, client_id: &ClientId, code: ErrorCode) -> bool {
        self.set_unconfirmed(client_id, Delivery::Waiting(code))
    }

    /// A waiting message's time has come: pending again (same client id).
    pub fn resume(&mut self, client_id: &ClientId) -> bool {
        let waiting = self
            .entries
            .iter()
            .any(|e| &e.client_id == client_id && matches!(e.delivery, Delivery::Waiting(_)));
        waiting && self.set_unconfirmed(client_id, Delivery::Pending)
    }

    /// The user gave up an unconfirmed message (waiting or failed): it goes,
    /// and its id is never revived from a shared outbox.
    pub fn cancel(&mut self, client_id: &ClientId) -> bool {
        let Some(index) = self.entries.iter().position(|e| {
            &e.client_id == client_id
                && matches!(e.delivery, Delivery::Waiting(_) | Delivery::Failed(_))
        }) else {
            return false;
        };
        let entry = self.entries.remove(index);
        self.retired.push(entry.client_id);
        true
    }

    fn set_unconfirmed(&mut self, client_id: &ClientId, delivery: Delivery) -> bool {
        match self
            .entries
            .iter_mut()
            .find(|e| &e.client_id == client_id && e.seq.is_none())
        {
            Some(entry) => {
                entry.delivery = delivery;
                true
            }
            None => false,
        }
    }

    /// Retry of a failed message: it goes back to pending under `new_id`
    /// (the old id is refused for good) and moves to the end. Returns the
    /// entry to send.
    pub fn retry(&mut self, client_id: &ClientId, new_id: ClientId, now_ms: i64) -> Option<Entry> {
        let index = self
            .entries
            .iter()
            .position(|e| &e.client_id == client_id && matches!(e.delivery, Delivery::Failed(_)))?;
        let mut entry = self.entries.remove(index);
        self.retired
            .push(std::mem::replace(&mut entry.client_id, new_id));
        entry.delivery = Delivery::Pending;
        entry.at_ms = now_ms;
        self.entries.push(entry.clone());
        Some(entry)
    }

    /// Forgets everything but the messages not confirmed yet: the
    /// conversation they belonged to is gone (unknown token), and a new one
    /// numbers its messages from 1 again.
    pub fn keep_only_unsent(&mut self) {
        self.entries.retain(|e| e.seq.is_none());
        self.peer_read_seq = 0;
    }

    /// Puts a confirmed entry at its seq's place among the confirmed ones.
    /// Unconfirmed entries between its two neighbours keep their places, so
    /// a message refused for good stays where it was written: the entry
    /// goes where it was itself written (`written_at`) when that lies
    /// between its neighbours, else after the refused ones written before
    /// it and before those still going out (stored after it, later).
    fn place(&mut self, entry: Entry, written_at: Option<usize>) {
        let seq = entry.seq.unwrap_or(0);
        let after = self
            .entries
            .iter()
            .rposition(|e| e.seq.is_some_and(|held| held < seq))
            .map_or(0, |index| index + 1);
        let before = self.entries[after..]
            .iter()
            .position(|e| e.seq.is_some())
            .map_or(self.entries.len(), |offset| after + offset);
        let index = match written_at {
            Some(index) if (after..=before).contains(&index) => index,
            _ => {
                after
                    + self.entries[after..before]
                        .iter()
                        .take_while(|e| {
                            matches!(e.delivery, Delivery::Failed(_)) && e.at_ms <= entry.at_ms
                        })
                        .count()
            }
        };
        self.entries.insert(index, entry);
    }
}

/// The change to tell between two snapshots of [`Thread::own_states`]: of
/// the messages in both, the newest whose state changed. Going (back) to
/// sending is not told: a new message is told by the log itself, a retry by
/// the press of its button, and "Sent" follows either.
pub fn newest_change(
    before: &[(ClientId, Status)],
    after: &[(ClientId, Status)],
) -> Option<Status> {
    after.iter().rev().find_map(|(id, status)| {
        let (_, was) = before.iter().find(|(held, _)| held == id)?;
        (was != status && *status != Status::Sending).then_some(*status)
    })
}

#[cfg(test)]
mod tests;
