//! What the delivery tests assert, in one place: the test seed (printed,
//! overridable with `YORISOI_TEST_SEED`), an organisation's stored records
//! ([`Records`]), letting reference clients settle (outboxes empty, then
//! caught up with the database), and comparing every client's history with
//! the database: zero lost, zero duplicated, one order.

use std::collections::HashSet;
use std::time::Duration;

use futures_util::future::join_all;
use tokio::time::Instant;
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{ConversationId, Message, OrganisationId};
use yorisoi_server::secrets::digest;
use yorisoi_server::store::Store;

use crate::{ConsoleClient, WidgetClient};

/// The seed of a randomised test: `YORISOI_TEST_SEED` if set, else fresh.
/// Printed so a failure can be replayed.
pub fn seed(test: &str) -> u64 {
    let seed = match std::env::var("YORISOI_TEST_SEED") {
        Ok(value) => value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("YORISOI_TEST_SEED={value} is not a u64")),
        Err(_) => rand::random(),
    };
    eprintln!("{test}: seed {seed} (replay with YORISOI_TEST_SEED={seed})");
    seed
}

/// One organisation's stored conversations, read straight from the
/// database: what the clients of that organisation must match.
#[derive(Debug, Clone)]
pub struct Records {
    /// A handle on the server's database.
    pub store: Store,
    /// Whose records.
    pub organisation: OrganisationId,
}

impl Records {
    /// The records of `organisation` in `store`.
    pub fn new(store: Store, organisation: OrganisationId) -> Records {
        Records {
            store,
            organisation,
        }
    }

    /// The conversation of a visitor token, if it has one.
    pub async fn find_conversation(&self, token: &str) -> Option<ConversationId> {
        let found = self
            .store
            .conversation_by_token(self.organisation, &digest(token))
            .await
            .expect("query the conversation");
        found.map(|conversation| conversation.id)
    }

    /// The conversation of a visitor token, which must exist.
    pub async fn conversation_of(&self, token: &str) -> ConversationId {
        self.find_conversation(token)
            .await
            .expect("the visitor has a conversation")
    }

    /// Every stored message of a conversation.
    pub async fn messages(&self, conversation: ConversationId) -> Vec<Message> {
        self.store
            .messages_after(self.organisation, conversation, 0)
            .await
            .expect("read the stored messages")
    }

    /// Every conversation's summary.
    pub async fn summaries(&self) -> Vec<ConversationSummary> {
        self.store
            .summaries(self.organisation, None, usize::MAX)
            .await
            .expect("read the summaries")
    }
}

/// Runs every client until its outbox is empty, then until it holds every
/// stored message of its conversations; fails after `timeout`.
pub async fn settle(
    records: &Records,
    widgets: &mut [WidgetClient],
    consoles: &mut [ConsoleClient],
    timeout: Duration,
) {
    let deadline = Instant::now() + timeout;
    let flushed = join_all(
        widgets
            .iter_mut()
            .map(|w| w.run_until(deadline, |w| w.is_settled())),
    );
    let consoles_flushed = join_all(
        consoles
            .iter_mut()
            .map(|c| c.run_until(deadline, |c| c.is_settled())),
    );
    let (flushed, consoles_flushed) = tokio::join!(flushed, consoles_flushed);
    for (n, done) in flushed.iter().enumerate() {
        assert!(
            done,
            "widget {n} did not empty its outbox: {:?}",
            widgets[n].flavour.outbox
        );
    }
    for (n, done) in consoles_flushed.iter().enumerate() {
        assert!(
            done,
            "console {n} did not settle: outbox {:?}",
            consoles[n].flavour.outbox
        );
    }

    // Nobody writes any more: the database is final. Catch up with it.
    let summaries = records.summaries().await;
    let mut widget_targets = Vec::new();
    for widget in widgets.iter() {
        let conversation = records.conversation_of(&widget.flavour.token).await;
        let summary = summaries.iter().find(|s| s.id == conversation);
        widget_targets.push(summary.map_or(0, |s| s.last_seq));
    }
    let caught_up = join_all(
        widgets
            .iter_mut()
            .zip(&widget_targets)
            .map(|(w, target)| w.run_until(deadline, move |w| w.history.contiguous() >= *target)),
    );
    let targets: Vec<(ConversationId, u64)> =
        summaries.iter().map(|s| (s.id, s.last_seq)).collect();
    let consoles_caught_up = join_all(consoles.iter_mut().map(|c| {
        let targets = targets.clone();
        c.run_until(deadline, move |c| {
            c.is_settled()
                && targets.iter().all(|(id, last)| {
                    c.conversations
                        .get(id)
                        .is_some_and(|history| history.contiguous() >= *last)
                })
        })
    }));
    let (caught_up, consoles_caught_up) = tokio::join!(caught_up, consoles_caught_up);
    assert!(
        caught_up.iter().all(|done| *done),
        "widgets caught up: {caught_up:?}"
    );
    assert!(
        consoles_caught_up.iter().all(|done| *done),
        "consoles caught up: {consoles_caught_up:?}"
    );
}

/// Every widget holds exactly its stored conversation and every console
/// exactly every stored conversation: same messages, same order, nothing
/// missing, nothing twice, nothing failed. Returns the number of messages.
pub async fn assert_clients_match_database(
    records: &Records,
    widgets: &[WidgetClient],
    consoles: &[ConsoleClient],
) -> usize {
    let summaries = records.summaries().await;
    let mut total = 0;
    let mut client_ids = HashSet::new();
    for summary in &summaries {
        let messages = records.messages(summary.id).await;
        let seqs: Vec<u64> = messages.iter().map(|m| m.seq).collect();
        let expected: Vec<u64> = (1..=summary.last_seq).collect();
        assert_eq!(seqs, expected, "stored sequences have no gap");
        for message in &messages {
            assert!(
                client_ids.insert(message.client_id.clone()),
                "client id {:?} stored twice",
                message.client_id
            );
        }
        total += messages.len();
        for (n, console) in consoles.iter().enumerate() {
            let held = console
                .flavour
                .conversations
                .get(&summary.id)
                .map(|h| h.messages())
                .unwrap_or_default();
            assert_eq!(held, messages, "console {n}, conversation {:?}", summary.id);
        }
    }
    for (n, console) in consoles.iter().enumerate() {
        assert_eq!(
            console.flavour.conversations.len(),
            summaries.len(),
            "console {n}"
        );
        assert!(
            console.flavour.failed.is_empty(),
            "console {n} failed sends"
        );
    }
    for (n, widget) in widgets.iter().enumerate() {
        let conversation = records.conversation_of(&widget.flavour.token).await;
        assert_eq!(
            widget.flavour.history.messages(),
            records.messages(conversation).await,
            "widget {n}"
        );
        assert!(widget.flavour.failed.is_empty(), "widget {n} failed sends");
    }
    total
}
