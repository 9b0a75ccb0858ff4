//! Writers on two nodes at once: a parent on node 1, the staff member's
//! console on node 2 and another of their consoles on node 1 each write
//! [`PER_WRITER`] messages into one conversation without waiting for each
//! other. Every message is acknowledged, at a sequence of one gap-free
//! order 1..N that is the database's, and every client ends up holding
//! exactly the database's history. Seed (the writers' pace): printed;
//! `YORISOI_TEST_SEED` replays.

use std::collections::HashMap;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};
use tokio::time::Instant;
use yorisoi_protocol::http::{CONSOLE_SOCKET, WIDGET_SOCKET};
use yorisoi_protocol::{ClientId, ConversationId, Seq};
use yorisoi_tests::verify::{assert_clients_match_database, seed, settle};
use yorisoi_tests::{ConsoleClient, TIMEOUT, WidgetClient};

use super::Cluster;

const PER_WRITER: usize = 40;

/// Writes `PER_WRITER` replies, pausing `pace` after each.
async fn staff_writes(
    mut console: ConsoleClient,
    conversation: ConversationId,
    who: &'static str,
    pace: Duration,
) -> ConsoleClient {
    for i in 0..PER_WRITER {
        console
            .reply(conversation, &format!("{who}の返信 {i}"))
            .await;
        console.pump_for(pace).await;
    }
    console
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writers_on_two_nodes_share_one_gap_free_order() {
    let seed = seed("nodes interleaved");
    let mut rng = StdRng::seed_from_u64(seed);
    let mut paces = (0..3).map(|_| Duration::from_millis(rng.random_range(0..3)));
    let cluster = Cluster::start().await;
    let deadline = Instant::now() + TIMEOUT;

    let mut parent = WidgetClient::visitor(cluster.ws(0, WIDGET_SOCKET), seed);
    parent.write("はじめまして").await;
    assert!(
        parent.run_until(deadline, |w| w.outbox.is_empty()).await,
        "the first message is acknowledged"
    );
    let mut consoles = Vec::new();
    for (n, offset) in [(1, 1), (0, 2)] {
        let url = cluster.ws(n, CONSOLE_SOCKET);
        let mut console = ConsoleClient::staff(url, cluster.login(n).await, seed + offset);
        let ready = console
            .run_until(deadline, |c| c.is_settled() && !c.summaries.is_empty())
            .await;
        assert!(
            ready,
            "the console on node {} opened the conversation",
            n + 1
        );
        consoles.push(console);
    }
    let conversation = consoles[0].flavour.conversation_ids()[0];

    let pace = paces.next().expect("a pace");
    let parent_writes = tokio::spawn(async move {
        for i in 0..PER_WRITER {
            parent.write(&format!("親のメッセージ {i}")).await;
            parent.pump_for(pace).await;
        }
        parent
    });
    let node_1_console = consoles.pop().expect("the console on node 1");
    let node_2_console = consoles.pop().expect("the console on node 2");
    let node_2_writes = tokio::spawn(staff_writes(
        node_2_console,
        conversation,
        "二号機",
        paces.next().expect("a pace"),
    ));
    let node_1_writes = tokio::spawn(staff_writes(
        node_1_console,
        conversation,
        "一号機",
        paces.next().expect("a pace"),
    ));
    let mut widgets = [parent_writes.await.expect("the parent's task")];
    let mut consoles = [
        node_2_writes.await.expect("node 2's console task"),
        node_1_writes.await.expect("node 1's console task"),
    ];

    let records = cluster.records().await;
    settle(
        &records,
        &mut widgets,
        &mut consoles,
        Duration::from_secs(30),
    )
    .await;

    // Which writer wrote each message, from its Acks: each written message
    // acknowledged, each Ack at a sequence of its own.
    let mut writer_at: HashMap<Seq, (usize, ClientId)> = HashMap::new();
    let mut acknowledge = |writer: usize, client_id: &ClientId, seq: Seq| {
        let earlier = writer_at.insert(seq, (writer, client_id.clone()));
        assert!(
            earlier.is_none(),
            "two Acks for sequence {seq}: {earlier:?}"
        );
    };
    assert_eq!(widgets[0].flavour.acked.len(), PER_WRITER + 1, "parent");
    for (client_id, seq) in &widgets[0].flavour.acked {
        acknowledge(0, client_id, *seq);
    }
    for (n, console) in consoles.iter().enumerate() {
        assert_eq!(console.flavour.acked.len(), PER_WRITER, "console {n}");
        for (acked_in, client_id, seq) in &console.flavour.acked {
            assert_eq!(*acked_in, conversation);
            acknowledge(n + 1, client_id, *seq);
        }
    }

    let total = 1 + 3 * PER_WRITER;
    let stored = records.messages(conversation).await;
    assert_eq!(stored.len(), total, "every message stored once");
    let mut writers = Vec::new();
    for message in &stored {
        let (writer, client_id) = writer_at
            .get(&message.seq)
            .unwrap_or_else(|| panic!("sequence {} was never acknowledged", message.seq));
        assert_eq!(
            *client_id, message.client_id,
            "the Ack named the stored one"
        );
        writers.push(*writer);
    }
    assert_eq!(
        assert_clients_match_database(&records, &widgets, &consoles).await,
        total
    );
    let switches = writers.windows(2).filter(|w| w[0] != w[1]).count();
    eprintln!("nodes interleaved: {total} messages, the writer changed {switches} times");
    assert!(switches >= 3, "the writers did write at the same time");
}
