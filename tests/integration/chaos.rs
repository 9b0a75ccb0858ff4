//! Chaos: three parents and two staff consoles talk to the in-process
//! server through a proxy that drops, delays, duplicates frames and cuts
//! connections in both directions (seeded, bounded by a fault budget and by
//! the length of the writing phase). Then the network calms down (chaos off,
//! every connection cut once more), the clients reconnect, resend and
//! resume, and each must hold exactly the database's history: zero lost,
//! zero duplicated, one order, and every parent message and every staff
//! reply written is stored (counted by author, so missing replies fail the
//! test as surely as missing parent messages). Seed: printed;
//! `YORISOI_TEST_SEED` replays.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};
use yorisoi_protocol::Author;
use yorisoi_tests::chaos::{ChaosProxy, Faults};
use yorisoi_tests::verify::{Records, assert_clients_match_database, seed, settle};
use yorisoi_tests::{ConsoleClient, TestServer, WidgetClient};

const PARENTS: u64 = 3;
const PER_PARENT: usize = 40;
const CONSOLES: u64 = 2;
const PER_CONSOLE: usize = 20;

const FAULTS: Faults = Faults {
    drop: 0.04,
    duplicate: 0.04,
    delay: 0.04,
    cut: 0.015,
    max_delay: Duration::from_millis(120),
    budget: 200,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_a_lossy_network_every_client_ends_with_exactly_the_database() {
    let seed = seed("chaos");
    let mut rng = StdRng::seed_from_u64(seed);
    let started = tokio::time::Instant::now();
    let server = TestServer::start().await;
    let proxy = ChaosProxy::start(server.ws_url(""), seed, FAULTS).await;

    let mut parents = Vec::new();
    for n in 0..PARENTS {
        let url = proxy.ws_url("/api/widget/ws");
        let mut widget = WidgetClient::visitor(url, seed.wrapping_add(n));
        let pace = Duration::from_millis(rng.random_range(2..8));
        parents.push(tokio::spawn(async move {
            for i in 0..PER_PARENT {
                widget
                    .write(&format!("parent {n} message {i} 夜泣き"))
                    .await;
                widget.pump_for(pace).await;
            }
            widget
        }));
    }
    let mut staff = Vec::new();
    for n in 0..CONSOLES {
        let email = format!("staff{n}@example.org");
        let (_info, cookie) = server.staff_cookie(&email, &format!("Staff {n}")).await;
        let url = proxy.ws_url("/api/console/ws");
        let mut console = ConsoleClient::staff(url, cookie, seed.wrapping_add(100 + n));
        staff.push(tokio::spawn(async move {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
            // Without a conversation there is nobody to reply to: the
            // console must get there, or the test would pass with no reply.
            assert!(
                console
                    .run_until(deadline, |c| !c.summaries.is_empty())
                    .await,
                "console {n} never learnt of a conversation"
            );
            for i in 0..PER_CONSOLE {
                let ids = console.flavour.conversation_ids();
                let id = ids[i % ids.len()];
                console.reply(id, &format!("staff {n} reply {i}")).await;
                console.pump_for(Duration::from_millis(10)).await;
            }
            console
        }));
    }
    let mut widgets = Vec::new();
    for parent in parents {
        widgets.push(parent.await.expect("parent task"));
    }
    let mut consoles = Vec::new();
    for console in staff {
        consoles.push(console.await.expect("staff task"));
    }
    let stats = proxy.stats();
    eprintln!("chaos: faults during writing {stats:?}");
    proxy.calm();

    let records = server.records().await;
    settle(
        &records,
        &mut widgets,
        &mut consoles,
        Duration::from_secs(15),
    )
    .await;
    let stored = assert_clients_match_database(&records, &widgets, &consoles).await;
    let written = widgets.iter().map(|w| w.flavour.acked.len()).sum::<usize>()
        + consoles
            .iter()
            .map(|c| c.flavour.acked.len())
            .sum::<usize>();
    assert_eq!(stored, written, "every written message stored exactly once");
    assert_eq!(
        widgets.iter().map(|w| w.flavour.acked.len()).sum::<usize>(),
        PARENTS as usize * PER_PARENT,
        "every parent message acknowledged"
    );
    assert_eq!(
        consoles
            .iter()
            .map(|c| c.flavour.acked.len())
            .sum::<usize>(),
        CONSOLES as usize * PER_CONSOLE,
        "every staff reply acknowledged"
    );
    assert_eq!(
        stored_by_author(&records).await,
        (
            PARENTS as usize * PER_PARENT,
            CONSOLES as usize * PER_CONSOLE
        ),
        "stored (parent messages, staff replies)"
    );
    let faults = stats.dropped + stats.duplicated + stats.delayed + stats.cut;
    assert!(faults > 0, "the proxy injected faults: {stats:?}");
    eprintln!(
        "chaos: {stored} messages, {faults} faults, {} connections, {:?}",
        proxy.stats().connections,
        started.elapsed()
    );
}

/// How many stored messages the parents wrote, and how many staff did.
async fn stored_by_author(records: &Records) -> (usize, usize) {
    let (mut parents, mut staff) = (0, 0);
    for summary in records.summaries().await {
        for message in records.messages(summary.id).await {
            match message.author {
                Author::Visitor => parents += 1,
                Author::Staff { .. } => staff += 1,
            }
        }
    }
    (parents, staff)
}
