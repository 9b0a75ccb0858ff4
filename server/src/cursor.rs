//! What one socket has delivered of one conversation, so that each client
//! receives a conversation's messages in sequence order and without gaps.
//!
//! Hub events can overtake each other: two senders commit seq 5 then 6, but
//! the second may publish first. A socket therefore never forwards a message
//! that is not the next one its client lacks: when an event skips ahead, the
//! socket reads the missing stretch from the database (where everything up
//! to the event's sequence is already committed, since commits are
//! serialised) and sends it in order; later copies are dropped. A message
//! acknowledged to this socket's own client counts as delivered (the client
//! holds it from the `Ack`). Clients still dedupe and check for gaps: this
//! only spares them needless reconnections.

use std::collections::BTreeSet;

use yorisoi_protocol::{ConversationId, Message, OrganisationId, Seq};

use crate::error::StoreError;
use crate::store::Store;

/// The sequences one client holds of one conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The client holds every sequence from 1 to here.
    contiguous: Seq,
    /// Sequences above `contiguous` it also holds (its own acknowledged
    /// messages, which may come before a message from someone else).
    ahead: BTreeSet<Seq>,
}

impl Cursor {
    /// A client that holds 1..=`last_seq`.
    pub fn new(last_seq: Seq) -> Self {
        Cursor {
            contiguous: last_seq,
            ahead: BTreeSet::new(),
        }
    }

    /// The highest sequence below which nothing is missing.
    pub fn contiguous(&self) -> Seq {
        self.contiguous
    }

    /// True when the client already holds `seq`.
    pub fn holds(&self, seq: Seq) -> bool {
        seq <= self.contiguous || self.ahead.contains(&seq)
    }

    /// Records that the client now holds `seq`.
    pub fn cover(&mut self, seq: Seq) {
        if seq <= self.contiguous {
            return;
        }
        self.ahead.insert(seq);
        while self.ahead.remove(&(self.contiguous + 1)) {
            self.contiguous += 1;
        }
    }

    /// True when something below the highest held sequence is missing.
    pub fn has_gap(&self) -> bool {
        !self.ahead.is_empty()
    }

    /// What to send for a live `message`: nothing if held, the message if it
    /// is the next one, else the whole missing stretch from the database.
    pub async fn deliver(
        &mut self,
        store: &Store,
        organisation: OrganisationId,
        conversation: ConversationId,
        message: Message,
    ) -> Result<Vec<Message>, StoreError> {
        if self.holds(message.seq) {
            Ok(Vec::new())
        } else if message.seq == self.contiguous + 1 {
            self.cover(message.seq);
            Ok(vec![message])
        } else {
            self.fill(store, organisation, conversation).await
        }
    }

    /// Every committed message the client lacks, in order, from the database.
    pub async fn fill(
        &mut self,
        store: &Store,
        organisation: OrganisationId,
        conversation: ConversationId,
    ) -> Result<Vec<Message>, StoreError> {
        let mut missing = Vec::new();
        for message in store
            .messages_after(organisation, conversation, self.contiguous)
            .await?
        {
            if !self.holds(message.seq) {
                self.cover(message.seq);
                missing.push(message);
            }
        }
        Ok(missing)
    }
}

#[cfg(test)]
mod tests {
    use yorisoi_protocol::{Author, ClientId, Lang};

    use super::*;
    use crate::store::NewMessage;
    use crate::store::tests::temp_db;

    #[tokio::test]
    async fn an_event_that_overtook_another_is_delivered_after_it_from_the_database() {
        let db = temp_db().await;
        let (store, org) = (&db.store, db.org);
        let id = store
            .create_conversation(org, "digest", Lang::Ja, db.now())
            .await
            .expect("create");
        for n in 1..=3 {
            let client_id = ClientId(format!("00000000-0000-4000-8000-{n:012}"));
            let message = NewMessage {
                client_id: &client_id,
                author: &Author::Visitor,
                body: "m",
                nickname: None,
            };
            store
                .append_message(org, id, message, db.now())
                .await
                .expect("append");
        }
        let all = store.messages_after(org, id, 0).await.expect("all");
        let mut cursor = Cursor::new(1);
        // Seq 3's event arrives before seq 2's: both go out, in order.
        let sent = cursor
            .deliver(store, org, id, all[2].clone())
            .await
            .expect("deliver");
        assert_eq!(sent, all[1..].to_vec());
        let late = cursor
            .deliver(store, org, id, all[1].clone())
            .await
            .expect("late");
        assert_eq!(late, [], "the overtaken event is a duplicate now");
        assert_eq!(cursor.contiguous(), 3);
    }

    #[test]
    fn own_messages_ahead_join_the_contiguous_run_once_the_gap_fills() {
        let mut cursor = Cursor::new(2);
        assert!(cursor.holds(2) && !cursor.holds(3));
        cursor.cover(4);
        assert_eq!((cursor.contiguous(), cursor.has_gap()), (2, true));
        assert!(cursor.holds(4));
        cursor.cover(3);
        assert_eq!((cursor.contiguous(), cursor.has_gap()), (4, false));
        cursor.cover(1);
        assert_eq!(cursor.contiguous(), 4);
    }
}
