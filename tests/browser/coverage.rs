//! What had no browser test before: the console finding its way back after
//! its socket is cut ([`console_reconnect`]), two staff members replying in
//! one conversation at once ([`two_staff`]), the whole "forget this device"
//! flow ([`forget_device`]) and the message length limit in the composer
//! ([`message_limit`]). The helpers here are the steps those tests share.

mod console_reconnect;
mod forget_device;
mod message_limit;
mod two_staff;

use anyhow::Context;
use fantoccini::Client;
use fantoccini::elements::Element;
use yorisoi_protocol::Lang;
use yorisoi_protocol::widget::ServerFrame;
use yorisoi_tests::{TestServer, WidgetSocket, random_token};

use crate::page::{button, control, eventually, find, literal, log_with};

/// Every test staff member's password.
pub const PASSWORD: &str = "correct horse battery staple";

/// Opens the console at `base` (in English, the browser's language) and
/// logs in as `email`.
pub async fn log_in_as(client: &Client, base: &str, email: &str) -> anyhow::Result<()> {
    client.goto(&format!("{base}/console")).await?;
    control(client, "Email").await?.send_keys(email).await?;
    control(client, "Password")
        .await?
        .send_keys(PASSWORD)
        .await?;
    button(client, "Log in").await?.click().await?;
    Ok(())
}

/// Clicks the console's row of the conversation whose latest message starts
/// with `latest`, and waits until its history shows `shown`.
pub async fn open_conversation(client: &Client, latest: &str, shown: &str) -> anyhow::Result<()> {
    let start: String = latest.chars().take(12).collect();
    let row = format!("//button[contains(., {})]", literal(&start));
    find(client, &row)
        .await
        .with_context(|| format!("the console lists the conversation of {latest:?}"))?
        .click()
        .await?;
    log_with(client, shown).await?;
    Ok(())
}

/// Waits until the button named `name` is shown (not merely in the page),
/// then clicks it.
pub async fn click_shown(client: &Client, name: &str) -> anyhow::Result<()> {
    let shown = eventually(&format!("the button {name:?} to be shown"), || async {
        let button = button(client, name).await?;
        Ok(button.is_displayed().await?.then_some(button))
    })
    .await?;
    shown.click().await?;
    Ok(())
}

/// Waits for the element of role `role` that says `text`.
pub async fn role_says(client: &Client, role: &str, text: &str) -> anyhow::Result<Element> {
    let xpath = format!(
        "//*[@role={}][contains(., {})]",
        literal(role),
        literal(text)
    );
    find(client, &xpath)
        .await
        .with_context(|| format!("no {role} says {text:?}"))
}

/// A parent on a plain socket, straight to the server, with one message
/// acknowledged: the socket and its token.
pub async fn parent_socket(server: &TestServer, first: &str) -> (WidgetSocket, String) {
    let token = random_token();
    let mut socket = server.widget().await;
    socket.hello(&token, Lang::Ja, 0).await;
    say_acknowledged(&mut socket, first).await;
    (socket, token)
}

/// Sends `body` and waits for its Ack.
pub async fn say_acknowledged(socket: &mut WidgetSocket, body: &str) {
    let sent = socket.say(body).await;
    socket
        .next_matching(
            "the Ack",
            |frame| matches!(frame, ServerFrame::Ack { client_id, .. } if *client_id == sent),
        )
        .await;
}

/// Where each of `texts` stands in `shown`, failing unless each is there
/// exactly once.
pub fn positions(shown: &str, texts: &[&str]) -> anyhow::Result<Vec<usize>> {
    texts
        .iter()
        .map(|text| {
            anyhow::ensure!(
                shown.matches(text).count() == 1,
                "{text:?} should be shown exactly once: {shown:?}"
            );
            shown.find(text).context("shown")
        })
        .collect()
}
