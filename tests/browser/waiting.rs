//! A parent who writes faster than the limit allows never has to do
//! anything: the refused message says it is waiting and why (once, on the
//! message itself), goes again by itself when the limit allows, and every
//! message reaches staff in the order she wrote them.

use anyhow::Context;
use fantoccini::Locator;
use yorisoi_tests::TestServer;

use crate::browser::Driver;
use crate::page::{eventually, literal, log_with, screenshot};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, log_in, open_chat, write};

const MESSAGES: [&str; 4] = [
    "こんばんは。",
    "今日も一日、泣き止まなくて。",
    "私の抱っこが下手なのかな、と思ってしまいます。",
    "誰かに聞いてほしかっただけかもしれません。",
];
const WAITING: &str = "送信待ち";
const SENT: &str = "送信済み";

#[tokio::test]
async fn a_throttled_message_goes_by_itself_in_the_order_written() -> anyhow::Result<()> {
    let server = TestServer::start_with(|config| {
        // Two at once, then one every two seconds, for this parent.
        config.limit_messages_burst = 2;
        config.limit_messages_per_minute = 30;
    })
    .await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    open_chat(&parent.client).await?;
    for text in MESSAGES {
        write(&parent.client, "メッセージ", "送信", text).await?;
    }
    // The third is refused for now: it says so, with the reason, on the
    // message, and the fourth waits behind it rather than overtaking it.
    let waiting = state_xpath(WAITING);
    eventually("a message to wait for the limit", || async {
        Ok(parent.client.find(Locator::XPath(&waiting)).await.ok())
    })
    .await?;
    screenshot(&parent.client, "widget-waiting-ja").await?;
    let shown = log_with(&parent.client, MESSAGES[3]).await?.text().await?;
    assert!(shown.contains("自動でお送りします"), "{shown:?}");
    let alert = parent
        .client
        .find(Locator::XPath("//*[@role='alert']"))
        .await?
        .text()
        .await?;
    assert!(
        alert.trim().is_empty(),
        "one state per message, no second error below: {alert:?}"
    );
    // Nobody touches anything: all four end as sent.
    let sent = state_xpath(SENT);
    eventually("all four messages to be sent by themselves", || async {
        let found = parent.client.find_all(Locator::XPath(&sent)).await?;
        Ok((found.len() == MESSAGES.len()).then_some(()))
    })
    .await?;
    let shown = log_with(&parent.client, MESSAGES[3]).await?.text().await?;
    assert_in_order(&shown, "the parent's log")?;

    let staff = driver.session(1280, 900).await?;
    log_in(&staff.client, &server.url(), "ja").await?;
    let row = format!("//button[contains(., {})]", literal("誰かに聞いて"));
    crate::page::find(&staff.client, &row)
        .await
        .context("the console lists the conversation")?
        .click()
        .await?;
    let history = log_with(&staff.client, MESSAGES[3]).await?.text().await?;
    assert_in_order(&history, "the console")?;
    close_all([parent, staff]).await
}

#[tokio::test]
async fn a_first_message_from_a_busy_network_pays_its_way_by_itself() -> anyhow::Result<()> {
    // One free new conversation for the address, used up by another parent
    // on the same network (every test client is 127.0.0.1): the browser's
    // first message needs a proof of work at the default price.
    let server = TestServer::start_with(|config| {
        let defaults = yorisoi_server::Config::default();
        config.limit_new_conversations = 1;
        config.limit_proven_new_conversations = defaults.limit_proven_new_conversations;
        config.proof_of_work_bits = defaults.proof_of_work_bits;
    })
    .await;
    let mut neighbour = server.widget().await;
    neighbour
        .hello(
            &yorisoi_tests::random_token(),
            yorisoi_protocol::Lang::Ja,
            0,
        )
        .await;
    neighbour.say("先に相談しています").await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    open_chat(&parent.client).await?;
    write(&parent.client, "メッセージ", "送信", MESSAGES[0]).await?;
    write(&parent.client, "メッセージ", "送信", MESSAGES[1]).await?;
    let sent = state_xpath(SENT);
    eventually("both messages to be sent", || async {
        let found = parent.client.find_all(Locator::XPath(&sent)).await?;
        Ok((found.len() == 2).then_some(()))
    })
    .await?;
    let shown = log_with(&parent.client, MESSAGES[1]).await?.text().await?;
    assert!(!shown.contains(WAITING), "{shown:?}");
    close_all([parent]).await
}

/// The parent's messages showing `state` (the state line's own text).
fn state_xpath(state: &str) -> String {
    format!(
        "//*[@role='log']//*[normalize-space(text())={}]",
        literal(state)
    )
}

fn assert_in_order(text: &str, place: &str) -> anyhow::Result<()> {
    let mut last = 0;
    for message in MESSAGES {
        let at = text
            .find(message)
            .with_context(|| format!("{message:?} is missing in {place}: {text:?}"))?;
        anyhow::ensure!(at >= last, "{message:?} out of order in {place}: {text:?}");
        anyhow::ensure!(
            text.matches(message).count() == 1,
            "{message:?} shown twice in {place}"
        );
        last = at;
    }
    Ok(())
}
