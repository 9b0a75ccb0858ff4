//! Crash: the real `yorisoi` binary is killed with SIGKILL at a seeded
//! random point while three parents and a staff member stream 200 messages,
//! then restarted on the same database. The clients resume and resend their
//! outboxes; every acknowledged message must be stored exactly once at the
//! sequence its Ack named, and every client must hold exactly the database's
//! history, in the same order. Seed: printed; `YORISOI_TEST_SEED` replays.

use std::sync::Arc;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};
use tokio::sync::watch;
use yorisoi_server::Config;
use yorisoi_server::store::Store;
use yorisoi_tests::process::{ServerProcess, free_address, staff_add};
use yorisoi_tests::verify::{Records, assert_clients_match_database, seed, settle};
use yorisoi_tests::{ConsoleClient, WidgetClient};

const PARENTS: u64 = 3;
const PER_PARENT: usize = 60;
const REPLIES: usize = 20;
const PASSWORD: &str = "crash test password";

/// Logs in over HTTP and returns the session's `Cookie` header value.
async fn session_cookie(address: std::net::SocketAddr) -> String {
    let response = reqwest::Client::new()
        .post(format!("http://{address}/api/staff/login"))
        .header("origin", format!("http://{address}"))
        .header(yorisoi_protocol::http::CSRF_HEADER, "1")
        .json(&yorisoi_protocol::http::LoginRequest {
            email: "kai@example.org".into(),
            password: PASSWORD.into(),
        })
        .send()
        .await
        .expect("login");
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .expect("a session cookie");
    set_cookie
        .split(';')
        .next()
        .expect("cookie pair")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_messages_survive_sigkill_exactly_once_and_in_one_order() {
    let seed = seed("crash");
    let mut rng = StdRng::seed_from_u64(seed);
    let total = PARENTS as usize * PER_PARENT + REPLIES;
    let kill_after = rng.random_range(10..total - 10);
    eprintln!("crash: SIGKILL after {kill_after} of {total} acknowledgements");

    let dir = tempfile::tempdir().expect("tempdir");
    let database = dir.path().join("yorisoi.db");
    let address = free_address();
    staff_add(dir.path(), &database, "kai@example.org", "Kai", PASSWORD).await;
    let server = ServerProcess::start(dir.path(), &database, address).await;
    let cookie = session_cookie(address).await;

    let (acks, mut acked) = watch::channel(0_usize);
    let acks = Arc::new(acks);
    let widget_url = format!("ws://{address}/api/widget/ws");
    let mut parents = Vec::new();
    for n in 0..PARENTS {
        let mut widget = WidgetClient::visitor(widget_url.clone(), seed.wrapping_add(n));
        let pace = rng.random_range(1..4);
        let acks = acks.clone();
        parents.push(tokio::spawn(async move {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(40);
            for i in 0..PER_PARENT {
                let before = widget.flavour.acked.len();
                widget.write(&format!("parent {n} message {i}")).await;
                widget.pump_for(Duration::from_millis(pace)).await;
                acks.send_modify(|count| *count += widget.flavour.acked.len() - before);
            }
            // Keep counting until every message is acknowledged (the kill
            // may come in between: the outbox survives it).
            while !widget.flavour.outbox.is_empty() && tokio::time::Instant::now() < deadline {
                let before = widget.flavour.acked.len();
                widget.pump_for(Duration::from_millis(5)).await;
                acks.send_modify(|count| *count += widget.flavour.acked.len() - before);
            }
            widget
        }));
    }
    let mut console = ConsoleClient::staff(
        format!("ws://{address}/api/console/ws"),
        cookie,
        seed.wrapping_add(100),
    );
    let console_acks = acks.clone();
    let staff = tokio::spawn(async move {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(40);
        console
            .run_until(deadline, |c| !c.summaries.is_empty())
            .await;
        for i in 0..REPLIES {
            let before = console.flavour.acked.len();
            let ids = console.flavour.conversation_ids();
            console
                .reply(ids[i % ids.len()], &format!("reply {i}"))
                .await;
            console.pump_for(Duration::from_millis(5)).await;
            console_acks.send_modify(|count| *count += console.flavour.acked.len() - before);
        }
        while !console.flavour.outbox.is_empty() && tokio::time::Instant::now() < deadline {
            let before = console.flavour.acked.len();
            console.pump_for(Duration::from_millis(5)).await;
            console_acks.send_modify(|count| *count += console.flavour.acked.len() - before);
        }
        console
    });

    tokio::time::timeout(
        Duration::from_secs(30),
        acked.wait_for(|n| *n >= kill_after),
    )
    .await
    .expect("enough acknowledgements before the kill")
    .expect("ack counter alive");
    server.kill().await;
    let acked_before_kill = *acked.borrow();
    let server = ServerProcess::start(dir.path(), &database, address).await;

    let mut widgets = Vec::new();
    for parent in parents {
        widgets.push(parent.await.expect("parent task"));
    }
    let mut consoles = [staff.await.expect("staff task")];
    let config = Config {
        database: database.clone(),
        ..Config::default()
    };
    let first = yorisoi_server::admin::default_organisation(&config)
        .await
        .expect("the one organisation");
    let store = Store::open(&database).await.expect("open the database");
    let records = Records::new(store, first.id);
    settle(
        &records,
        &mut widgets,
        &mut consoles,
        Duration::from_secs(20),
    )
    .await;

    // Every Ack names a stored message, at the sequence it said.
    for widget in &widgets {
        let conversation = records.conversation_of(&widget.flavour.token).await;
        let messages = records.messages(conversation).await;
        for (client_id, seq) in &widget.flavour.acked {
            let found: Vec<_> = messages
                .iter()
                .filter(|m| m.client_id == *client_id)
                .collect();
            assert_eq!(found.len(), 1, "acknowledged {client_id:?} stored once");
            assert_eq!(found[0].seq, *seq, "at the acknowledged sequence");
        }
    }
    for (conversation, client_id, seq) in &consoles[0].flavour.acked {
        let messages = records.messages(*conversation).await;
        let found: Vec<_> = messages
            .iter()
            .filter(|m| m.client_id == *client_id)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "acknowledged reply {client_id:?} stored once"
        );
        assert_eq!(found[0].seq, *seq);
    }
    let stored = assert_clients_match_database(&records, &widgets, &consoles).await;
    assert_eq!(stored, total, "every written message stored exactly once");
    eprintln!(
        "crash: {acked_before_kill} acknowledged before SIGKILL; {stored} stored; \
         reconnections {:?}",
        widgets.iter().map(|w| w.connections).collect::<Vec<_>>()
    );
    server.kill().await;
}
