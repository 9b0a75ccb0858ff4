//! The message length limit as a parent meets it in the composer: past the
//! limit the box says by how much, and Send refuses with a reason and keeps
//! the text, so nothing reaches the server; one character less goes out.

use fantoccini::key::Key;
use yorisoi_protocol::limits::MAX_MESSAGE_CHARS;
use yorisoi_tests::TestServer;

use super::role_says;
use crate::browser::Driver;
use crate::page::{button, control, eventually, text_shown};
use crate::scenario::{close_all, open_chat};

const OVER_BY_ONE: &str = "1文字オーバーしています";
const TOO_LONG: &str = "メッセージが長すぎます";
const NONE_LEFT: &str = "あと0文字";

#[tokio::test]
async fn a_message_over_the_limit_is_refused_with_a_reason_and_not_sent() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    let records = server.records().await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    open_chat(&parent.client).await?;

    // Japanese without a single space, one character too many.
    let longest: String = "子育ての相談。"
        .chars()
        .cycle()
        .take(MAX_MESSAGE_CHARS)
        .collect();
    let message_box = control(&parent.client, "メッセージ").await?;
    message_box.send_keys(&format!("{longest}あ")).await?;
    text_shown(&parent.client, OVER_BY_ONE).await?;
    button(&parent.client, "送信").await?.click().await?;
    role_says(&parent.client, "alert", TOO_LONG).await?;
    let kept = message_box.prop("value").await?.unwrap_or_default();
    assert_eq!(
        kept.chars().count(),
        MAX_MESSAGE_CHARS + 1,
        "the refused text stays in the box to be shortened"
    );

    // One character less: at the limit, it is sent. The server then holds
    // exactly that message: the refused one never went out.
    message_box.send_keys(&Key::Backspace.to_string()).await?;
    text_shown(&parent.client, NONE_LEFT).await?;
    button(&parent.client, "送信").await?.click().await?;
    let stored = eventually("the message at the limit to be stored", || async {
        let Some(summary) = records.summaries().await.into_iter().next() else {
            return Ok(None);
        };
        Ok(Some(records.messages(summary.id).await))
    })
    .await?;
    let bodies: Vec<usize> = stored.iter().map(|m| m.body.chars().count()).collect();
    assert_eq!(
        bodies,
        [MAX_MESSAGE_CHARS],
        "only the message at the limit reached the server"
    );
    assert_eq!(stored[0].body, longest);
    close_all([parent]).await
}
