//! One conversation's messages as a client holds them: confirmed messages in
//! sequence order, then the user's own messages still waiting for an `Ack`.
//! Shared by the widget and the console; pure data, so it is tested natively.

use yorisoi_protocol::{Author, ClientId, ErrorCode, Message, Seq};

/// Where a message stands between the composer and the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Sent (or waiting to be sent) but not acknowledged yet; resent with the
    /// same client id after a reconnect.
    Pending,
    /// Stored by the server.
    Sent,
    /// Refused by the server; not resent.
    Failed(ErrorCode),
}

/// A message as shown in a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The sender's id for it; names pending messages before they have a seq.
    pub client_id: ClientId,
    /// Its place in the conversation, once stored.
    pub seq: Option<Seq>,
    /// Who wrote it.
    pub author: Author,
    /// The text (rendered as text only).
    pub body: String,
    /// When it was stored, or written for a pending message (ms since epoch).
    pub at_ms: i64,
    /// Delivery state.
    pub delivery: Delivery,
}

/// A conversation's messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thread {
    /// Confirmed entries by seq, then unconfirmed ones in the order written.
    entries: Vec<Entry>,
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

    /// The highest seq held.
    pub fn highest_seq(&self) -> Seq {
        self.entries.iter().filter_map(|e| e.seq).max().unwrap_or(0)
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

    /// Number of confirmed entries (the index where the unconfirmed tail starts).
    fn confirmed(&self) -> usize {
        self.entries.iter().take_while(|e| e.seq.is_some()).count()
    }

    /// Adds the user's own message, not yet acknowledged.
    pub fn push_pending(&mut self, client_id: ClientId, author: Author, body: String, now_ms: i64) {
        self.entries.push(Entry {
            client_id,
            seq: None,
            author,
            body,
            at_ms: now_ms,
            delivery: Delivery::Pending,
        });
    }

    /// Messages to (re)send: pending ones, in the order written.
    pub fn unsent(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(|e| e.delivery == Delivery::Pending)
    }

    /// Adds a stored message unless held already (by seq or client id); a
    /// pending entry with the same client id becomes this message. Returns
    /// true when something changed.
    pub fn insert(&mut self, message: Message) -> bool {
        if self.entries.iter().any(|e| e.seq == Some(message.seq)) {
            return false;
        }
        if let Some(index) = self
            .entries
            .iter()
            .position(|e| e.client_id == message.client_id)
        {
            self.entries.remove(index);
        }
        let entry = Entry {
            client_id: message.client_id,
            seq: Some(message.seq),
            author: message.author,
            body: message.body,
            at_ms: message.sent_at_ms,
            delivery: Delivery::Sent,
        };
        self.place(entry);
        true
    }

    /// Marks the pending message `client_id` as stored at `seq`.
    pub fn ack(&mut self, client_id: &ClientId, seq: Seq, sent_at_ms: i64) -> bool {
        let Some(index) = self.entries.iter().position(|e| &e.client_id == client_id) else {
            return false;
        };
        let mut entry = self.entries.remove(index);
        if self.entries.iter().any(|e| e.seq == Some(seq)) {
            return true; // already delivered through another path
        }
        entry.seq = Some(seq);
        entry.at_ms = sent_at_ms;
        entry.delivery = Delivery::Sent;
        self.place(entry);
        true
    }

    /// Forgets everything but the messages still waiting to be sent: the
    /// conversation they belonged to is gone (unknown token), and a new one
    /// numbers its messages from 1 again.
    pub fn keep_only_unsent(&mut self) {
        self.entries.retain(|e| e.delivery == Delivery::Pending);
    }

    /// Marks the message `client_id` as refused with `code`.
    pub fn fail(&mut self, client_id: &ClientId, code: ErrorCode) -> bool {
        match self
            .entries
            .iter_mut()
            .find(|e| &e.client_id == client_id && e.seq.is_none())
        {
            Some(entry) => {
                entry.delivery = Delivery::Failed(code);
                true
            }
            None => false,
        }
    }

    /// Puts a confirmed entry at its seq's place, before the unconfirmed tail.
    fn place(&mut self, entry: Entry) {
        let seq = entry.seq.unwrap_or(0);
        let end = self.confirmed();
        let index = self.entries[..end].partition_point(|e| e.seq.unwrap_or(0) < seq);
        self.entries.insert(index, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> ClientId {
        ClientId(format!("00000000-0000-4000-8000-0000000000{n:02}"))
    }

    fn staff_message(seq: Seq, client: u8) -> Message {
        Message {
            seq,
            client_id: id(client),
            author: Author::Staff {
                id: 1,
                name: "佐藤".into(),
            },
            body: "お返事です".into(),
            sent_at_ms: 1_000 + seq as i64,
        }
    }

    #[test]
    fn an_ack_turns_a_pending_message_into_a_sent_one_in_order() {
        let mut thread = Thread::default();
        thread.push_pending(id(1), Author::Visitor, "こんにちは".into(), 5);
        thread.insert(staff_message(1, 9));
        assert_eq!(thread.unsent().count(), 1);
        assert!(thread.ack(&id(1), 2, 77));
        let seqs: Vec<_> = thread.entries().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![Some(1), Some(2)]);
        assert_eq!(thread.entries()[1].delivery, Delivery::Sent);
        assert_eq!(thread.unsent().count(), 0);
    }

    #[test]
    fn messages_are_deduplicated_by_seq_and_client_id() {
        let mut thread = Thread::default();
        assert!(thread.insert(staff_message(1, 1)));
        assert!(!thread.insert(staff_message(1, 1)));
        thread.push_pending(id(2), Author::Visitor, "もう一度".into(), 5);
        let mut echo = staff_message(2, 2);
        echo.author = Author::Visitor;
        assert!(thread.insert(echo));
        assert_eq!(thread.entries().len(), 2);
        assert_eq!(thread.unsent().count(), 0);
    }

    #[test]
    fn resume_stops_at_the_first_gap() {
        let mut thread = Thread::default();
        thread.insert(staff_message(3, 3));
        thread.insert(staff_message(1, 1));
        assert_eq!(thread.highest_seq(), 3);
        assert_eq!(thread.resume_seq(), 1);
        thread.insert(staff_message(2, 2));
        assert_eq!(thread.resume_seq(), 3);
    }

    #[test]
    fn a_lost_conversation_keeps_only_what_was_not_sent() {
        let mut thread = Thread::default();
        thread.insert(staff_message(1, 1));
        thread.push_pending(id(2), Author::Visitor, "まだ".into(), 5);
        thread.keep_only_unsent();
        assert_eq!(thread.resume_seq(), 0);
        assert_eq!(thread.unsent().count(), 1);
        // The new conversation's seq 1 is not mistaken for the old one.
        assert!(thread.insert(staff_message(1, 3)));
    }

    #[test]
    fn refused_messages_are_not_resent() {
        let mut thread = Thread::default();
        thread.push_pending(id(1), Author::Visitor, "x".into(), 5);
        assert!(thread.fail(&id(1), ErrorCode::RateLimited));
        assert_eq!(thread.unsent().count(), 0);
        assert_eq!(
            thread.entries()[0].delivery,
            Delivery::Failed(ErrorCode::RateLimited)
        );
    }
}
