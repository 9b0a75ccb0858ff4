//! What a screen reader hears from the parent's conversation, the `role=log`
//! live region: each incoming reply is one addition, and nothing in the
//! earlier bubbles (name, time, state) is written again, so old messages
//! are never read out twice. Each message body carries its own language.

use anyhow::ensure;
use serde_json::json;
use yorisoi_tests::TestServer;

use crate::browser::Driver;
use crate::page::{find, literal, log_with, text_shown};
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
