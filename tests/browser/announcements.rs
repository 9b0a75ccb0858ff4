//! What a screen reader hears from the parent's conversation, the `role=log`
//! live region: each incoming reply is one addition, and nothing in the
//! earlier bubbles (name, time, state) is written again, so old messages
//! are never read out twice. Each message body carries its own language.
//! The parent's own message going from sent to read is told once each by
//! the polite status line beside the log, never by the log itself; times
//! are on a 24-hour clock in both languages.

use anyhow::ensure;
use serde_json::json;
use yorisoi_tests::TestServer;

use crate::browser::Driver;
use crate::page::{button_in, eventually, find, literal, log_with, text_shown};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, log_in, open_chat, write};

const ASKED: &str = "はじめまして。２歳の息子が夜中に何度も起きてしまいます。";
const FIRST_REPLY: &str = "書いてくださってありがとうございます。いつごろから続いていますか？";
const SECOND_REPLY: &str = "We can also talk in English if you prefer.";

/// Counts, inside the log, the bubbles added and every other change (text
/// rewritten, nodes added or removed inside an existing bubble).
const OBSERVE: &str = "
    const log = document.querySelector('[role=log]');
    window.heard = { added: 0, changed: 0 };
    new MutationObserver((records) => {
        for (const record of records) {
            if (record.target === log && record.type === 'childList') {
                window.heard.added += [...record.addedNodes].filter((n) => n.nodeType === 1).length;
                window.heard.changed += record.removedNodes.length;
            } else {
                window.heard.changed += 1;
            }
        }
    }).observe(log, { childList: true, subtree: true, characterData: true });";

#[tokio::test]
async fn each_reply_is_announced_once_and_earlier_bubbles_stay_still() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    let staff = driver.session(1280, 900).await?;

    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    open_chat(&parent.client).await?;
    write(&parent.client, "メッセージ", "送信", ASKED).await?;
    log_with(&parent.client, ASKED).await?;

    log_in(&staff.client, &server.url(), "ja").await?;
    let start: String = ASKED.chars().take(12).collect();
    find(
        &staff.client,
        &format!("//button[contains(., {})]", literal(&start)),
    )
    .await?
    .click()
    .await?;
    // The parent's message is read: its state settles before we listen.
    let read = text_shown(&parent.client, "既読").await?;
    let ratio = crate::contrast::of_text(&parent.client, &read).await?;
    ensure!(
        ratio >= 4.5,
        "既読 is {ratio:.2}:1 on its bubble, below 4.5:1"
    );
    parent.client.execute(OBSERVE, vec![]).await?;

    write(&staff.client, "返信", "送信", FIRST_REPLY).await?;
    log_with(&parent.client, FIRST_REPLY).await?;
    write(&staff.client, "返信", "送信", SECOND_REPLY).await?;
    log_with(&parent.client, SECOND_REPLY).await?;
    let heard = parent
        .client
        .execute("return window.heard;", vec![])
        .await?;
    ensure!(
        heard == json!({ "added": 2, "changed": 0 }),
        "two replies should be two additions and nothing else: {heard}"
    );

    for (text, lang) in [(ASKED, "ja"), (FIRST_REPLY, "ja"), (SECOND_REPLY, "en")] {
        let xpath = format!(
            "//*[@role='log']//*[@lang={}][contains(., {})]",
            literal(lang),
            literal(text)
        );
        find(&parent.client, &xpath).await?;
    }
    close_all([parent, staff]).await
}

/// Records what the status line beside the log (`role=status`) says each
/// time it is set, and counts the log's changes outside its `aria-live=off`
/// parts (where each bubble's state is shown without being re-announced).
const OBSERVE_STATUS: &str = "
    const log = document.querySelector('[role=log]');
    const line = log.parentElement.querySelector(':scope > [role=status]');
    window.told = [];
    new MutationObserver(() => window.told.push(line.textContent))
        .observe(line, { childList: true, subtree: true, characterData: true });
    window.logged = { added: 0, changed: 0 };
    new MutationObserver((records) => {
        for (const record of records) {
            const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
            if (node.closest('[aria-live=off]')) {
                continue;
            }
            if (record.target === log && record.type === 'childList') {
                window.logged.added += [...record.addedNodes].filter((n) => n.nodeType === 1).length;
                window.logged.changed += record.removedNodes.length;
            } else {
                window.logged.changed += 1;
            }
        }
    }).observe(log, { childList: true, subtree: true, characterData: true });";

/// Each shown message time in the log, with its machine-readable form.
const TIMES: &str = "
    return [...document.querySelectorAll('[role=log] time')]
        .map((time) => [time.textContent, time.getAttribute('datetime')]);";

const ASKED_EN: &str = "My daughter won't eat anything green. Any ideas?";
const ANSWER_EN: &str = "Thank you for writing. How old is she?";

#[tokio::test]
async fn sent_and_read_are_told_once_each_and_times_are_24_hour() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    let staff = driver.session(1280, 900).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    open_chat(&parent.client).await?;
    let switch = format!("//*[@role='group'][@aria-label={}]", literal("言語"));
    button_in(&parent.client, &switch, "English")
        .await?
        .click()
        .await?;
    parent.client.execute(OBSERVE_STATUS, vec![]).await?;

    write(&parent.client, "Message", "Send", ASKED_EN).await?;
    log_with(&parent.client, ASKED_EN).await?;
    told(&parent.client, 1).await?;
    log_in(&staff.client, &server.url(), "en").await?;
    find(
        &staff.client,
        &format!("//button[contains(., {})]", literal("My daughter")),
    )
    .await?
    .click()
    .await?;
    told(&parent.client, 2).await?;
    // A reply afterwards: one addition to the log, nothing for the line.
    write(&staff.client, "Reply", "Send", ANSWER_EN).await?;
    log_with(&parent.client, ANSWER_EN).await?;
    let said = parent.client.execute("return window.told;", vec![]).await?;
    ensure!(
        said == json!(["Sent", "Read"]),
        "the status line should say Sent then Read, once each: {said}"
    );
    let logged = parent
        .client
        .execute("return window.logged;", vec![])
        .await?;
    ensure!(
        logged == json!({ "added": 2, "changed": 0 }),
        "the log should only gain the two messages, never re-read one for its state: {logged}"
    );

    let staff_times: Vec<(String, String)> =
        serde_json::from_value(staff.client.execute(TIMES, vec![]).await?)?;
    ensure!(
        staff_times.len() == 2,
        "the console shows both: {staff_times:?}"
    );
    for lang in ["English", "日本語"] {
        if lang == "日本語" {
            // The switch is named in the language shown.
            let switch = format!("//*[@role='group'][@aria-label={}]", literal("Language"));
            button_in(&parent.client, &switch, lang)
                .await?
                .click()
                .await?;
            text_shown(&parent.client, "既読").await?;
        }
        let times = parent.client.execute(TIMES, vec![]).await?;
        let times: Vec<(String, String)> = serde_json::from_value(times)?;
        ensure!(times.len() == 2, "two messages, two times: {times:?}");
        let on_both = times.iter().chain(if lang == "English" {
            &staff_times[..]
        } else {
            &[]
        });
        for (shown, machine) in on_both {
            // Written today: the clock alone, 24-hour, as in `datetime`.
            ensure!(
                machine.len() == 16 && machine.get(11..) == Some(shown.as_str()),
                "{lang}: {shown:?} should be the 24-hour time of {machine:?}"
            );
        }
    }
    close_all([parent, staff]).await
}

/// Waits until the status line has been set `count` times.
async fn told(client: &fantoccini::Client, count: usize) -> anyhow::Result<()> {
    eventually("the status line to speak", || async {
        let said = client.execute("return window.told.length;", vec![]).await?;
        Ok((said.as_u64() >= Some(count as u64)).then_some(()))
    })
    .await
}
