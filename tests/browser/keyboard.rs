//! The parent's chat with the keyboard only, and in the language the parent
//! chose: opening the launcher with Enter puts focus in the message box,
//! Enter sends, Shift+Tab walks back up the panel (never onto Send first),
//! Esc from anywhere inside the chat closes it and focus is back on the
//! launcher; the box grows with a long message; the language buttons show
//! their focus ring; and after a switch to English the launcher's label and
//! the frame's title are in English too.

use anyhow::{Context, ensure};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::Value;
use yorisoi_tests::TestServer;

use crate::browser::Driver;
use crate::page::{button_in, eventually, literal, log_with};
use crate::scenario::close_all;

/// The demo host page is in Japanese.
const LAUNCHER: &str = "チャットを開く";
const ASKED: &str = "はじめまして。キーボードだけで書いています。夜泣きのことを相談したいです。";

/// Runs `script` in the top-level page's loader (its shadow root is `root`).
async fn in_loader(client: &Client, script: &str) -> anyhow::Result<Value> {
    let script =
        format!("const root = document.querySelector('yorisoi-chat').shadowRoot; {script}");
    Ok(client.execute(&script, vec![]).await?)
}

/// The accessible name (aria-label or text) of the focused element inside
/// the chat frame (the session must be in the frame).
async fn focused_name(client: &Client) -> anyhow::Result<String> {
    let name = client
        .execute(
            "const e = document.activeElement; \
             return e ? (e.getAttribute('aria-label') || e.textContent.trim()) : '';",
            vec![],
        )
        .await?;
    Ok(name.as_str().unwrap_or_default().to_string())
}

/// Presses `keys` on whatever has focus, as a keyboard would.
async fn press(client: &Client, keys: &str) -> anyhow::Result<()> {
    client.active_element().await?.send_keys(keys).await?;
    Ok(())
}

#[tokio::test]
async fn a_parent_opens_writes_sends_and_closes_the_chat_with_the_keyboard_only()
-> anyhow::Result<()> {
    let server = TestServer::start().await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    let client = &parent.client;
    client.goto(&format!("{}/demo", server.url())).await?;

    let host = client
        .wait()
        .for_element(Locator::Css("yorisoi-chat"))
        .await?;
    let launcher = host
        .shadow_root()
        .await?
        .find(Locator::Css(&format!(
            "button[aria-label={}]",
            literal(LAUNCHER).replace('\'', "\"")
        )))
        .await
        .context("the launcher")?;
    // Enter on the focused launcher, as a keyboard user opens it.
    launcher.send_keys(&Key::Enter.to_string()).await?;
    let frame = eventually("the chat frame to be shown", || async {
        Ok(host
            .shadow_root()
            .await?
            .find(Locator::Css("iframe:not([hidden])"))
            .await
            .ok())
    })
    .await?;
    frame.enter_frame().await?;
    eventually("focus in the message box", || async {
        Ok((focused_name(client).await? == "メッセージ").then_some(()))
    })
    .await?;

    press(client, &format!("{ASKED}{}", Key::Enter)).await?;
    log_with(client, ASKED).await?;
    ensure!(
        focused_name(client).await? == "メッセージ",
        "after sending, focus stays in the message box"
    );

    // Shift+Tab walks back up the panel: to something before the box.
    press(client, &format!("{}{}", Key::Shift, Key::Tab)).await?;
    let before = client
        .execute(
            "const box = document.querySelector('textarea'); const e = document.activeElement; \
             return e !== box && e !== document.body \
               && !!(box.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING);",
            vec![],
        )
        .await?;
    ensure!(
        before == Value::Bool(true),
        "Shift+Tab from the message box goes up the panel, found {:?}",
        focused_name(client).await?
    );
    ensure!(focused_name(client).await? != "送信", "not onto Send");

    // Esc from there (not the message box) closes the chat.
    press(client, &Key::Escape.to_string()).await?;
    client.enter_parent_frame().await?;
    let closed = eventually("the panel to close", || async {
        let state = in_loader(
            client,
            "const b = root.activeElement; \
             return [root.querySelector('div').hidden, b ? b.getAttribute('aria-label') : null];",
        )
        .await?;
        Ok((state[0] == Value::Bool(true)).then_some(state))
    })
    .await?;
    ensure!(
        closed[1] == LAUNCHER,
        "focus is back on the launcher after closing, found {closed:?}"
    );
    close_all([parent]).await
}

#[tokio::test]
async fn the_launcher_and_frame_follow_the_language_and_the_box_grows() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    let driver = Driver::start().await?;
    let parent = driver.phone(390, 844).await?;
    let client = &parent.client;
    client.goto(&format!("{}/demo", server.url())).await?;
    crate::scenario::open_chat(client).await?;

    // The language buttons: nothing clips their focus ring.
    let english = button_in(client, "//*[@role='group'][@aria-label='言語']", "English").await?;
    let clipped = client
        .execute(
            "return getComputedStyle(arguments[0].parentElement).overflow;",
            vec![serde_json::to_value(&english)?],
        )
        .await?;
    ensure!(clipped == "visible", "the switch clips: {clipped}");

    // Input borders stand out from what surrounds them (3:1).
    for name in ["メッセージ", "ニックネーム（任意）"] {
        let field = crate::page::control(client, name).await?;
        let ratio = crate::contrast::of_border(client, &field).await?;
        ensure!(
            ratio >= 3.0,
            "the border of {name} is {ratio:.2}:1, below 3:1"
        );
    }

    // The message box grows with its text, up to six rows, then scrolls.
    let height = |script: &'static str| async move {
        let value = client.execute(script, vec![]).await?;
        anyhow::Ok(value.as_f64().unwrap_or_default())
    };
    let box_height = "return document.querySelector('textarea').getBoundingClientRect().height;";
    let empty = height(box_height).await?;
    let line = format!("ねむい{}{}{}", Key::Shift, Key::Enter, Key::Null);
    press(client, &line.repeat(3)).await?;
    let three = height(box_height).await?;
    ensure!(
        three > empty + 20.0,
        "three lines should grow the box: {empty} -> {three}"
    );
    press(client, &line.repeat(8)).await?;
    let many = height(box_height).await?;
    let scrolls = height(
        "const t = document.querySelector('textarea'); return t.scrollHeight - t.clientHeight;",
    )
    .await?;
    ensure!(
        many > three && many < 260.0 && scrolls > 0.0,
        "the box stops growing at six rows and scrolls: {many}px, {scrolls}px hidden"
    );
    // Targets: "Forget this device" and the other buttons are 44×44 or more.
    let small = client
        .execute(
            "return [...document.querySelectorAll('button')].filter(b => b.offsetParent) \
               .map(b => b.getBoundingClientRect()).filter(r => r.width < 44 || r.height < 44).length;",
            vec![],
        )
        .await?;
    ensure!(small == 0, "{small} visible buttons are under 44×44 px");

    english.click().await?;
    client.enter_parent_frame().await?;
    eventually("the launcher and the frame in English", || async {
        let words = in_loader(
            client,
            "return [root.querySelector('button').getAttribute('aria-label'), root.querySelector('iframe').title];",
        )
        .await?;
        Ok((words == serde_json::json!(["Close chat", "Parenting support chat"])).then_some(()))
    })
    .await?;
    close_all([parent]).await
}
