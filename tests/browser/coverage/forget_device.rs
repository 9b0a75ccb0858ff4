//! "Forget this device", the whole way: the parent finds the button by its
//! name, confirms, is told it is done; after a reload the chat holds nothing
//! of the conversation, and what she writes next starts a new one. Staff
//! still have the first conversation, every word of it.

use yorisoi_tests::TestServer;

use super::{click_shown, open_conversation, role_says};
use crate::browser::Driver;
use crate::page::{eventually, log_with};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, log_in, open_chat, write};

const FORGET: &str = "この端末から消去";
const CONFIRM: &str = "はい、消します";
const DONE: &str = "消しました";
const SAID: &str = "家族と共用のスマホなので、あとで消したいです。";
const AFTER: &str = "新しい相談です。";
const SENT: &str = "送信済み";

#[tokio::test]
async fn forgetting_this_device_hides_the_conversation_here_but_staff_keep_it() -> anyhow::Result<()>
{
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let records = server.records().await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    open_chat(&parent.client).await?;
    write(&parent.client, "メッセージ", "送信", SAID).await?;
    log_with(&parent.client, SAID).await?;
    eventually("the first conversation to be stored", || async {
        Ok((records.summaries().await.len() == 1).then_some(()))
    })
    .await?;

    click_shown(&parent.client, FORGET).await?;
    click_shown(&parent.client, CONFIRM).await?;
    role_says(&parent.client, "status", DONE).await?;

    // After a reload the widget must have been welcomed before a new
    // message is acknowledged: once it is, anything it was going to
    // restore would be on screen.
    parent.client.refresh().await?;
    open_chat(&parent.client).await?;
    write(&parent.client, "メッセージ", "送信", AFTER).await?;
    let sent_shown = format!(
        "//*[@role='log']//*[normalize-space(text())={}]",
        crate::page::literal(SENT)
    );
    crate::page::find(&parent.client, &sent_shown).await?;
    let shown = log_with(&parent.client, AFTER).await?.text().await?;
    assert!(
        !shown.contains(SAID),
        "the forgotten conversation is gone from this browser: {shown:?}"
    );
    let conversations = records.summaries().await;
    assert_eq!(
        conversations.len(),
        2,
        "writing again started a new conversation"
    );

    let staff = driver.session(1280, 900).await?;
    log_in(&staff.client, &server.url(), "en").await?;
    open_conversation(&staff.client, SAID, SAID).await?;
    let kept = log_with(&staff.client, SAID).await?.text().await?;
    assert!(
        !kept.contains(AFTER),
        "the old conversation holds only what was said before: {kept:?}"
    );
    close_all([parent, staff]).await
}
