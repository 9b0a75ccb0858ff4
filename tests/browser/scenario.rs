//! The whole path of the first issue, in Japanese and in English: a parent
//! opens the chat on the demo host page and writes; a staff member logs into
//! the console in another browser, sees the message with the parent's
//! language, replies; the parent sees the reply without reloading, and after
//! a reload the whole conversation is still there.

use anyhow::Context;
use fantoccini::{Client, Locator};
use yorisoi_tests::TestServer;

use crate::browser::{Driver, Session};
use crate::page::{button, button_in, control, eventually, literal, log_with, screenshot};

/// What a person of each language sees and writes.
struct Words {
    tag: &'static str,
    message: &'static str,
    send: &'static str,
    reply: &'static str,
    email: &'static str,
    password: &'static str,
    log_in: &'static str,
    /// The language's own name, on the switch and on the console's badge.
    own_name: &'static str,
    /// The widget's "forget this device" button.
    forget: &'static str,
    parent_says: &'static str,
    staff_says: &'static str,
}

const JA: Words = Words {
    tag: "ja",
    message: "メッセージ",
    send: "送信",
    reply: "返信",
    email: "メールアドレス",
    password: "パスワード",
    log_in: "ログイン",
    own_name: "日本語",
    forget: "この端末から消去",
    parent_says: "はじめまして。２歳の娘がイヤイヤ期で、毎日くたくたです……夜もあまり眠れていません。",
    staff_says: "お疲れさまです。毎日本当にがんばっていますね。よかったら、いちばん大変な時間帯を教えてください。",
};

const EN: Words = Words {
    tag: "en",
    message: "Message",
    send: "Send",
    reply: "Reply",
    email: "Email",
    password: "Password",
    log_in: "Log in",
    own_name: "English",
    forget: "Forget this device",
    parent_says: "Hello. My son is two and wakes up every night; I am so tired and have nobody to ask.",
    staff_says: "Thank you for writing to us. You are doing so much. When does he usually wake up?",
};

/// The demo host page is in Japanese, so its launcher is too.
const LAUNCHER: &str = "チャットを開く";
pub const STAFF_EMAIL: &str = "hoikushi@example.org";
pub const STAFF_PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn japanese_parent_and_staff_talk_end_to_end() -> anyhow::Result<()> {
    parent_and_staff_talk(&JA).await
}

#[tokio::test]
async fn english_parent_and_staff_talk_end_to_end() -> anyhow::Result<()> {
    parent_and_staff_talk(&EN).await
}

async fn parent_and_staff_talk(words: &Words) -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    let staff = driver.session(1280, 900).await?;
    let demo = format!("{}/demo", server.url());

    parent.client.goto(&demo).await?;
    open_chat(&parent.client).await?;
    if words.tag == "en" {
        choose_language(&parent.client, "言語", "English").await?;
    }
    write(&parent.client, words.message, words.send, words.parent_says).await?;
    log_with(&parent.client, words.parent_says).await?;

    log_in(&staff.client, &server.url(), words.tag).await?;
    let row = conversation_row(&staff.client, words.parent_says).await?;
    let row_text = row.text().await?;
    assert!(
        row_text.contains(words.own_name),
        "the conversation row should show the parent's language {:?}, shows {row_text:?}",
        words.own_name
    );
    row.click().await?;
    log_with(&staff.client, words.parent_says).await?;
    write(&staff.client, words.reply, words.send, words.staff_says).await?;

    log_with(&parent.client, words.staff_says).await?;
    let forget = button(&parent.client, words.forget).await?;
    assert!(
        forget.is_displayed().await?,
        "once a conversation exists the parent can forget it on this device"
    );
    screenshot(&parent.client, &format!("widget-{}", words.tag)).await?;
    log_with(&staff.client, words.staff_says).await?;
    screenshot(&staff.client, &format!("console-{}", words.tag)).await?;

    parent.client.refresh().await?;
    // The launcher speaks the language the parent chose, not the page's.
    let launcher = if words.tag == "en" {
        "Open chat"
    } else {
        LAUNCHER
    };
    launch(&parent.client, launcher)
        .await?
        .enter_frame()
        .await?;
    control(&parent.client, words.message).await?;
    let log = log_with(&parent.client, words.staff_says).await?;
    let history = log.text().await?;
    let asked = history.find(words.parent_says);
    let answered = history.find(words.staff_says);
    assert!(
        matches!((asked, answered), (Some(a), Some(b)) if a < b),
        "after a reload the history should hold the question then the answer: {history:?}"
    );
    close_all([parent, staff]).await
}

/// On a phone-sized screen the opened chat covers the whole screen.
#[tokio::test]
async fn on_a_phone_the_chat_fills_the_screen() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    let driver = Driver::start().await?;
    let parent = driver.phone(390, 844).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    let frame = open_frame(&parent.client).await?;
    let (_, _, width, height) = frame.rectangle().await?;
    let viewport = parent
        .client
        .execute("return [innerWidth, innerHeight]", vec![])
        .await?;
    let expected = (
        viewport[0].as_f64().unwrap_or(0.0),
        viewport[1].as_f64().unwrap_or(0.0),
    );
    assert_eq!(
        (width, height),
        expected,
        "the chat should fill the phone's screen"
    );
    frame.enter_frame().await?;
    control(&parent.client, JA.message).await?;
    let forget = parent
        .client
        .find(Locator::XPath(
            "//button[normalize-space()='この端末から消去']",
        ))
        .await?;
    assert!(
        !forget.is_displayed().await?,
        "a parent who has written nothing is not offered to forget anything"
    );
    screenshot(&parent.client, "widget-phone-ja").await?;
    close_all([parent]).await
}

/// Clicks the launcher in the loader's shadow root and enters the chat frame.
pub async fn open_chat(client: &Client) -> anyhow::Result<()> {
    open_frame(client).await?.enter_frame().await?;
    Ok(())
}

/// Clicks the demo page's (Japanese) launcher and waits for the chat frame.
async fn open_frame(client: &Client) -> anyhow::Result<fantoccini::elements::Element> {
    launch(client, LAUNCHER).await
}

/// Clicks the launcher whose name begins with `launcher` (replies waiting
/// add their count to it) and waits until the widget says it is ready (the
/// loader shows the frame only then); returns the frame.
pub async fn launch(
    client: &Client,
    launcher: &str,
) -> anyhow::Result<fantoccini::elements::Element> {
    // From the top-level page, wherever the session was (a reload from inside
    // the chat frame can leave it pointing at the old frame).
    client.switch_to_window(client.window().await?).await?;
    let host = client
        .wait()
        .for_element(Locator::Css("yorisoi-chat"))
        .await
        .context("the loader never drew its launcher")?;
    let shadow = host.shadow_root().await?;
    let launcher = format!("button[aria-label^=\"{launcher}\"]");
    shadow.find(Locator::Css(&launcher)).await?.click().await?;
    eventually("the chat frame to be shown", || async {
        Ok(shadow.find(Locator::Css("iframe:not([hidden])")).await.ok())
    })
    .await
}

/// Opens the console at `base` in the language `tag` and logs in as the test
/// staff member.
pub async fn log_in(client: &Client, base: &str, tag: &str) -> anyhow::Result<()> {
    let words = if tag == "ja" { &JA } else { &EN };
    client.goto(&format!("{base}/console")).await?;
    if tag == "ja" {
        choose_language(client, "Language", "日本語").await?;
    }
    control(client, words.email)
        .await?
        .send_keys(STAFF_EMAIL)
        .await?;
    control(client, words.password)
        .await?
        .send_keys(STAFF_PASSWORD)
        .await?;
    button(client, words.log_in).await?.click().await?;
    Ok(())
}

pub(crate) async fn choose_language(
    client: &Client,
    group: &str,
    language: &str,
) -> anyhow::Result<()> {
    let scope = format!("//*[@role='group'][@aria-label={}]", literal(group));
    button_in(client, &scope, language).await?.click().await?;
    Ok(())
}

pub async fn write(client: &Client, label: &str, send: &str, text: &str) -> anyhow::Result<()> {
    control(client, label).await?.send_keys(text).await?;
    let send = button(client, send).await?;
    // Brought into view at once, as the parent would scroll to it: the
    // widget's log scrolls smoothly (widget.css), and WebDriver's own
    // scrolling would click before the animation ends, onto the composer
    // (a form in the log sits lower once the expectation bar is shown).
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'nearest', behavior: 'instant'});",
            vec![serde_json::to_value(&send)?],
        )
        .await?;
    send.click().await?;
    Ok(())
}

async fn conversation_row(
    client: &Client,
    text: &str,
) -> anyhow::Result<fantoccini::elements::Element> {
    let start: String = text.chars().take(12).collect();
    let xpath = format!("//button[contains(., {})]", literal(&start));
    crate::page::find(client, &xpath).await
}

pub async fn close_all<const N: usize>(sessions: [Session; N]) -> anyhow::Result<()> {
    for session in sessions {
        session.close().await?;
    }
    Ok(())
}

/// When the chat server cannot be reached, opening the chat says so in the
/// page's language, and the launcher still closes the panel: the host page is
/// never blocked or covered by a broken chat.
#[tokio::test]
async fn when_the_server_is_down_the_chat_says_so_and_gets_out_of_the_way() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    let host = parent
        .client
        .wait()
        .for_element(Locator::Css("yorisoi-chat"))
        .await?;
    server.stop().await;

    let shadow = host.shadow_root().await?;
    shadow
        .find(Locator::Css(&format!("button[aria-label=\"{LAUNCHER}\"]")))
        .await?
        .click()
        .await?;
    let note = eventually("the panel to say the chat is unavailable", || async {
        let note = shadow.find(Locator::Css("p[role=status]")).await?;
        let text = note.text().await?;
        Ok(text.contains("つながりません").then_some(text))
    })
    .await?;
    assert!(
        shadow.find(Locator::Css("iframe")).await.is_err(),
        "the broken frame is removed: {note}"
    );
    screenshot(&parent.client, "loader-server-down-ja").await?;

    let close = shadow
        .find(Locator::Css("button[aria-label=\"チャットを閉じる\"]"))
        .await?;
    close.click().await?;
    assert_eq!(close.attr("aria-expanded").await?.as_deref(), Some("false"));
    let panel_shown = parent
        .client
        .execute(
            "return !document.querySelector('yorisoi-chat').shadowRoot.querySelector('div').hidden",
            vec![],
        )
        .await?;
    assert_eq!(
        panel_shown,
        serde_json::Value::Bool(false),
        "the panel is closed"
    );
    close_all([parent]).await
}
