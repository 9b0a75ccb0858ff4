//! Two staff members answer the same parent at the same moment, each from
//! their own browser. Both replies are stored once, and the parent and both
//! staff members see them in one and the same order: the server's.

use fantoccini::elements::Element;
use yorisoi_protocol::Author;
use yorisoi_tests::TestServer;

use super::{log_in_as, open_conversation, positions};
use crate::browser::Driver;
use crate::page::{button, control, eventually, log_with};
use crate::scenario::{close_all, open_chat, write};

const AKI: &str = "aki@example.org";
const BUN: &str = "bun@example.org";
const PARENT_SAYS: &str = "保育園に行きたがらなくて、毎朝泣いてしまいます。";
const AKI_SAYS: &str = "Mornings like that are hard. What helps him calm down?";
const BUN_SAYS: &str = "You are not alone in this; many parents tell us the same.";

#[tokio::test]
async fn two_staff_replying_at_once_are_shown_in_one_order_to_everyone() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server.add_staff(AKI, "Aki", super::PASSWORD).await;
    server.add_staff(BUN, "Bun", super::PASSWORD).await;
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    open_chat(&parent.client).await?;
    write(&parent.client, "メッセージ", "送信", PARENT_SAYS).await?;

    let aki = driver.session(1280, 900).await?;
    let bun = driver.session(1280, 900).await?;
    for (staff, email) in [(&aki, AKI), (&bun, BUN)] {
        log_in_as(&staff.client, &server.url(), email).await?;
        open_conversation(&staff.client, PARENT_SAYS, PARENT_SAYS).await?;
    }

    // Both replies are typed, then both sent together.
    let aki_send = typed_reply(&aki.client, AKI_SAYS).await?;
    let bun_send = typed_reply(&bun.client, BUN_SAYS).await?;
    let (aki_sent, bun_sent) = tokio::join!(aki_send.click(), bun_send.click());
    aki_sent?;
    bun_sent?;

    // The server's order: by sequence.
    let records = server.records().await;
    let stored = eventually("both replies to be stored", || async {
        let Some(summary) = records.summaries().await.into_iter().next() else {
            return Ok(None);
        };
        let replies: Vec<String> = records
            .messages(summary.id)
            .await
            .into_iter()
            .filter(|message| matches!(message.author, Author::Staff { .. }))
            .map(|message| message.body)
            .collect();
        Ok((replies.len() == 2).then_some(replies))
    })
    .await?;
    let server_order: Vec<&str> = stored.iter().map(String::as_str).collect();

    for (who, session) in [("the parent", &parent), ("Aki", &aki), ("Bun", &bun)] {
        let shown = shown_once_both(&session.client).await?;
        let at = positions(&shown, &[PARENT_SAYS, AKI_SAYS, BUN_SAYS])?;
        let mut shown_order = [(at[1], AKI_SAYS), (at[2], BUN_SAYS)];
        shown_order.sort_unstable();
        let shown_order: Vec<&str> = shown_order.iter().map(|(_, text)| *text).collect();
        assert_eq!(
            shown_order, server_order,
            "{who} sees the replies in the server's order: {shown:?}"
        );
        assert!(
            at[0] < at[1] && at[0] < at[2],
            "{who} sees the question first: {shown:?}"
        );
    }
    close_all([parent, aki, bun]).await
}

/// Types `reply` into the reply box; returns the Send button, not clicked.
async fn typed_reply(client: &fantoccini::Client, reply: &str) -> anyhow::Result<Element> {
    control(client, "Reply").await?.send_keys(reply).await?;
    button(client, "Send").await
}

/// The text of the conversation log once it shows both replies.
async fn shown_once_both(client: &fantoccini::Client) -> anyhow::Result<String> {
    log_with(client, AKI_SAYS).await?;
    Ok(log_with(client, BUN_SAYS).await?.text().await?)
}
