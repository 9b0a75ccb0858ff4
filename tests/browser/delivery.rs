//! Delivery as the parent lives it: the network drops while she writes, she
//! even reloads the page, and when the network is back every message arrives
//! at the console exactly once.

use anyhow::Context;
use fantoccini::Client;
use yorisoi_tests::TestServer;

use crate::browser::Driver;
use crate::network::Network;
use crate::page::{control, eventually, literal, log_with, screenshot};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, log_in, open_chat, write};

const FIRST: &str = "電波が悪くて……これ届いていますか？";
const SECOND: &str = "夜中に何度も起きるので、昼間ぼーっとしてしまいます。";
const SENDING: &str = "送信中…";
const SENT: &str = "送信済み";

#[tokio::test]
async fn messages_written_offline_survive_a_reload_and_arrive_once() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let upstream = server.url().trim_start_matches("http://").parse()?;
    let network = Network::start(upstream).await?;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    parent
        .client
        .goto(&format!("{}/demo", network.url()))
        .await?;
    open_chat(&parent.client).await?;
    control(&parent.client, "メッセージ").await?;

    network.go_offline();
    for text in [FIRST, SECOND] {
        write(&parent.client, "メッセージ", "送信", text).await?;
    }
    wait_for_states(&parent.client, SENDING, 2).await?;
    screenshot(&parent.client, "widget-offline-ja").await?;

    parent.client.refresh().await?;
    open_chat(&parent.client).await?;
    log_with(&parent.client, SECOND).await?;
    wait_for_states(&parent.client, SENDING, 2).await?;

    network.go_online();
    wait_for_states(&parent.client, SENT, 2).await?;
    let shown = log_with(&parent.client, SECOND).await?.text().await?;
    assert!(
        !shown.contains(SENDING),
        "nothing is left sending: {shown:?}"
    );

    let staff = driver.session(1280, 900).await?;
    log_in(&staff.client, &server.url(), "ja").await?;
    // The conversation's row previews its latest message.
    let row = format!("//button[contains(., {})]", literal("夜中に何度も"));
    crate::page::find(&staff.client, &row)
        .await
        .context("the console lists the conversation")?
        .click()
        .await?;
    let history = log_with(&staff.client, SECOND).await?.text().await?;
    for text in [FIRST, SECOND] {
        assert_eq!(
            history.matches(text).count(),
            1,
            "{text:?} arrives exactly once: {history:?}"
        );
    }
    assert!(
        history.find(FIRST) < history.find(SECOND),
        "in the order written: {history:?}"
    );
    close_all([parent, staff]).await
}

/// Waits until exactly `count` of the parent's messages show `state`.
async fn wait_for_states(client: &Client, state: &str, count: usize) -> anyhow::Result<()> {
    let xpath = format!(
        "//*[@role='log']//*[normalize-space(text())={}]",
        literal(state)
    );
    eventually(&format!("{count} messages to show {state:?}"), || async {
        let found = client.find_all(fantoccini::Locator::XPath(&xpath)).await?;
        Ok((found.len() == count).then_some(()))
    })
    .await
}
