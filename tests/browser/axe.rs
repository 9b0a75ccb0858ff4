//! axe-core, the accessibility checker, on every screen a parent or a staff
//! member meets, in Japanese and in English, on a phone (390×844) and on a
//! desktop: zero violations of WCAG 2.x A and AA and of axe's best
//! practices. One browser per language and size walks through the states:
//! the demo page with the launcher (in Japanese, the demo's language); the
//! widget's first screen, the other language, a refused nickname; the
//! console's login, a refused login, the list, an open conversation, the
//! settings page (the organisation's settings and a refused colour), the
//! login after "log out everywhere"; the widget again with a message staff have read, one the
//! server refused and a draft too long to send; the "forget this device"
//! confirmation and its outcome.
//!
//! axe runs inside the widget's own document (the chat frame), not on the
//! host page around it, which is the embedding site's. Its script comes
//! from npm (`xtask/package.json`): `cargo xtask test` installs it and
//! passes its path in `YORISOI_AXE`; a plain `cargo test` finds it in
//! `xtask/node_modules`.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use fantoccini::Client;
use fantoccini::key::Key;
use serde_json::{Value, json};
use yorisoi_protocol::limits::MAX_MESSAGE_CHARS;
use yorisoi_tests::{Role, STAFF_PASSWORD, TestServer, new_client_id};

use crate::browser::Driver;
use crate::coverage::{click_shown, role_says};
use crate::host_site::{HostSite, PageLang};
use crate::page::{button, button_in, control, eventually, find, link, literal, log_with};
use crate::scenario::{launch, write};

const EMAIL: &str = "axe@example.org";

/// What a person of each language sees, writes and clicks.
struct Words {
    page: PageLang,
    launcher: &'static str,
    /// The language group's name, and this language's button in it.
    languages: &'static str,
    own_language: &'static str,
    message: &'static str,
    nickname: &'static str,
    /// A nickname that poses as staff, and part of the refusal.
    posing: &'static str,
    posing_refused: &'static str,
    /// A nickname the chat takes.
    chosen: &'static str,
    send: &'static str,
    sent: &'static str,
    read: &'static str,
    not_sent: &'static str,
    retry: &'static str,
    too_long: &'static str,
    reply: &'static str,
    email: &'static str,
    password: &'static str,
    log_in: &'static str,
    bad_credentials: &'static str,
    settings: &'static str,
    back_to_conversations: &'static str,
    accent: &'static str,
    save_settings: &'static str,
    accent_refused: &'static str,
    log_out_everywhere: &'static str,
    logged_out_everywhere: &'static str,
    forget: &'static str,
    confirm_forget: &'static str,
    forgotten: &'static str,
    parent_says: &'static str,
    /// With a web address, which the chat shows as a link.
    staff_says: &'static str,
}

const JA: Words = Words {
    page: PageLang::Ja,
    launcher: "チャットを開く",
    languages: "言語",
    own_language: "日本語",
    message: "メッセージ",
    nickname: "ニックネーム（任意）",
    posing: "運営スタッフ",
    posing_refused: "ニックネームに使えません",
    chosen: "ゆきママ",
    send: "送信",
    sent: "送信済み",
    read: "既読",
    not_sent: "送信できませんでした",
    retry: "再送信",
    too_long: "メッセージが長すぎます",
    reply: "返信",
    email: "メールアドレス",
    password: "パスワード",
    log_in: "ログイン",
    bad_credentials: "正しくありません",
    settings: "プロフィールと設定",
    back_to_conversations: "相談一覧に戻る",
    accent: "テーマカラー",
    save_settings: "設定を保存",
    accent_refused: "入力してください",
    log_out_everywhere: "すべての端末でログアウト",
    logged_out_everywhere: "すべての端末でログアウトしました",
    forget: "この端末から消去",
    confirm_forget: "はい、消します",
    forgotten: "消しました",
    parent_says: "こんばんは。上の子が赤ちゃん返りをしていて、どう接したらいいか悩んでいます。",
    staff_says: "こんばんは。よくあることですよ。こちらも参考にどうぞ https://example.org/kosodate/akachangaeri",
};

const EN: Words = Words {
    page: PageLang::En,
    launcher: "Open chat",
    languages: "Language",
    own_language: "English",
    message: "Message",
    nickname: "Nickname (optional)",
    posing: "Staff Mum",
    posing_refused: "choose another nickname",
    chosen: "Yuki's mum",
    send: "Send",
    sent: "Sent",
    read: "Read",
    not_sent: "Not sent",
    retry: "Retry",
    too_long: "This message is too long",
    reply: "Reply",
    email: "Email",
    password: "Password",
    log_in: "Log in",
    bad_credentials: "is not correct",
    settings: "Profile and settings",
    back_to_conversations: "Back to conversations",
    accent: "Accent colour",
    save_settings: "Save settings",
    accent_refused: "Please enter the colour",
    log_out_everywhere: "Log out everywhere",
    logged_out_everywhere: "logged out on every device",
    forget: "Forget this device",
    confirm_forget: "Yes, forget",
    forgotten: "Done.",
    parent_says: "Good evening. Since the baby came, my older girl acts like a baby again.",
    staff_says: "Good evening. That is very common; this may help: https://example.org/parenting/regression",
};

impl Words {
    /// The words of the other language.
    fn other(&self) -> &'static Words {
        match self.page {
            PageLang::Ja => &EN,
            PageLang::En => &JA,
        }
    }
}

#[tokio::test]
async fn japanese_on_a_phone_has_no_axe_violations() -> anyhow::Result<()> {
    walk(&JA, true).await
}

#[tokio::test]
async fn japanese_on_a_desktop_has_no_axe_violations() -> anyhow::Result<()> {
    walk(&JA, false).await
}

#[tokio::test]
async fn english_on_a_phone_has_no_axe_violations() -> anyhow::Result<()> {
    walk(&EN, true).await
}

#[tokio::test]
async fn english_on_a_desktop_has_no_axe_violations() -> anyhow::Result<()> {
    walk(&EN, false).await
}

/// One browser through every screen of the widget and the console, in one
/// language at one size; fails with every violation axe found on the way.
async fn walk(words: &Words, phone: bool) -> anyhow::Result<()> {
    let axe = Axe::load()?;
    let site = HostSite::start_in(words.page).await?;
    let origin = site.origin();
    let server = TestServer::start_with(move |config| config.allowed_origins = vec![origin]).await;
    site.embed(&server.url());
    server
        .add_staff_in("main", Role::Admin, EMAIL, "Axe", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let session = if phone {
        driver.phone(390, 844).await?
    } else {
        driver.session(1280, 900).await?
    };
    let client = &session.client;
    let mut found = Vec::new();
    if matches!(words.page, PageLang::Ja) {
        found.extend(demo_page(client, &axe, &server.url()).await?);
    }
    found.extend(first_visit(client, &axe, words, &site.origin()).await?);
    found.extend(console(client, &axe, words, &server.url()).await?);
    found.extend(second_visit(client, &axe, words, &server.url(), &site.origin()).await?);
    session.close().await?;
    let size = if phone { "phone" } else { "desktop" };
    anyhow::ensure!(
        found.is_empty(),
        "axe found {} violations ({:?}, {size}):\n{}",
        found.len(),
        words.page,
        found.join("\n")
    );
    Ok(())
}

/// The demo page (Japanese, ours, unlike the test's host site) with the
/// loader's launcher, closed and open: the loader's own markup and its
/// frame's title are checked here, the chat inside it elsewhere.
async fn demo_page(client: &Client, axe: &Axe, chat: &str) -> anyhow::Result<Vec<String>> {
    client.goto(&format!("{chat}/demo")).await?;
    find(client, "//yorisoi-chat").await?;
    let mut found = axe.check(client, "demo page, launcher").await?;
    launch(client, JA.launcher).await?;
    found.extend(axe.check(client, "demo page, chat open").await?);
    Ok(found)
}

/// The widget before anything is written, in the other language, with a
/// nickname it refuses; then the parent's first message goes out under a
/// nickname it takes.
async fn first_visit(
    client: &Client,
    axe: &Axe,
    words: &Words,
    site: &str,
) -> anyhow::Result<Vec<String>> {
    client.goto(site).await?;
    launch(client, words.launcher).await?.enter_frame().await?;
    control(client, words.message).await?;
    let mut found = axe.check(client, "widget, first screen").await?;
    let group = |name| format!("//*[@role='group'][@aria-label={}]", literal(name));
    let other = words.other();
    button_in(client, &group(words.languages), other.own_language)
        .await?
        .click()
        .await?;
    control(client, other.message).await?;
    found.extend(axe.check(client, "widget, other language").await?);
    button_in(client, &group(other.languages), words.own_language)
        .await?
        .click()
        .await?;

    let nickname = control(client, words.nickname).await?;
    nickname.send_keys(words.posing).await?;
    write(client, words.message, words.send, words.parent_says).await?;
    role_says(client, "alert", words.posing_refused).await?;
    found.extend(axe.check(client, "widget, nickname refused").await?);
    // Backspaces, not `clear()`: the widget listens to input events.
    let erase = Key::Backspace
        .to_string()
        .repeat(words.posing.chars().count());
    nickname.send_keys(&erase).await?;
    nickname.send_keys(words.chosen).await?;
    button(client, words.send).await?.click().await?;
    state_shown(client, words.sent).await?;
    Ok(found)
}

/// The console: a refused login, the list, the conversation (which marks
/// the parent's message read) with a reply, the settings and a colour they
/// refuse; logging out everywhere.
async fn console(
    client: &Client,
    axe: &Axe,
    words: &Words,
    chat: &str,
) -> anyhow::Result<Vec<String>> {
    client.goto(&format!("{chat}/console")).await?;
    if matches!(words.page, PageLang::Ja) {
        // The browser speaks English: the console starts in English.
        let english = format!("//*[@role='group'][@aria-label={}]", literal(EN.languages));
        button_in(client, &english, JA.own_language)
            .await?
            .click()
            .await?;
    }
    control(client, words.email).await?.send_keys(EMAIL).await?;
    let mut found = axe.check(client, "console, login").await?;
    let password = control(client, words.password).await?;
    password.send_keys("not the password").await?;
    button(client, words.log_in).await?.click().await?;
    role_says(client, "alert", words.bad_credentials).await?;
    found.extend(axe.check(client, "console, login refused").await?);
    password.clear().await?;
    password.send_keys(STAFF_PASSWORD).await?;
    button(client, words.log_in).await?.click().await?;

    let start: String = words.parent_says.chars().take(12).collect();
    let row = format!("//nav//button[contains(., {})]", literal(&start));
    let row = find(client, &row).await?;
    found.extend(axe.check(client, "console, list").await?);
    row.click().await?;
    log_with(client, words.parent_says).await?;
    write(client, words.reply, words.send, words.staff_says).await?;
    find(
        client,
        "//*[@role='log']//a[starts-with(@href, 'https://example.org/')]",
    )
    .await?;
    found.extend(axe.check(client, "console, open conversation").await?);

    // The settings are a page of their own, reached by the header's link.
    link(client, words.settings).await?.click().await?;
    let accent = control(client, words.accent).await?;
    found.extend(axe.check(client, "console, settings").await?);
    accent.clear().await?;
    accent.send_keys("#fff").await?;
    button(client, words.save_settings).await?.click().await?;
    role_says(client, "alert", words.accent_refused).await?;
    found.extend(axe.check(client, "console, settings refused").await?);
    link(client, words.back_to_conversations)
        .await?
        .click()
        .await?;
    click_shown(client, words.log_out_everywhere).await?;
    role_says(client, "status", words.logged_out_everywhere).await?;
    found.extend(axe.check(client, "console, logged out everywhere").await?);
    Ok(found)
}

/// The widget again: the parent's message read, the reply with its link, a
/// message the server refused for good, and one too long for the composer;
/// then "forget this device", its confirmation and what it says after.
async fn second_visit(
    client: &Client,
    axe: &Axe,
    words: &Words,
    chat: &str,
    site: &str,
) -> anyhow::Result<Vec<String>> {
    client.goto(site).await?;
    keep_unsendable_message(client, chat, site).await?;
    client.refresh().await?;
    launch(client, words.launcher).await?.enter_frame().await?;
    log_with(client, words.staff_says).await?;
    state_shown(client, words.read).await?;
    state_shown(client, words.not_sent).await?;
    button(client, words.retry).await?;
    let message = control(client, words.message).await?;
    // Typing 4,001 characters key by key would take long; the composer
    // reacts to the input event, as it does to typing.
    client
        .execute(
            "arguments[0].value = arguments[1]; \
             arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::to_value(&message)?, json!(too_long())],
        )
        .await?;
    button(client, words.send).await?.click().await?;
    role_says(client, "alert", words.too_long).await?;
    let mut found = axe
        .check(client, "widget, read, failed and too long")
        .await?;

    click_shown(client, words.forget).await?;
    wait_shown(client, words.confirm_forget).await?;
    found.extend(axe.check(client, "widget, forget confirmation").await?);
    click_shown(client, words.confirm_forget).await?;
    role_says(client, "status", words.forgotten).await?;
    found.extend(axe.check(client, "widget, forgotten").await?);
    Ok(found)
}

/// Waits until the button named `name` is shown, without clicking it.
async fn wait_shown(client: &Client, name: &str) -> anyhow::Result<()> {
    eventually(&format!("the button {name:?} to be shown"), || async {
        Ok(button(client, name)
            .await?
            .is_displayed()
            .await?
            .then_some(()))
    })
    .await
}

/// Waits for a message in the log whose state reads exactly `state`.
async fn state_shown(client: &Client, state: &str) -> anyhow::Result<()> {
    let xpath = format!(
        "//*[@role='log']//*[normalize-space(text())={}]",
        literal(state)
    );
    find(client, &xpath)
        .await
        .with_context(|| format!("no message says {state:?}"))?;
    Ok(())
}

/// Japanese without a space, one character over the limit.
fn too_long() -> String {
    "とても長い相談"
        .chars()
        .cycle()
        .take(MAX_MESSAGE_CHARS + 1)
        .collect()
}

/// Puts a message longer than the limit in the widget's outbox, kept by the
/// loader in the host page's storage, as if it had been written before a
/// reload: the widget sends it when it connects, and the server refuses it.
async fn keep_unsendable_message(client: &Client, chat: &str, site: &str) -> anyhow::Result<()> {
    let body = too_long();
    let created_ms = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as u64;
    let outbox = json!([{
        "client_id": new_client_id(),
        "body": body,
        "nickname": null,
        "created_ms": created_ms,
        "failed": null,
    }]);
    let chat_origin = yorisoi_tests::origin_of(chat);
    let key = format!("yorisoi@{chat_origin} yorisoi.outbox@{site}");
    client
        .execute(
            "localStorage.setItem(arguments[0], arguments[1]);",
            vec![json!(key), json!(outbox.to_string())],
        )
        .await?;
    Ok(())
}

/// axe-core's script, injected into each page it checks.
struct Axe {
    script: String,
}

/// What axe checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA (2.2 adds
/// AA rules only), and its best practices. Only the document the session
/// is in: the widget's frame is checked from inside, never the host page.
const RUN: &str = "
    const done = arguments[arguments.length - 1];
    axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
            'wcag22aa', 'best-practice'] },
        resultTypes: ['violations'],
        iframes: false,
    }).then((results) => done(results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
    })))).catch((error) => done({ error: String(error) }));";

impl Axe {
    /// Reads the script from `YORISOI_AXE`, or from `xtask/node_modules`.
    fn load() -> anyhow::Result<Axe> {
        let path = std::env::var_os("YORISOI_AXE")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../xtask/node_modules/axe-core/axe.min.js")
            });
        let script = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "reading axe-core at {}: run `cargo xtask test`, or `npm ci` in xtask/",
                path.display()
            )
        })?;
        Ok(Axe { script })
    }

    /// Runs axe on the current document (the frame the session is in) and
    /// returns one readable line per element in violation, prefixed by
    /// `screen`.
    ///
    /// A screen in violation is looked at once more after a moment, and
    /// only what is still wrong then is reported: a page caught in the middle
    /// of a change (a transition, a reconnect's status line) is not what a
    /// person reads, while a real violation stays and fails the test. What
    /// the first look found is printed either way.
    async fn check(&self, client: &Client, screen: &str) -> anyhow::Result<Vec<String>> {
        let first = self.look(client, screen).await?;
        if first.is_empty() {
            return Ok(first);
        }
        eprintln!("axe, first look at {screen}:\n{}", first.join("\n"));
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        self.look(client, screen).await
    }

    async fn look(&self, client: &Client, screen: &str) -> anyhow::Result<Vec<String>> {
        let present = client
            .execute("return typeof window.axe === 'object';", vec![])
            .await?;
        if present != Value::Bool(true) {
            client.execute(&self.script, vec![]).await?;
        }
        let result = client.execute_async(RUN, vec![]).await?;
        if let Some(error) = result.get("error") {
            bail!("axe failed on {screen}: {error}");
        }
        let violations = result
            .as_array()
            .with_context(|| format!("axe answered {result}"))?;
        let mut lines = Vec::new();
        for violation in violations {
            let text = |key: &str| violation[key].as_str().unwrap_or_default().to_owned();
            for node in violation["nodes"].as_array().into_iter().flatten() {
                lines.push(format!(
                    "{screen}: {} ({}) {} at {}: {}",
                    text("id"),
                    text("impact"),
                    text("help"),
                    node["target"],
                    node["summary"]
                        .as_str()
                        .unwrap_or_default()
                        .replace('\n', " "),
                ));
            }
        }
        Ok(lines)
    }
}
