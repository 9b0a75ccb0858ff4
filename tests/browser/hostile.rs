//! No script from content: a corpus of known XSS payloads
//! (`tests/data/xss-payloads.txt`) is sent as messages from both sides — the
//! parent's (through the parent's own token) and a staff member's — straight
//! over the protocol, as an attacker would. The widget, the host page and the
//! console must show every payload literally and run none of them: a trap on
//! `window` (alert, confirm, prompt, print) records any call, and no element
//! inside a message log may carry an event-handler attribute.

use fantoccini::Client;
use serde_json::Value;
use yorisoi_protocol::{Lang, console, widget};
use yorisoi_tests::{TestServer, new_client_id};

use crate::browser::Driver;
use crate::page::{eventually, literal, log_with, screenshot};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, log_in, open_chat, write};

const PAYLOADS: &str = include_str!("../data/xss-payloads.txt");
const OPENING: &str = "はじめまして。ちょっと試しに書いてみます。";

/// Replaces the dialog functions with recorders, so a payload that runs is
/// caught instead of blocking the page.
const TRAP: &str = "window.__xss = window.__xss || [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__xss.push(name + '(' + args.join(',') + ')'); };
}
return true;";

/// What the payloads did in this document: dialog calls, elements in a message
/// log with `on*` attributes, and payloads not shown literally.
const INSPECT: &str = "const payloads = arguments[0];
const logs = [...document.querySelectorAll('[role=log]')];
const text = logs.map((log) => log.textContent).join('\\n');
const handlers = logs.flatMap((log) => [...log.querySelectorAll('*')])
  .filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on')))
  .map((el) => el.outerHTML.slice(0, 80));
return { ran: window.__xss || [], handlers, missing: payloads.filter((p) => !text.includes(p)) };";

#[tokio::test]
async fn xss_payloads_from_both_sides_are_shown_as_text_and_never_run() -> anyhow::Result<()> {
    let payloads: Vec<&str> = PAYLOADS
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    assert!(
        payloads.len() >= 100,
        "the corpus holds at least 100 payloads"
    );
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    let staff = driver.session(1280, 900).await?;

    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    parent.client.execute(TRAP, vec![]).await?;
    open_chat(&parent.client).await?;
    write(&parent.client, "メッセージ", "送信", OPENING).await?;
    log_with(&parent.client, OPENING).await?;
    parent.client.execute(TRAP, vec![]).await?;
    // The widget keeps its token per embedding site (`yorisoi.token@<site>`).
    let token = parent
        .client
        .execute(
            "const key = Object.keys(localStorage).find((key) => key === 'yorisoi.token' \
             || key.startsWith('yorisoi.token@')); return key && localStorage.getItem(key);",
            vec![],
        )
        .await?;
    let token = token.as_str().unwrap_or_default().to_owned();

    log_in(&staff.client, &server.url(), "en").await?;
    let row = format!(
        "//button[contains(., {})]",
        literal(&OPENING.chars().take(8).collect::<String>())
    );
    crate::page::find(&staff.client, &row)
        .await?
        .click()
        .await?;
    log_with(&staff.client, OPENING).await?;
    staff.client.execute(TRAP, vec![]).await?;

    send_as_parent(&server, &token, &payloads).await;
    send_as_staff(&server, &payloads).await;

    for (who, client) in [("widget", &parent.client), ("console", &staff.client)] {
        let report = settled(client, &payloads).await?;
        assert_clean(who, &report);
    }
    screenshot(&staff.client, "console-xss").await?;
    parent.client.enter_parent_frame().await?;
    let host = parent.client.execute("return window.__xss", vec![]).await?;
    assert_eq!(
        host,
        Value::Array(vec![]),
        "no payload ran in the host page"
    );
    close_all([parent, staff]).await
}

/// Waits until every payload is shown (twice: once from each side) or the
/// patience runs out, then returns the inspection.
async fn settled(client: &Client, payloads: &[&str]) -> anyhow::Result<Value> {
    let argument = Value::from(payloads.to_vec());
    let last = payloads.last().copied().unwrap_or_default();
    log_with(client, last).await?;
    eventually("every payload to be shown", || async {
        let report = client.execute(INSPECT, vec![argument.clone()]).await?;
        let done = report["missing"].as_array().is_some_and(Vec::is_empty);
        Ok(done.then_some(report))
    })
    .await
}

fn assert_clean(who: &str, report: &Value) {
    assert_eq!(
        report["ran"],
        Value::Array(vec![]),
        "no payload may run in the {who}"
    );
    assert_eq!(
        report["handlers"],
        Value::Array(vec![]),
        "no handler attributes in the {who}'s log"
    );
    assert_eq!(
        report["missing"],
        Value::Array(vec![]),
        "every payload shown literally in the {who}"
    );
}

async fn send_as_parent(server: &TestServer, token: &str, payloads: &[&str]) {
    let mut socket = server.widget().await;
    socket
        .send(&widget::ClientFrame::Hello {
            token: token.to_owned(),
            lang: Lang::Ja,
            last_seq: 0,
            site: None,
        })
        .await;
    socket
        .next_matching("Welcome", |frame| {
            matches!(frame, widget::ServerFrame::Welcome { .. })
        })
        .await;
    for payload in payloads {
        let client_id = new_client_id();
        let frame = widget::ClientFrame::Send {
            client_id: client_id.clone(),
            body: (*payload).into(),
            nickname: None,
            proof: None,
        };
        socket.send(&frame).await;
        socket
            .next_matching("the payload's Ack", |frame| {
                matches!(frame, widget::ServerFrame::Ack { client_id: acked, .. } if *acked == client_id)
            })
            .await;
    }
}

async fn send_as_staff(server: &TestServer, payloads: &[&str]) {
    let staff = server.staff_client();
    staff.login(STAFF_EMAIL, STAFF_PASSWORD).await;
    let mut socket = staff.console().await.expect("console socket");
    let welcome = socket
        .next_matching("Welcome", |frame| {
            matches!(frame, console::ServerFrame::Welcome { .. })
        })
        .await;
    let console::ServerFrame::Welcome { conversations, .. } = welcome else {
        unreachable!("next_matching returned Welcome");
    };
    let conversation = conversations[0].id;
    for payload in payloads {
        let client_id = new_client_id();
        let frame = console::ClientFrame::Send {
            conversation,
            client_id: client_id.clone(),
            body: (*payload).into(),
        };
        socket.send(&frame).await;
        socket
            .next_matching("the payload's Ack", |frame| {
                matches!(frame, console::ServerFrame::Ack { client_id: acked, .. } if *acked == client_id)
            })
            .await;
    }
}
