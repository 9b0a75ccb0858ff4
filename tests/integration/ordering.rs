//! One total order per conversation, seen identically by everyone: a parent
//! and two staff consoles writing concurrently, and the same parent in two
//! tabs with two consoles open, all end with exactly the database's history,
//! through live delivery alone (no client ever had to reconnect, so the
//! server delivered every message in order and without gaps).

use std::time::Duration;

use yorisoi_tests::verify::{assert_clients_match_database, settle};
use yorisoi_tests::{ConsoleClient, TestServer, WidgetClient};

const SETTLE: Duration = Duration::from_secs(15);
const PACE: Duration = Duration::from_millis(2);

/// Two logged-in consoles.
async fn two_consoles(server: &TestServer) -> [ConsoleClient; 2] {
    let url = server.ws_url("/api/console/ws");
    let (_a, cookie_a) = server.staff_cookie("aki@example.org", "Aki").await;
    let (_b, cookie_b) = server.staff_cookie("bun@example.org", "Bun").await;
    [
        ConsoleClient::staff(url.clone(), cookie_a, 11),
        ConsoleClient::staff(url, cookie_b, 12),
    ]
}

/// A console writes `count` replies into the first conversation it learns of.
async fn console_replies(mut console: ConsoleClient, name: &str, count: usize) -> ConsoleClient {
    let deadline = tokio::time::Instant::now() + SETTLE;
    assert!(
        console
            .run_until(deadline, |c| !c.summaries.is_empty())
            .await,
        "{name} never saw a conversation"
    );
    let conversation = console.flavour.conversation_ids()[0];
    for n in 0..count {
        console.reply(conversation, &format!("{name} {n}")).await;
        console.pump_for(PACE).await;
    }
    console
}

/// A widget writes `count` messages.
async fn parent_writes(mut widget: WidgetClient, name: &str, count: usize) -> WidgetClient {
    for n in 0..count {
        widget.write(&format!("{name} {n}")).await;
        widget.pump_for(PACE).await;
    }
    widget
}

#[tokio::test]
async fn a_parent_and_two_staff_writing_at_once_see_one_identical_order() {
    let server = TestServer::start().await;
    let mut parent = WidgetClient::visitor(server.ws_url("/api/widget/ws"), 1);
    parent.write("はじめまして").await;
    let [aki, bun] = two_consoles(&server).await;
    let (parent, aki, bun) = tokio::join!(
        parent_writes(parent, "parent", 30),
        console_replies(aki, "aki", 30),
        console_replies(bun, "bun", 30),
    );
    let records = server.records().await;
    let mut widgets = [parent];
    let mut consoles = [aki, bun];
    settle(&records, &mut widgets, &mut consoles, SETTLE).await;
    let total = assert_clients_match_database(&records, &widgets, &consoles).await;
    assert_eq!(total, 91);
    let connections: Vec<u32> = widgets
        .iter()
        .map(|w| w.connections)
        .chain(consoles.iter().map(|c| c.connections))
        .collect();
    assert_eq!(connections, [1, 1, 1], "nobody had to reconnect for a gap");
}

#[tokio::test]
async fn one_parent_in_two_tabs_and_two_consoles_converge() {
    let server = TestServer::start().await;
    let url = server.ws_url("/api/widget/ws");
    let first_tab = WidgetClient::visitor(url.clone(), 2);
    let second_tab = WidgetClient::with_token(url, first_tab.flavour.token.clone(), 3);
    let [aki, bun] = two_consoles(&server).await;
    // Both tabs write their first message at once: one conversation.
    let (first_tab, second_tab, aki, bun) = tokio::join!(
        parent_writes(first_tab, "tab one", 20),
        parent_writes(second_tab, "tab two", 20),
        console_replies(aki, "aki", 10),
        console_replies(bun, "bun", 10),
    );
    let records = server.records().await;
    let mut widgets = [first_tab, second_tab];
    let mut consoles = [aki, bun];
    settle(&records, &mut widgets, &mut consoles, SETTLE).await;
    let total = assert_clients_match_database(&records, &widgets, &consoles).await;
    assert_eq!(total, 60);
    assert_eq!(records.summaries().await.len(), 1);
    let reconnections: u32 = widgets.iter().map(|w| w.connections - 1).sum::<u32>()
        + consoles.iter().map(|c| c.connections - 1).sum::<u32>();
    assert_eq!(reconnections, 0, "nobody had to reconnect for a gap");
}
