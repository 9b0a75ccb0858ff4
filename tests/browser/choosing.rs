//! A parent chooses whom to talk to in the widget itself (issue 12): the
//! chooser 「相談したい相手」 lists the team; outside everyone's hours the
//! widget says so and when a reply can be expected, in the parent's
//! language; the parent picks あおい and writes, and only あおい's console
//! calls her; her typing shows in the widget, and each side sees the
//! other's read receipt.

use std::time::Duration;

use anyhow::Context;
use fantoccini::Client;
use yorisoi_tests::TestServer;
use yorisoi_tests::hours::{next_monday_in_tokyo, set_monday_hours};

use crate::browser::Driver;
use crate::page::{control, eventually, find, literal, log_with, screenshot};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, open_chat, write};
use crate::team::log_in_as;

/// The radio for `name` in the widget's chooser labelled `group`.
fn choice(group: &str, name: &str) -> String {
    format!(
        "//*[@role='radiogroup'][@aria-labelledby=//*[normalize-space()={}]/@id]\
         //label[starts-with(normalize-space(), {})]//input[@type='radio']",
        literal(group),
        literal(name)
    )
}

/// The text of the widget's bar under its header (estimate, away note).
async fn expectation(client: &Client) -> anyhow::Result<String> {
    Ok(find(client, "//*[contains(@class,'expectation')]")
        .await?
        .text()
        .await?)
}

#[tokio::test]
async fn a_parent_chooses_someone_in_the_widget_and_only_she_is_called() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    server
        .add_staff("aoi@example.org", "あおい", STAFF_PASSWORD)
        .await;
    set_monday_hours(&server, STAFF_EMAIL, "10:00-12:00").await;
    set_monday_hours(&server, "aoi@example.org", "09:00-11:00").await;
    // Monday 06:00 in Tokyo: before anyone's hours.
    let monday_six = next_monday_in_tokyo(server.now_ms(), 6);
    server.advance_clock(Duration::from_millis(
        u64::try_from(monday_six - server.now_ms()).unwrap_or(0),
    ));

    let driver = Driver::start().await?;
    let parent = driver.session(420, 860).await?;
    let sakura = driver.session(1280, 900).await?;
    let aoi = driver.session(1280, 900).await?;
    log_in_as(&sakura.client, &server.url(), STAFF_EMAIL).await?;
    log_in_as(&aoi.client, &server.url(), "aoi@example.org").await?;

    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    open_chat(&parent.client).await?;
    // Outside hours: the away note and when to expect a reply, in Japanese.
    let said = eventually("the reply estimate", || async {
        let said = expectation(&parent.client).await?;
        Ok(said.contains("返信の目安").then_some(said))
    })
    .await?;
    assert!(
        said.contains("対応時間外") && said.contains("ごろ"),
        "{said:?}"
    );
    for name in ["どなたでも", "さくら", "あおい"] {
        find(&parent.client, &choice("相談したい相手", name))
            .await
            .with_context(|| format!("the chooser offers {name}"))?;
    }
    screenshot(&parent.client, "widget-chooser-away-ja").await?;
    find(&parent.client, &choice("相談したい相手", "あおい"))
        .await?
        .click()
        .await?;
    write(
        &parent.client,
        "メッセージ",
        "送信",
        "あおいさんにお願いしたいです",
    )
    .await?;

    // Only あおい's tab calls her; さくら's list shows it unmarked.
    eventually("あおい's title to count the message", || async {
        let title = aoi.client.title().await?;
        Ok((title == "(1) Yorisoi staff console").then_some(()))
    })
    .await?;
    let row = "//button[contains(., 'Asked for you')][contains(., 'あおいさんに')]";
    find(&aoi.client, row).await?;
    find(&sakura.client, "//button[contains(., 'あおいさんに')]").await?;
    assert_eq!(sakura.client.title().await?, "Yorisoi staff console");

    // あおい opens it: the parent sees her message read, and her typing.
    find(&aoi.client, row).await?.click().await?;
    let read = "//*[@role='log']//*[contains(@class,'read')][contains(., '既読')]";
    find(&parent.client, read)
        .await
        .context("the parent sees her message read")?;
    control(&aoi.client, "Reply")
        .await?
        .send_keys("おはようございます。")
        .await?;
    let typing = "//*[contains(., 'あおいさんが入力中')]";
    find(&parent.client, typing)
        .await
        .context("the parent sees あおい typing")?;
    crate::page::button(&aoi.client, "Send")
        .await?
        .click()
        .await?;
    log_with(&parent.client, "おはようございます。").await?;
    // The parent, with the chat open, has read the reply: あおい sees it.
    let staff_read = "//*[@role='log']//*[contains(@class,'read')][contains(., 'Read')]";
    find(&aoi.client, staff_read)
        .await
        .context("あおい sees her reply read")?;

    // In English the estimate speaks English.
    let switch = "//*[@role='group']//button[normalize-space()='English']";
    find(&parent.client, switch).await?.click().await?;
    eventually("the English estimate", || async {
        let said = expectation(&parent.client).await?;
        Ok(
            (said.contains("Usually replies by") || said.contains("Usually replies within"))
                .then_some(()),
        )
    })
    .await?;
    close_all([parent, sakura, aoi]).await
}
