//! The team in the console (issue 12): the tab's title counts the parents'
//! unread messages, so a parent waiting behind another tab is seen; the
//! open conversation says when its parent is typing; and a staff member's
//! presence, chosen in the status line, is what parents are told.

use anyhow::Context;
use fantoccini::Locator;
use yorisoi_protocol::Lang;
use yorisoi_protocol::team::{NOW, Presence};
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_tests::{TestServer, random_token};

use crate::browser::Driver;
use crate::page::{control, eventually, literal, screenshot};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, log_in};

/// The console's tab title.
async fn title(client: &fantoccini::Client) -> anyhow::Result<String> {
    Ok(client.title().await?)
}

#[tokio::test]
async fn the_console_counts_unread_messages_in_its_title_and_shows_the_parent_typing()
-> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let staff = driver.session(1280, 900).await?;
    log_in(&staff.client, &server.url(), "en").await?;
    control(&staff.client, "Status").await?;
    assert_eq!(title(&staff.client).await?, "Yorisoi staff console");

    // Two messages from a parent: the title says (2) without a click.
    let mut parent = server.widget().await;
    parent.hello(&random_token(), Lang::Ja, 0).await;
    parent.say("こんばんは").await;
    parent.say("夜泣きのことで相談です").await;
    eventually("the title to count two unread messages", || async {
        let shown = title(&staff.client).await?;
        Ok((shown == "(2) Yorisoi staff console").then_some(()))
    })
    .await?;

    // Opening the conversation reads them: the count goes.
    let row = format!("//button[contains(., {})]", literal("夜泣きのこと"));
    crate::page::find(&staff.client, &row)
        .await
        .context("the console lists the conversation")?
        .click()
        .await?;
    eventually("the title to lose its count", || async {
        let shown = title(&staff.client).await?;
        Ok((shown == "Yorisoi staff console").then_some(()))
    })
    .await?;

    // The parent types: the open conversation says so.
    parent.send(&ClientFrame::Typing).await;
    let typing = "//p[contains(@class,'typing')][contains(., 'is typing')]";
    eventually("the parent's typing hint", || async {
        Ok(staff.client.find(Locator::XPath(typing)).await.ok())
    })
    .await?;
    screenshot(&staff.client, "console-parent-typing-en").await?;

    // The staff member types a reply: the parent's widget is told who.
    control(&staff.client, "Reply")
        .await?
        .send_keys("お疲れさまです")
        .await?;
    parent
        .next_matching(
            "the staff typing hint",
            |frame| matches!(frame, ServerFrame::Typing { name } if name == "さくら"),
        )
        .await;

    // Presence: "Online" in the status line tells parents someone is there.
    let select = control(&staff.client, "Status").await?;
    select.select_by_value(Presence::Online.as_str()).await?;
    // The parent's heartbeat brings the changed team (a loop: the
    // console's frame and the parent's heartbeat race).
    let mut told = None;
    for _ in 0..100 {
        told = parent
            .frames_before_pong()
            .await
            .into_iter()
            .find_map(|frame| match frame {
                ServerFrame::Team(team) => Some(team),
                _ => None,
            });
        if told.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let team = told.context("the parent is told the staff member is online")?;
    assert!(!team.away);
    assert_eq!(team.reply_by_ms, Some(NOW));
    close_all([staff]).await
}

/// Logs in at `/console` (English) as `email`.
pub(crate) async fn log_in_as(
    client: &fantoccini::Client,
    base: &str,
    email: &str,
) -> anyhow::Result<()> {
    client.goto(&format!("{base}/console")).await?;
    control(client, "Email").await?.send_keys(email).await?;
    control(client, "Password")
        .await?
        .send_keys(STAFF_PASSWORD)
        .await?;
    crate::page::button(client, "Log in").await?.click().await?;
    control(client, "Status").await?;
    Ok(())
}

#[tokio::test]
async fn a_parent_who_asks_for_someone_counts_only_in_that_persons_console() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let aoi = server
        .add_staff("aoi@example.org", "あおい", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let sakura_console = driver.session(1280, 900).await?;
    let aoi_console = driver.session(1280, 900).await?;
    log_in_as(&sakura_console.client, &server.url(), STAFF_EMAIL).await?;
    log_in_as(&aoi_console.client, &server.url(), "aoi@example.org").await?;

    // The parent asks for あおい before writing.
    let mut parent = server.widget().await;
    parent.hello(&random_token(), Lang::Ja, 0).await;
    parent
        .send(&ClientFrame::Nominate {
            staff: Some(aoi.id),
        })
        .await;
    parent
        .next_matching("the team answer", |frame| {
            matches!(frame, ServerFrame::Team(_))
        })
        .await;
    parent.say("あおいさんに聞いてほしいです").await;

    eventually("あおい's title to count the message", || async {
        let shown = title(&aoi_console.client).await?;
        Ok((shown == "(1) Yorisoi staff console").then_some(()))
    })
    .await?;
    let for_you = "//button[contains(., 'Asked for you')][contains(., 'あおいさんに')]";
    crate::page::find(&aoi_console.client, for_you)
        .await
        .context("あおい's list marks the conversation as asked for her")?;
    screenshot(&aoi_console.client, "console-asked-for-you-en").await?;
    // さくら sees the conversation in the list (nothing is hidden), but her
    // tab does not call her to it, and it is not marked as hers.
    let row = "//button[contains(., 'あおいさんに')]";
    let row_text = crate::page::find(&sakura_console.client, row)
        .await?
        .text()
        .await?;
    assert!(!row_text.contains("Asked for you"), "{row_text:?}");
    assert!(row_text.contains("Waiting since"), "{row_text:?}");
    assert_eq!(
        title(&sakura_console.client).await?,
        "Yorisoi staff console"
    );
    close_all([sakura_console, aoi_console]).await
}
