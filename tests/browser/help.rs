//! Help in an emergency (issue 13), on a phone: "Emergency help" /
//! 「緊急のとき」 in the widget's header opens the notice in the parent's
//! language, numbers to tap included; focus goes into it and comes back
//! when it closes (its button, or Esc). A message that suggests danger
//! brings it up by itself, and so do staff who send the numbers from the
//! console (as a message in the parent's language).

use anyhow::ensure;
use fantoccini::Client;
use fantoccini::key::Key;
use yorisoi_tests::TestServer;

use crate::browser::Driver;
use crate::console_access::press;
use crate::coverage::open_conversation;
use crate::page::{button, button_in, eventually, find, link, log_with, screenshot};
use crate::scenario::{
    STAFF_EMAIL, STAFF_PASSWORD, choose_language, close_all, log_in, open_chat, write,
};

/// The open notice, by the heading that names it.
async fn open_notice(client: &Client, title: &str) -> anyhow::Result<()> {
    let xpath = format!(
        "//dialog[@open][@aria-labelledby=//h2[normalize-space()={}]/@id]",
        crate::page::literal(title)
    );
    find(client, &xpath).await?;
    Ok(())
}

/// Whether any notice is open.
async fn any_open(client: &Client) -> anyhow::Result<bool> {
    let open = client
        .execute(
            "return document.querySelector('dialog[open]') !== null;",
            vec![],
        )
        .await?;
    Ok(open.as_bool().unwrap_or(false))
}

/// Whether the focused element is inside the open notice.
async fn focus_inside(client: &Client) -> anyhow::Result<bool> {
    let inside = client
        .execute(
            "return !!document.activeElement.closest('dialog[open]');",
            vec![],
        )
        .await?;
    Ok(inside.as_bool().unwrap_or(false))
}

#[tokio::test]
async fn the_emergency_notice_opens_in_both_languages_and_on_danger() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    let driver = Driver::start().await?;
    let parent = driver.phone(390, 844).await?;
    let client = &parent.client;
    client.goto(&format!("{}/demo", server.url())).await?;
    open_chat(client).await?;

    // Japanese: one tap opens it, the numbers are links to call.
    button(client, "緊急のとき").await?.click().await?;
    open_notice(client, "今すぐ助けが必要なとき").await?;
    let ambulance = link(client, "119 救急車・消防").await?;
    ensure!(ambulance.attr("href").await?.as_deref() == Some("tel:119"));
    ensure!(
        link(client, "#8000 子ども医療電話相談")
            .await?
            .is_displayed()
            .await?
    );
    ensure!(focus_inside(client).await?, "focus moves into the notice");
    screenshot(client, "widget-help-phone-ja").await?;
    button_in(client, "//dialog[@open]", "閉じる")
        .await?
        .click()
        .await?;
    eventually("the notice closes", || async {
        Ok((!any_open(client).await?).then_some(()))
    })
    .await?;
    let back = client
        .execute("return document.activeElement.textContent;", vec![])
        .await?;
    ensure!(
        back.as_str() == Some("緊急のとき"),
        "focus returns to the button: {back:?}"
    );

    // English, closed with Esc.
    choose_language(client, "言語", "English").await?;
    button(client, "Emergency help").await?.click().await?;
    open_notice(client, "If you need help now").await?;
    ensure!(
        link(client, "119 Ambulance and fire")
            .await?
            .is_displayed()
            .await?
    );
    screenshot(client, "widget-help-phone-en").await?;
    press(client, Key::Escape).await?;
    eventually("Esc closes the notice", || async {
        Ok((!any_open(client).await?).then_some(()))
    })
    .await?;

    // A message that suggests danger brings it up at once.
    write(client, "Message", "Send", "Some nights I just want to die.").await?;
    open_notice(client, "If you need help now").await?;
    close_all([parent]).await
}

#[tokio::test]
async fn staff_send_the_emergency_numbers_and_the_notice_opens_for_the_parent() -> anyhow::Result<()>
{
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let parent = driver.phone(390, 844).await?;
    let staff = driver.session(1280, 900).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    open_chat(&parent.client).await?;
    choose_language(&parent.client, "言語", "English").await?;
    let said = "My son hit his head and is very sleepy.";
    write(&parent.client, "Message", "Send", said).await?;

    log_in(&staff.client, &server.url(), "ja").await?;
    open_conversation(&staff.client, said, said).await?;
    button(&staff.client, "緊急連絡先を送る")
        .await?
        .click()
        .await?;
    // The console shows the card it sent, in the parent's language.
    log_with(&staff.client, "#8000 Children's medical advice").await?;

    open_notice(&parent.client, "If you need help now").await?;
    press(&parent.client, Key::Escape).await?;
    log_with(&parent.client, "119 Ambulance and fire").await?;
    screenshot(&parent.client, "widget-help-card-phone-en").await?;
    close_all([parent, staff]).await
}
