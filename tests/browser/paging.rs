//! The console's conversation list comes in pages. With more conversations
//! than one page holds, the console shows the newest with "Show older
//! conversations" at the end of the list; the button pages in the rest and
//! goes away when nothing older is left, so the oldest conversation can be
//! found and opened. A conversation opened from an older page stays open
//! when the console reconnects and the list starts again from the first
//! page. Screenshots: the button on a desktop in English and on a phone in
//! Japanese.

use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use yorisoi_protocol::limits::CONVERSATION_PAGE;
use yorisoi_tests::TestServer;

use crate::browser::Driver;
use crate::coverage::{PASSWORD, log_in_as, open_conversation, parent_socket, role_says};
use crate::network::Network;
use crate::page::{
    button, button_in, control, eventually, literal, log_with, screenshot, text_shown,
};
use crate::scenario::close_all;

const EMAIL: &str = "hinata@example.org";
/// More than a page: the first page cannot hold them all.
const PARENTS: usize = CONVERSATION_PAGE + 5;
const MORE_EN: &str = "Show older conversations";
const MORE_JA: &str = "以前の相談をもっと見る";

/// What parent `n` wrote first; the first 12 characters tell them apart,
/// as the list's previews show them.
fn first_words(n: usize) -> String {
    format!("相談{n:02}：夜泣きが続いていて眠れません。")
}

/// True when the list has a row for the conversation that starts with
/// `words` (checked now, without waiting).
async fn listed(client: &Client, words: &str) -> anyhow::Result<bool> {
    let start: String = words.chars().take(12).collect();
    let xpath = format!("//nav//button[contains(., {})]", literal(&start));
    Ok(!client.find_all(Locator::XPath(&xpath)).await?.is_empty())
}

/// Waits until the button named `name` is shown (not merely in the page).
async fn shown(client: &Client, name: &str) -> anyhow::Result<Element> {
    eventually(&format!("the button {name:?} to be shown"), || async {
        let button = button(client, name).await?;
        Ok(button.is_displayed().await?.then_some(button))
    })
    .await
}

/// Waits until no button named `name` is shown any more.
async fn gone(client: &Client, name: &str) -> anyhow::Result<()> {
    let xpath = format!("//button[normalize-space()={}]", literal(name));
    eventually(&format!("the button {name:?} to go"), || async {
        for button in client.find_all(Locator::XPath(&xpath)).await? {
            if button.is_displayed().await? {
                return Ok(None);
            }
        }
        Ok(Some(()))
    })
    .await
}

#[tokio::test]
async fn older_conversations_are_paged_in_and_the_oldest_stays_open() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server.add_staff(EMAIL, "Hinata", PASSWORD).await;
    for n in 0..PARENTS {
        // One second apart, so the list's order is the order they wrote in.
        parent_socket(&server, &first_words(n)).await;
        server.advance_clock(Duration::from_secs(1));
    }
    let (newest, oldest) = (first_words(PARENTS - 1), first_words(0));
    let network = Network::start(server.url().trim_start_matches("http://").parse()?).await?;
    let driver = Driver::start().await?;
    let staff = driver.session(1280, 900).await?;
    log_in_as(&staff.client, &network.url(), EMAIL).await?;

    text_shown(&staff.client, &newest).await?;
    let more = shown(&staff.client, MORE_EN).await?;
    assert!(
        !listed(&staff.client, &oldest).await?,
        "the first page holds only the newest conversations"
    );
    staff
        .client
        .execute(
            "arguments[0].scrollIntoView({ block: 'nearest' })",
            vec![serde_json::to_value(&more)?],
        )
        .await?;
    screenshot(&staff.client, "console-paging-en").await?;
    more.click().await?;
    open_conversation(&staff.client, &oldest, &oldest).await?;
    gone(&staff.client, MORE_EN).await?;
    assert!(
        listed(&staff.client, &newest).await?,
        "the first page stays"
    );

    // A reconnect starts the list again from the first page, which does not
    // hold the oldest conversation: it stays open all the same.
    network.go_offline();
    role_says(&staff.client, "status", "Reconnecting").await?;
    network.go_online();
    role_says(&staff.client, "status", "Connected again").await?;
    shown(&staff.client, MORE_EN).await?;
    log_with(&staff.client, &oldest).await?;
    assert!(
        listed(&staff.client, &oldest).await?,
        "the open conversation stays in the list"
    );

    let phone = driver.phone(390, 844).await?;
    phone
        .client
        .goto(&format!("{}/console", server.url()))
        .await?;
    let languages = "//*[@role='group'][@aria-label='Language']";
    button_in(&phone.client, languages, "日本語")
        .await?
        .click()
        .await?;
    control(&phone.client, "メールアドレス")
        .await?
        .send_keys(EMAIL)
        .await?;
    control(&phone.client, "パスワード")
        .await?
        .send_keys(PASSWORD)
        .await?;
    button(&phone.client, "ログイン").await?.click().await?;
    let more = shown(&phone.client, MORE_JA).await?;
    phone
        .client
        .execute(
            "arguments[0].scrollIntoView({ block: 'nearest' })",
            vec![serde_json::to_value(&more)?],
        )
        .await?;
    screenshot(&phone.client, "console-paging-phone-ja").await?;
    close_all([staff, phone]).await
}
