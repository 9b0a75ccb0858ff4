//! Crash: the real `yorisoi` binary is killed with SIGKILL at a seeded
//! random point while three parents and a staff member stream 200 messages
//! (and, right at the kill, one more parent bursts a few messages onto the
//! wire, so writes are surely in flight), then restarted on the same
//! database. The test proves the kill interrupted writes: some messages
//! written before it were neither acknowledged nor stored when the server
//! died; and that it lost nothing promised: every message acknowledged
//! before the kill is in the database the dead server left. The clients then
//! resume and resend their outboxes; every acknowledged message must be
//! stored exactly once at the sequence its Ack named, and every client must
//! hold exactly the database's history, in the same order. Seed: printed;
//! `YORISOI_TEST_SEED` replays.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};
use tokio::sync::watch;
use tokio::time::Instant;
use yorisoi_protocol::ClientId;
use yorisoi_server::Config;
use yorisoi_server::store::Store;
use yorisoi_tests::process::{ServerProcess, free_address, staff_add};
use yorisoi_tests::verify::{Records, assert_clients_match_database, seed, settle};
use yorisoi_tests::{ConsoleClient, WidgetClient};

const PARENTS: u64 = 3;
const PER_PARENT: usize = 60;
const REPLIES: usize = 20;
/// Messages the last parent puts on the wire just before the kill, without
/// waiting for any Ack.
const BURST: usize = 30;
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

/// When each message of one client was written and when its Ack was seen.
/// Each instant is taken *after* the event, so "before the kill" is never
/// claimed for something that happened after it.
#[derive(Debug, Default)]
struct Timeline {
    written: Vec<(ClientId, Instant)>,
    acked: Vec<(ClientId, Instant)>,
}

impl Timeline {
    fn wrote(&mut self, client_id: ClientId) {
        self.written.push((client_id, Instant::now()));
    }

    /// Records the Acks seen since there were `before`; returns how many.
    fn saw_acks<'a>(&mut self, before: usize, acked: impl Iterator<Item = &'a ClientId>) -> usize {
        let (now, held) = (Instant::now(), self.acked.len());
        self.acked
            .extend(acked.skip(before).map(|id| (id.clone(), now)));
        self.acked.len() - held
    }

    fn written_before(&self, instant: Instant) -> impl Iterator<Item = &ClientId> {
        self.written
            .iter()
            .filter(move |(_, at)| *at < instant)
            .map(|(id, _)| id)
    }

    fn acked_before(&self, instant: Instant) -> impl Iterator<Item = &ClientId> {
        self.acked
            .iter()
            .filter(move |(_, at)| *at < instant)
            .map(|(id, _)| id)
    }
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

/// The records of the database's (only) organisation.
async fn records_of(database: &std::path::Path) -> Records {
    let config = Config {
        database: database.into(),
        ..Config::default()
    };
    let first = yorisoi_server::admin::default_organisation(&config)
        .await
        .expect("the one organisation");
    let store = Store::open(&config.database)
        .await
        .expect("open the database");
    Records::new(store, first.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_messages_survive_sigkill_exactly_once_and_in_one_order() {
    let seed = seed("crash");
    let mut rng = StdRng::seed_from_u64(seed);
    let streamed = PARENTS as usize * PER_PARENT + REPLIES;
    let total = streamed + BURST;
    let kill_after = rng.random_range(10..streamed - 10);
    eprintln!("crash: SIGKILL after {kill_after} of {streamed} acknowledgements");

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
            let mut timeline = Timeline::default();
            let deadline = Instant::now() + Duration::from_secs(40);
            for i in 0..PER_PARENT {
                let before = widget.flavour.acked.len();
                let client_id = widget.write(&format!("parent {n} message {i}")).await;
                timeline.wrote(client_id);
                widget.pump_for(Duration::from_millis(pace)).await;
                let new = timeline.saw_acks(before, widget.flavour.acked.iter().map(|(id, _)| id));
                acks.send_modify(|count| *count += new);
            }
            // Keep counting until every message is acknowledged (the kill
            // may come in between: the outbox survives it).
            while !widget.flavour.outbox.is_empty() && Instant::now() < deadline {
                let before = widget.flavour.acked.len();
                widget.pump_for(Duration::from_millis(5)).await;
                let new = timeline.saw_acks(before, widget.flavour.acked.iter().map(|(id, _)| id));
                acks.send_modify(|count| *count += new);
            }
            (widget, timeline)
        }));
    }
    let mut console = ConsoleClient::staff(
        format!("ws://{address}/api/console/ws"),
        cookie,
        seed.wrapping_add(100),
    );
    let console_acks = acks.clone();
    let staff = tokio::spawn(async move {
        let mut timeline = Timeline::default();
        let deadline = Instant::now() + Duration::from_secs(40);
        assert!(
            console
                .run_until(deadline, |c| !c.summaries.is_empty())
                .await,
            "the console never learnt of a conversation to reply to"
        );
        for i in 0..REPLIES {
            let before = console.flavour.acked.len();
            let ids = console.flavour.conversation_ids();
            let client_id = console
                .reply(ids[i % ids.len()], &format!("reply {i}"))
                .await;
            timeline.wrote(client_id);
            console.pump_for(Duration::from_millis(5)).await;
            let new = timeline.saw_acks(before, console.flavour.acked.iter().map(|(_, id, _)| id));
            console_acks.send_modify(|count| *count += new);
        }
        while !console.flavour.outbox.is_empty() && Instant::now() < deadline {
            let before = console.flavour.acked.len();
            console.pump_for(Duration::from_millis(5)).await;
            let new = timeline.saw_acks(before, console.flavour.acked.iter().map(|(_, id, _)| id));
            console_acks.send_modify(|count| *count += new);
        }
        (console, timeline)
    });

    tokio::time::timeout(
        Duration::from_secs(30),
        acked.wait_for(|n| *n >= kill_after),
    )
    .await
    .expect("enough acknowledgements before the kill")
    .expect("ack counter alive");
    // One more parent, welcomed, puts a burst on the wire and does not wait.
    let mut burst = WidgetClient::visitor(widget_url.clone(), seed.wrapping_add(PARENTS));
    assert!(
        burst
            .run_until(Instant::now() + Duration::from_secs(10), |w| w.welcomed)
            .await,
        "the bursting parent is welcomed"
    );
    let mut burst_timeline = Timeline::default();
    for i in 0..BURST {
        let client_id = burst.write(&format!("burst message {i}")).await;
        burst_timeline.wrote(client_id);
    }
    let killed_at = Instant::now();
    server.kill().await;
    let acked_before_kill = *acked.borrow();

    // What the dead server left: every Ack it sent is kept, and some
    // messages written before the kill are missing (they must be resent).
    let stored_at_kill = stored_client_ids(&records_of(&database).await).await;
    let server = ServerProcess::start(dir.path(), &database, address).await;

    let mut widgets = Vec::new();
    let mut timelines = Vec::new();
    for parent in parents {
        let (widget, timeline) = parent.await.expect("parent task");
        widgets.push(widget);
        timelines.push(timeline);
    }
    widgets.push(burst);
    timelines.push(burst_timeline);
    let (console, console_timeline) = staff.await.expect("staff task");
    let mut consoles = [console];
    timelines.push(console_timeline);

    let written: HashSet<&ClientId> = timelines
        .iter()
        .flat_map(|t| t.written_before(killed_at))
        .collect();
    let acknowledged: HashSet<&ClientId> = timelines
        .iter()
        .flat_map(|t| t.acked_before(killed_at))
        .collect();
    let lost_acknowledged: Vec<_> = acknowledged
        .iter()
        .filter(|id| !stored_at_kill.contains(**id))
        .collect();
    assert!(
        lost_acknowledged.is_empty(),
        "acknowledged before the kill but not in the database it left: {lost_acknowledged:?}"
    );
    let in_flight = written.difference(&acknowledged).count();
    let unstored = written
        .iter()
        .filter(|id| !stored_at_kill.contains(**id))
        .count();
    eprintln!(
        "crash: at the kill {} written, {} acknowledged, {in_flight} unacknowledged, \
         {unstored} not stored",
        written.len(),
        acknowledged.len()
    );
    assert!(
        in_flight > 0 && unstored > 0,
        "the kill must interrupt writes: {in_flight} unacknowledged, {unstored} not stored"
    );

    let records = records_of(&database).await;
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
