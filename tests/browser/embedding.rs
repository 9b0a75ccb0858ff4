//! The widget embedded on another site (the host page on `localhost`, the
//! chat server on `127.0.0.1`: two sites, as when `hidamari.example.org`
//! embeds `chat.example.net`), where the browser gives the chat frame only
//! partitioned storage, fleeting storage or none at all. Whatever the frame
//! may keep, the parent's conversation survives reloads, because the loader
//! keeps it in the host page's own storage; and where nothing can be kept,
//! the parent is told so before writing.
//!
//! Storage is refused the way a parent's privacy settings refuse it: a
//! Chromium profile whose cookie settings block the chat server's site (or
//! every site), which blocks its `localStorage` too ([`strict_session`]).

use anyhow::{Context, ensure};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::json;
use yorisoi_tests::TestServer;

use crate::browser::{Driver, Session};
use crate::host_site::HostSite;
use crate::network::Network;
use crate::page::{button, eventually, find, literal, log_with, screenshot, text_shown};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, launch, log_in, write};

const LAUNCHER: &str = "Open chat";
const ASKED: &str = "はじめまして。夜泣きが続いていて、相談できる人がいません。";
const ANSWERED: &str = "書いてくださってありがとうございます。夜はいつごろ起きますか？";
const FOLLOW_UP: &str = "もうひとつ。昼寝も３０分しかしません……";
/// The widget's warning when nothing survives the page (en, ja).
const NOT_KEPT_EN: &str = "This browser won't let the chat keep your conversation";
const NOT_KEPT_JA: &str = "お使いのブラウザでは、この会話を残しておくことができません";

/// Chromium's default: the frame's own storage works but is partitioned
/// under the host site, and browsers that keep such storage only while the
/// site is open wipe it. The conversation comes back from the loader's
/// storage even after the frame's own is wiped.
#[tokio::test]
async fn an_embedded_chat_survives_reloads_and_a_wiped_frame() -> anyhow::Result<()> {
    let (site, server) = two_sites().await?;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    let staff = driver.session(1280, 900).await?;

    open(&parent.client, &site).await?;
    ensure!(
        frame_storage(&parent.client).await? == "works",
        "Chromium gives the frame partitioned storage by default"
    );
    talk_and_reload(&parent.client, &staff.client, &site, &server, || async {
        // What browsers with fleeting third-party storage do when the site's
        // tabs close: the frame's own storage is gone.
        parent
            .client
            .execute("localStorage.clear()", vec![])
            .await?;
        Ok(())
    })
    .await?;
    close_all([parent, staff]).await
}

/// The frame's storage refused outright (the parent's settings block the
/// chat server's site): the conversation survives every reload all the same,
/// and the parent is not warned, since it is kept.
#[tokio::test]
async fn an_embedded_chat_survives_reloads_with_its_storage_blocked() -> anyhow::Result<()> {
    let (site, server) = two_sites().await?;
    let driver = Driver::start().await?;
    let parent = strict_session(&driver, Refused::Site(&server.url()), false).await?;
    let staff = driver.session(1280, 900).await?;

    parent.client.goto(&site.origin).await?;
    ensure!(
        host_items(&parent.client).await?.is_empty(),
        "the loader keeps nothing until the chat is opened"
    );
    open(&parent.client, &site).await?;
    let storage = frame_storage(&parent.client).await?;
    ensure!(
        storage == "SecurityError",
        "the frame's localStorage should be refused, found {storage:?}"
    );
    talk_and_reload(&parent.client, &staff.client, &site, &server, || async {
        Ok(())
    })
    .await?;
    let kept = host_items(&parent.client).await?;
    let token_key = format!("yorisoi@{} yorisoi.token@{}", server.url(), site.origin);
    ensure!(
        kept.contains(&token_key),
        "the loader keeps the token under the chat server's name: {kept:?}"
    );
    let (before, after) = forge_token(&parent.client, &server.url(), &token_key).await?;
    ensure!(
        before.is_some() && before == after,
        "a script of the host page posing as the chat cannot change its token: {before:?} -> {after:?}"
    );
    enter_chat(&parent.client).await?;
    ensure!(
        find_text(&parent.client, NOT_KEPT_EN).await?.is_none(),
        "a kept conversation carries no warning"
    );
    close_all([parent, staff]).await
}

/// Two tabs of the host site, the frame's storage blocked: the later tab's
/// greeting rotates the visitor token, and the earlier tab, told by its
/// loader, says Hello with the new one when its connection comes back, so
/// what it writes next stays in the same conversation.
#[tokio::test]
async fn two_tabs_share_one_conversation_with_storage_blocked() -> anyhow::Result<()> {
    let host = HostSite::start().await?;
    let origin = localhost(&host);
    let allowed = origin.clone();
    let server = TestServer::start_with(move |config| config.allowed_origins = vec![allowed]).await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let network = Network::start(server.url().trim_start_matches("http://").parse()?).await?;
    host.embed(&network.url());
    let site = Site {
        _host: host,
        origin,
    };
    let driver = Driver::start().await?;
    let parent = strict_session(&driver, Refused::Site(&network.url()), false).await?;
    let client = &parent.client;
    let token_key = format!("yorisoi@{} yorisoi.token@{}", network.url(), site.origin);

    open(client, &site).await?;
    write(client, "Message", "Send", ASKED).await?;
    wait_sent(client, 1).await?;
    let first_tab = client.window().await?;
    let first_token = kept_token(client, &token_key).await?;

    let second_tab = client.new_window(true).await?.handle;
    client.switch_to_window(second_tab).await?;
    open(client, &site).await?;
    log_with(client, ASKED).await?;
    eventually("the second tab to rotate the token", || async {
        let token = kept_token(client, &token_key).await?;
        Ok((token.is_some() && token != first_token).then_some(()))
    })
    .await?;

    client.switch_to_window(first_tab).await?;
    network.go_offline();
    enter_chat(client).await?;
    text_shown(client, "Reconnecting").await?;
    network.go_online();
    wait_sent(client, 1).await?;
    write(client, "Message", "Send", FOLLOW_UP).await?;
    wait_sent(client, 2).await?;

    let console = driver.session(1280, 900).await?;
    log_in(&console.client, &server.url(), "en").await?;
    let start: String = FOLLOW_UP.chars().take(10).collect();
    find(
        &console.client,
        &format!("//button[contains(., {})]", literal(&start)),
    )
    .await?
    .click()
    .await?;
    let history = log_with(&console.client, FOLLOW_UP).await?.text().await?;
    ensure!(
        history.contains(ASKED),
        "both tabs' messages are one conversation: {history:?}"
    );
    close_all([parent, console]).await
}

/// Nothing can be kept anywhere (every site's storage blocked): the parent
/// reads, before writing, that the conversation ends with the page; on a
/// phone (the demo page, made for phones), in Japanese and in English.
#[tokio::test]
async fn with_no_storage_anywhere_the_parent_is_told_before_writing() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    let driver = Driver::start().await?;
    let parent = strict_session(&driver, Refused::Everywhere, true).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    launch(&parent.client, "チャットを開く")
        .await?
        .enter_frame()
        .await?;
    ensure!(
        frame_storage(&parent.client).await? == "SecurityError",
        "the frame's own storage is refused too"
    );
    let warning = text_shown(&parent.client, NOT_KEPT_JA).await?;
    ensure!(warning.is_displayed().await?, "the warning is visible");
    screenshot(&parent.client, "widget-not-kept-phone-ja").await?;

    button(&parent.client, "English").await?.click().await?;
    let warning = text_shown(&parent.client, NOT_KEPT_EN).await?;
    ensure!(warning.is_displayed().await?, "the warning is visible");
    screenshot(&parent.client, "widget-not-kept-phone-en").await?;

    // The note offers the consultation code before the parent writes: they
    // take one, write, and close the page.
    let code = take_code(&parent.client).await?;
    screenshot(&parent.client, "widget-code-phone-en").await?;
    write(&parent.client, "Message", "Send", ASKED).await?;
    wait_sent(&parent.client, 1).await?;
    parent.close().await?;

    // Later, on another device, the code brings the conversation back.
    let other = driver.session(1280, 900).await?;
    other.client.goto(&format!("{}/demo", server.url())).await?;
    launch(&other.client, "チャットを開く")
        .await?
        .enter_frame()
        .await?;
    find(
        &other.client,
        "//summary[normalize-space()='相談コードをお持ちの方']",
    )
    .await?
    .click()
    .await?;
    write(
        &other.client,
        "相談コード",
        "相談の続きを開く",
        &code.to_lowercase(),
    )
    .await?;
    log_with(&other.client, ASKED)
        .await
        .context("the code brings the conversation to the other device")?;
    button(&other.client, "English").await?.click().await?;
    write(&other.client, "Message", "Send", FOLLOW_UP).await?;
    wait_sent(&other.client, 2).await?;
    other.close().await?;
    Ok(())
}

/// Clicks "Get a consultation code" and returns the code shown.
async fn take_code(client: &Client) -> anyhow::Result<String> {
    button(client, "Get a consultation code")
        .await?
        .click()
        .await?;
    let shown = find(client, "//*[@role='status']//strong").await?;
    let code = eventually("the code to show", || async {
        let text = shown.text().await?;
        Ok((text.len() == 14).then_some(text))
    })
    .await?;
    ensure!(
        find_text(client, "Your consultation code:")
            .await?
            .is_some(),
        "the code is explained"
    );
    ensure!(
        find_text(client, "It works once, within 24 hours.")
            .await?
            .is_some(),
        "the parent is told how long the code works"
    );
    Ok(code)
}

/// The language the parent chose in the chat is kept by the loader (the
/// frame's own storage refused): after a reload the launcher speaks it
/// before the chat is opened, and the chat opens in it.
#[tokio::test]
async fn the_chosen_language_survives_a_reload_with_storage_blocked() -> anyhow::Result<()> {
    let (site, server) = two_sites().await?;
    let driver = Driver::start().await?;
    let parent = strict_session(&driver, Refused::Site(&server.url()), false).await?;
    open(&parent.client, &site).await?;
    button(&parent.client, "日本語").await?.click().await?;
    text_shown(&parent.client, "相談").await?;
    parent.client.refresh().await?;
    // The launcher's label is Japanese before anything is opened.
    launch(&parent.client, "チャットを開く")
        .await
        .context("the launcher follows the kept choice")?
        .enter_frame()
        .await?;
    let lang = parent
        .client
        .execute("return document.documentElement.lang", vec![])
        .await?;
    ensure!(lang == "ja", "the chat opens in Japanese, not {lang}");
    parent.close().await?;
    drop(server);
    Ok(())
}

/// The host site on `localhost` and the chat server on `127.0.0.1`, the
/// server allowing the site.
struct Site {
    /// Serves the page while the test runs (it stops on drop).
    _host: HostSite,
    origin: String,
}

async fn two_sites() -> anyhow::Result<(Site, TestServer)> {
    let host = HostSite::start().await?;
    let origin = localhost(&host);
    let allowed = origin.clone();
    let server = TestServer::start_with(move |config| config.allowed_origins = vec![allowed]).await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    host.embed(&server.url());
    Ok((
        Site {
            _host: host,
            origin,
        },
        server,
    ))
}

/// The host site's origin under the name `localhost`: another site than the
/// chat server's `127.0.0.1`.
fn localhost(host: &HostSite) -> String {
    host.origin().replace("127.0.0.1", "localhost")
}

/// Opens the host page and the chat, and enters the chat's frame.
async fn open(client: &Client, site: &Site) -> anyhow::Result<()> {
    client.goto(&site.origin).await?;
    launch(client, LAUNCHER).await?.enter_frame().await?;
    Ok(())
}

/// The parent writes; a reload; staff reply; `between` runs (inside the
/// frame); another reload: each time the whole conversation is there.
async fn talk_and_reload<F, Fut>(
    parent: &Client,
    staff: &Client,
    site: &Site,
    server: &TestServer,
    between: F,
) -> anyhow::Result<()>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    write(parent, "Message", "Send", ASKED).await?;
    wait_sent(parent, 1).await?;

    parent.refresh().await?;
    open(parent, site).await?;
    log_with(parent, ASKED)
        .await
        .context("after a reload the parent's message is still there")?;

    log_in(staff, &server.url(), "en").await?;
    let start: String = ASKED.chars().take(10).collect();
    find(
        staff,
        &format!("//button[contains(., {})]", literal(&start)),
    )
    .await
    .context("the console lists the conversation")?
    .click()
    .await?;
    log_with(staff, ASKED).await?;
    write(staff, "Reply", "Send", ANSWERED).await?;
    log_with(parent, ANSWERED)
        .await
        .context("the reply reaches the parent live")?;

    between().await?;
    parent.refresh().await?;
    open(parent, site).await?;
    let history = log_with(parent, ANSWERED)
        .await
        .context("after another reload the reply is still there")?
        .text()
        .await?;
    ensure!(
        matches!((history.find(ASKED), history.find(ANSWERED)), (Some(a), Some(b)) if a < b),
        "the question then the answer: {history:?}"
    );
    Ok(())
}

/// Waits until `count` of the parent's messages show as sent (they reached
/// the server).
async fn wait_sent(client: &Client, count: usize) -> anyhow::Result<()> {
    let xpath = "//*[@role='log']//*[normalize-space(text())='Sent']";
    eventually(&format!("{count} messages to show as sent"), || async {
        let sent = client.find_all(Locator::XPath(xpath)).await?;
        Ok((sent.len() == count).then_some(()))
    })
    .await
}

/// The token the loader keeps in the host page's storage under `key`.
async fn kept_token(client: &Client, key: &str) -> anyhow::Result<Option<String>> {
    client.switch_to_window(client.window().await?).await?;
    let token = client
        .execute(
            "return localStorage.getItem(arguments[0])",
            vec![json!(key)],
        )
        .await?;
    Ok(token.as_str().map(str::to_owned))
}

/// Enters the (open) chat's frame from the top-level page.
async fn enter_chat(client: &Client) -> anyhow::Result<()> {
    let host = client.find(Locator::Css("yorisoi-chat")).await?;
    let frame = host
        .shadow_root()
        .await?
        .find(Locator::Css("iframe"))
        .await?;
    frame.enter_frame().await?;
    Ok(())
}

/// What touching `localStorage` in the current frame gives: `"works"`, or
/// the name of the error the browser throws.
async fn frame_storage(client: &Client) -> anyhow::Result<String> {
    let answer = client
        .execute(
            "try { localStorage.setItem('probe', '1'); localStorage.removeItem('probe'); return 'works'; } \
             catch (error) { return error.name; }",
            vec![],
        )
        .await?;
    Ok(answer.as_str().unwrap_or_default().to_owned())
}

/// The keys the loader keeps in the host page's own storage.
async fn host_items(client: &Client) -> anyhow::Result<Vec<String>> {
    client.switch_to_window(client.window().await?).await?;
    let keys = client
        .execute(
            "return Object.keys(localStorage).filter((key) => key.startsWith('yorisoi@'))",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(keys)?)
}

/// From the host page itself, posts the loader a `storage-set` of the token
/// (named `key` in the host page's storage) as the chat frame would; returns
/// the token kept before and after the loader heard it.
async fn forge_token(
    client: &Client,
    chat: &str,
    key: &str,
) -> anyhow::Result<(Option<String>, Option<String>)> {
    client.switch_to_window(client.window().await?).await?;
    let item = key.trim_start_matches(&format!("yorisoi@{chat} "));
    let kept = client
        .execute(
            "const [key, item] = arguments;
             const before = localStorage.getItem(key);
             return new Promise((done) => {
               addEventListener('message', (event) => {
                 if (event.data === 'heard') done([before, localStorage.getItem(key)]);
               });
               postMessage({ yorisoi: 'storage-set', key: item, value: '0'.repeat(64) }, '*');
               postMessage('heard', '*');
             });",
            vec![json!(key), json!(item)],
        )
        .await?;
    Ok(serde_json::from_value(kept)?)
}

/// The element showing `text`, if there is one now (no waiting).
async fn find_text(client: &Client, text: &str) -> anyhow::Result<Option<Element>> {
    let xpath = format!("//*[text()[contains(., {})]]", literal(text));
    Ok(client
        .find_all(Locator::XPath(&xpath))
        .await?
        .into_iter()
        .next())
}

/// Whose storage a strict browser refuses.
enum Refused<'a> {
    /// This origin's, wherever it is embedded (a cookie exception).
    Site(&'a str),
    /// Every site's (cookies blocked altogether).
    Everywhere,
}

/// A browser whose cookie settings, and so storage settings, refuse
/// `refused`; desktop-sized, or a phone's screen.
async fn strict_session(
    driver: &Driver,
    refused: Refused<'_>,
    phone: bool,
) -> anyhow::Result<Session> {
    // Chromium's own names for these settings (2: block).
    let prefs = match refused {
        Refused::Site(origin) => json!({ "profile": { "content_settings": { "exceptions": {
            "cookies": { format!("{origin},*"): { "setting": 2 } } } } } }),
        Refused::Everywhere => {
            json!({ "profile": { "default_content_setting_values": { "cookies": 2 } } })
        }
    };
    driver.with_prefs(prefs, phone).await
}
