//! Failover: parents stream messages to node 1 while the staff member
//! replies from node 2; node 1 is killed with SIGKILL at a seeded point
//! (right after one more parent put a burst on the wire, so writes are
//! surely in flight), and its parents reconnect to node 2, as a load
//! balancer would send them, and resend their outboxes. Proven: the kill
//! interrupted writes (some burst messages were not stored), yet no
//! acknowledged message is lost, none is stored twice, every Ack names the
//! stored message at its sequence, and every client ends up holding
//! exactly the database's history. Seed: printed; `YORISOI_TEST_SEED`
//! replays.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};
use tokio::sync::watch;
use tokio::time::Instant;
use yorisoi_protocol::ClientId;
use yorisoi_protocol::http::{CONSOLE_SOCKET, WIDGET_SOCKET};
use yorisoi_tests::verify::{Records, assert_clients_match_database, seed, settle};
use yorisoi_tests::{ConsoleClient, TIMEOUT, WidgetClient};

use super::Cluster;

const PARENTS: u64 = 3;
const PER_PARENT: usize = 40;
const REPLIES: usize = 20;
/// Messages the last parent puts on the wire just before the kill, without
/// waiting for any Ack.
const BURST: usize = 30;

/// What a streaming parent shares with the test: Acks counted, and
/// whether node 1 is dead (then it moves to node 2).
#[derive(Clone)]
struct Signals {
    acks: Arc<watch::Sender<usize>>,
    failover: watch::Receiver<bool>,
    node_2: String,
}

/// The same parent (token, history, outbox), now sent to `url`.
fn moved_to(widget: WidgetClient, url: &str, seed: u64) -> WidgetClient {
    WidgetClient::new(widget.flavour, url.to_owned(), None, seed)
}

/// One parent streaming [`PER_PARENT`] messages from node 1, moving to
/// node 2 once told node 1 died, until its messages are all acknowledged
/// or it has moved (then `settle` resends the rest).
async fn stream(
    mut widget: WidgetClient,
    n: u64,
    pace: Duration,
    seed: u64,
    signals: Signals,
) -> WidgetClient {
    let (mut written, mut moved) = (0, false);
    loop {
        if !moved && *signals.failover.borrow() {
            widget = moved_to(widget, &signals.node_2, seed);
            moved = true;
        }
        let before = widget.flavour.acked.len();
        if written < PER_PARENT {
            widget.write(&format!("親{n}のメッセージ {written}")).await;
            written += 1;
            widget.pump_for(pace).await;
        } else if widget.flavour.outbox.is_empty() || moved {
            break;
        } else {
            // Keep counting Acks until all are in or node 1 is dead.
            widget.pump_for(Duration::from_millis(5)).await;
        }
        let new = widget.flavour.acked.len() - before;
        signals.acks.send_modify(|count| *count += new);
    }
    if !moved {
        // Done before the kill, or waiting on it: on to node 2 either way.
        let mut failover = signals.failover.clone();
        failover
            .wait_for(|dead| *dead)
            .await
            .expect("the test runs");
        widget = moved_to(widget, &signals.node_2, seed);
    }
    widget
}

/// The client id of every stored message of the organisation.
async fn stored_client_ids(records: &Records) -> HashSet<ClientId> {
    let mut ids = HashSet::new();
    for summary in records.summaries().await {
        for message in records.messages(summary.id).await {
            ids.insert(message.client_id);
        }
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parents_of_a_killed_node_resend_to_the_other_and_lose_nothing() {
    let seed = seed("nodes failover");
    let mut rng = StdRng::seed_from_u64(seed);
    let streamed = PARENTS as usize * PER_PARENT + REPLIES;
    let kill_after = rng.random_range(10..streamed - 20);
    eprintln!("nodes failover: SIGKILL of node 1 after {kill_after} of {streamed} Acks");
    let mut cluster = Cluster::start().await;
    let records = cluster.records().await;
    let (node_1, node_2) = (cluster.ws(0, WIDGET_SOCKET), cluster.ws(1, WIDGET_SOCKET));

    let (acks, mut acked) = watch::channel(0_usize);
    let (failover, dead) = watch::channel(false);
    let signals = Signals {
        acks: Arc::new(acks),
        failover: dead,
        node_2: node_2.clone(),
    };
    let mut parents = Vec::new();
    for n in 0..PARENTS {
        let widget = WidgetClient::visitor(node_1.clone(), seed.wrapping_add(n));
        let pace = Duration::from_millis(rng.random_range(1..4));
        let task = stream(widget, n, pace, seed.wrapping_add(n), signals.clone());
        parents.push(tokio::spawn(task));
    }
    let cookie = cluster.login(1).await;
    let mut console = ConsoleClient::staff(cluster.ws(1, CONSOLE_SOCKET), cookie, seed + 100);
    let console_acks = signals.acks.clone();
    let staff = tokio::spawn(async move {
        let deadline = Instant::now() + TIMEOUT;
        let known = console
            .run_until(deadline, |c| !c.summaries.is_empty())
            .await;
        assert!(known, "the console on node 2 learnt of a conversation");
        for i in 0..REPLIES {
            let before = console.flavour.acked.len();
            let ids = console.flavour.conversation_ids();
            console
                .reply(ids[i % ids.len()], &format!("返信 {i}"))
                .await;
            console.pump_for(Duration::from_millis(5)).await;
            let new = console.flavour.acked.len() - before;
            console_acks.send_modify(|count| *count += new);
        }
        console
    });

    tokio::time::timeout(
        Duration::from_secs(30),
        acked.wait_for(|n| *n >= kill_after),
    )
    .await
    .expect("enough Acks before the kill")
    .expect("the Ack counter");
    let mut burst = WidgetClient::visitor(node_1.clone(), seed.wrapping_add(PARENTS));
    let welcomed = burst
        .run_until(Instant::now() + TIMEOUT, |w| w.welcomed)
        .await;
    assert!(welcomed, "the bursting parent is welcomed on node 1");
    let mut burst_ids = Vec::new();
    for i in 0..BURST {
        burst_ids.push(burst.write(&format!("一気に {i}")).await);
    }
    // Kill as soon as node 1 acknowledged the first of the burst: the rest
    // is being stored, acknowledged or still on the wire.
    let first_acked = burst
        .run_until(Instant::now() + TIMEOUT, |w| !w.acked.is_empty())
        .await;
    assert!(first_acked, "node 1 acknowledges the burst's first message");
    cluster.take(0).kill().await;
    failover.send_replace(true);
    let acked_before_kill = *acked.borrow() + burst.flavour.acked.len();

    // What node 1 left: everything it acknowledged, and not the whole burst.
    let stored_at_kill = stored_client_ids(&records).await;
    let burst_acked: HashSet<&ClientId> = burst.flavour.acked.iter().map(|(id, _)| id).collect();
    assert!(
        burst_acked.iter().all(|id| stored_at_kill.contains(*id)),
        "every Ack node 1 sent names a stored message"
    );
    let stored_unacknowledged = burst_ids
        .iter()
        .filter(|id| stored_at_kill.contains(*id) && !burst_acked.contains(id))
        .count();
    let unstored = burst_ids
        .iter()
        .filter(|id| !stored_at_kill.contains(*id))
        .count();
    eprintln!(
        "nodes failover: {acked_before_kill} Acks at the kill; of the burst {} acknowledged, \
         {stored_unacknowledged} stored but not acknowledged, {unstored} not stored",
        burst_acked.len()
    );
    assert!(unstored > 0, "the kill must interrupt writes");

    let mut widgets = Vec::new();
    for parent in parents {
        widgets.push(parent.await.expect("a parent's task"));
    }
    widgets.push(moved_to(burst, &node_2, seed.wrapping_add(PARENTS)));
    let mut consoles = [staff.await.expect("the staff task")];
    settle(
        &records,
        &mut widgets,
        &mut consoles,
        Duration::from_secs(30),
    )
    .await;

    // Every Ack names a stored message, at the sequence it said.
    let mut acknowledged = Vec::new();
    for widget in &widgets {
        let conversation = records.conversation_of(&widget.flavour.token).await;
        for (client_id, seq) in &widget.flavour.acked {
            acknowledged.push((conversation, client_id, *seq));
        }
    }
    for (conversation, client_id, seq) in &consoles[0].flavour.acked {
        acknowledged.push((*conversation, client_id, *seq));
    }
    for (conversation, client_id, seq) in acknowledged {
        let messages = records.messages(conversation).await;
        let found: Vec<_> = messages
            .iter()
            .filter(|m| m.client_id == *client_id)
            .collect();
        assert_eq!(found.len(), 1, "acknowledged {client_id:?} stored once");
        assert_eq!(
            found[0].seq, seq,
            "{client_id:?} at the acknowledged sequence"
        );
    }
    let stored = assert_clients_match_database(&records, &widgets, &consoles).await;
    assert_eq!(
        stored,
        streamed + BURST,
        "every written message stored exactly once"
    );
    eprintln!("nodes failover: {stored} stored, each once");
}
