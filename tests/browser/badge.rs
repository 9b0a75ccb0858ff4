//! The launcher's badge on another organisation's page (the host page on
//! `localhost`, the chat server on `127.0.0.1`: two sites). The parent
//! writes and closes the panel; a staff member replies from the console:
//! the launcher shows the reply waiting, in its name too, while the chat
//! sits hidden. After a reload it shows it again without the chat being
//! loaded (the loader asks the server). Opening the chat clears it, also
//! for the next reload.

use anyhow::{Context, ensure};
use fantoccini::elements::{Element, ShadowRoot};
use fantoccini::{Client, Locator};
use yorisoi_tests::TestServer;

use crate::browser::Driver;
use crate::host_site::HostSite;
use crate::page::{eventually, find, literal, log_with, screenshot};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, launch, log_in, write};

const ASKED: &str = "はじめまして。夜泣きが続いていて、相談できる人がいません。";
const ANSWERED: &str = "書いてくださってありがとうございます。夜はいつごろ起きますか？";
/// The launcher's name with no reply waiting, and with one.
const OPEN: &str = "Open chat";
const ONE_WAITING: &str = "Open chat, 1 unread";

#[tokio::test]
async fn a_waiting_reply_shows_on_the_launcher_until_the_chat_is_opened() -> anyhow::Result<()> {
    let host = HostSite::start().await?;
    let site = host.origin().replace("127.0.0.1", "localhost");
    let allowed = site.clone();
    let server = TestServer::start_with(move |config| config.allowed_origins = vec![allowed]).await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    host.embed(&server.url());
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    let staff = driver.session(1280, 900).await?;
    let client = &parent.client;

    // The parent writes, then closes the panel.
    client.goto(&site).await?;
    launch(client, OPEN).await?.enter_frame().await?;
    write(client, "Message", "Send", ASKED).await?;
    log_with(client, ASKED).await?;
    client.enter_parent_frame().await?;
    launcher(client).await?.click().await?;
    launcher_named(client, OPEN).await?;

    // Staff reply: the hidden chat hears it, and the launcher shows it.
    log_in(&staff.client, &server.url(), "en").await?;
    let start: String = ASKED.chars().take(12).collect();
    find(
        &staff.client,
        &format!("//button[contains(., {})]", literal(&start)),
    )
    .await?
    .click()
    .await?;
    write(&staff.client, "Reply", "Send", ANSWERED).await?;
    log_with(&staff.client, ANSWERED).await?;
    launcher_named(client, ONE_WAITING).await?;
    let shown = badge(client).await?;
    ensure!(shown.is_displayed().await?, "the badge is shown");
    ensure!(shown.text().await? == "1", "the badge counts one reply");
    ensure!(
        shown.attr("aria-hidden").await?.as_deref() == Some("true"),
        "the count is read out in the launcher's name, not twice"
    );
    let contrast = crate::contrast::of_text(client, &shown).await?;
    ensure!(contrast >= 4.5, "the count is legible: {contrast:.2}:1");
    screenshot(client, "launcher-badge-en").await?;

    // After a reload, before anything else, the chat is not loaded and the
    // launcher says the reply is there.
    client.refresh().await?;
    launcher_named(client, ONE_WAITING).await?;
    let shadow = shadow(client).await?;
    ensure!(
        shadow.find(Locator::Css("iframe")).await.is_err(),
        "the chat is not loaded to show the badge"
    );
    ensure!(badge(client).await?.text().await? == "1");

    // Opening the chat shows the reply and clears the badge; it stays
    // cleared after the next reload, since the parent has read it.
    launch(client, OPEN).await?.enter_frame().await?;
    log_with(client, ANSWERED).await?;
    find(
        &staff.client,
        "//*[@role='log']//*[normalize-space(text())='Read']",
    )
    .await
    .context("staff see their reply read once the chat is opened")?;
    client.enter_parent_frame().await?;
    launcher(client).await?.click().await?;
    launcher_named(client, OPEN).await?;
    ensure!(
        !badge(client).await?.is_displayed().await?,
        "no badge once read"
    );
    client.refresh().await?;
    asked_and_answered(client).await?;
    launcher_named(client, OPEN).await?;
    ensure!(
        !badge(client).await?.is_displayed().await?,
        "no badge after a reload either"
    );
    close_all([parent, staff]).await
}

/// The loader's shadow root, from the top-level page.
async fn shadow(client: &Client) -> anyhow::Result<ShadowRoot> {
    client.switch_to_window(client.window().await?).await?;
    let host = client
        .wait()
        .for_element(Locator::Css("yorisoi-chat"))
        .await
        .context("the loader never drew its launcher")?;
    Ok(host.shadow_root().await?)
}

/// The launcher button, whatever its name.
async fn launcher(client: &Client) -> anyhow::Result<Element> {
    Ok(shadow(client).await?.find(Locator::Css("button")).await?)
}

/// The badge drawn on the launcher.
async fn badge(client: &Client) -> anyhow::Result<Element> {
    Ok(shadow(client).await?.find(Locator::Css("button b")).await?)
}

/// Waits until the launcher's accessible name is exactly `name`.
async fn launcher_named(client: &Client, name: &str) -> anyhow::Result<()> {
    let button = launcher(client).await?;
    eventually(&format!("the launcher to be named {name:?}"), || async {
        let label = button.attr("aria-label").await?;
        Ok((label.as_deref() == Some(name)).then_some(()))
    })
    .await
}

/// Waits until the page has its answer to the loader's question about
/// unread replies (so a launcher without a badge is the answer, not a
/// question still on its way).
async fn asked_and_answered(client: &Client) -> anyhow::Result<()> {
    let script = "return performance.getEntriesByType('resource')\
        .some((entry) => entry.name.endsWith('/api/widget/unread') && entry.responseEnd > 0)";
    eventually("the loader's question to be answered", || async {
        let answered = client.execute(script, vec![]).await?;
        Ok((answered.as_bool() == Some(true)).then_some(()))
    })
    .await
}
