//! The console's sound and notifications (issue 12): a parent's new
//! message in another conversation than the one open raises the tab's
//! count and is announced as a browser notification (the browser's
//! permission granted in its profile, as a staff member who clicked
//! "Allow notifications" has it); after "Sound and notifications" is
//! switched off, the count still rises but nothing is announced; what a
//! notification's click sends opens its conversation. A parent's words
//! that suggest danger (issue 13) raise an alert and list their
//! conversation first, to everyone, until a staff member replies.
//!
//! What the console announced is read from its log of announcements (a
//! visually hidden `role="log"` that screen readers hear), written by the
//! same call that makes the sound and the `Notification`.

use anyhow::Context;
use fantoccini::Client;
use serde_json::json;
use yorisoi_protocol::Lang;
use yorisoi_tests::{TestServer, WidgetSocket, random_token};

use crate::browser::Driver;
use crate::page::{button, control, eventually, find, literal, screenshot};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, log_in, write};

/// A parent who says `body` in a new conversation.
async fn parent_says(server: &TestServer, body: &str) -> WidgetSocket {
    let mut parent = server.widget().await;
    parent.hello(&random_token(), Lang::Ja, 0).await;
    parent.say(body).await;
    parent
}

/// Waits until the tab's title is `wanted`.
async fn title_becomes(client: &Client, wanted: &str) -> anyhow::Result<()> {
    eventually(&format!("the title {wanted:?}"), || async {
        Ok((client.title().await? == wanted).then_some(()))
    })
    .await
}

/// The text of the console's log of announcements (in either language).
async fn announced(client: &Client) -> anyhow::Result<String> {
    let log = find(
        client,
        "//*[@role='log'][@aria-label='Announcements' or @aria-label='お知らせの記録']",
    )
    .await?;
    Ok(client
        .execute("return arguments[0].textContent", vec![json!(log)])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test]
async fn a_new_message_elsewhere_is_counted_and_notified_and_mute_silences_it() -> anyhow::Result<()>
{
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let prefs = json!({ "profile": { "default_content_setting_values": { "notifications": 1 } } });
    let staff = driver.with_prefs(prefs, false).await?;
    log_in(&staff.client, &server.url(), "en").await?;
    control(&staff.client, "Sound and notifications").await?;
    let permission = staff
        .client
        .execute("return Notification.permission", Vec::new())
        .await?;
    assert_eq!(
        permission,
        json!("granted"),
        "the browser lets the console notify"
    );
    assert!(
        button(&staff.client, "Allow notifications").await.is_err(),
        "no question once allowed"
    );

    // One parent's conversation is open on screen.
    let _first = parent_says(&server, "ひとつめの相談です").await;
    let row = format!("//button[contains(., {})]", literal("ひとつめの相談"));
    find(&staff.client, &row)
        .await
        .context("the console lists the first conversation")?
        .click()
        .await?;
    title_becomes(&staff.client, "Yorisoi staff console").await?;

    // Another parent writes: counted in the title, and announced.
    let mut second = parent_says(&server, "ふたつめの相談です🍼").await;
    title_becomes(&staff.client, "(1) Yorisoi staff console").await?;
    let told = eventually("the announcement", || async {
        let text = announced(&staff.client).await?;
        Ok(text.contains("ふたつめの相談です🍼").then_some(text))
    })
    .await?;
    assert!(
        told.contains("New message from a parent") && told.contains("Anonymous parent #"),
        "the title in the console's language, the parent's name: {told:?}"
    );
    screenshot(&staff.client, "console-alerts-en").await?;

    // Muted: the count still rises, nothing more is announced.
    control(&staff.client, "Sound and notifications")
        .await?
        .click()
        .await?;
    second.say("もうひとつ聞きたいです").await;
    title_becomes(&staff.client, "(2) Yorisoi staff console").await?;
    let after = announced(&staff.client).await?;
    assert!(
        !after.contains("もうひとつ"),
        "nothing is announced while muted: {after:?}"
    );
    // The choice is kept for this staff member across a reload.
    staff.client.refresh().await?;
    let switch = control(&staff.client, "Sound and notifications").await?;
    assert!(!switch.is_selected().await?, "still muted after a reload");

    // Clicking a notification opens its conversation: sent here as the
    // click sends it (`public/console-alerts.js`), since WebDriver cannot
    // click the browser's own notification.
    let number = told
        .rsplit('#')
        .next()
        .and_then(|rest| rest.split(':').next())
        .context("the announced parent's number")?
        .to_owned();
    staff
        .client
        .execute(
            "dispatchEvent(new CustomEvent('yorisoi-open', { detail: Number(arguments[0]) }))",
            vec![json!(number)],
        )
        .await?;
    let heading = format!("//h2[contains(., {})]", literal(&["#", &number].concat()));
    find(&staff.client, &heading)
        .await
        .context("the notified conversation opens")?;
    close_all([staff]).await
}

/// The text of the console's alert line (empty when it has none).
async fn alert_line(client: &Client) -> anyhow::Result<String> {
    let alert = find(client, "//p[@role='alert'][contains(@class, 'overdue')]").await?;
    Ok(client
        .execute("return arguments[0].textContent", vec![json!(alert)])
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test]
async fn a_danger_message_raises_the_console_alert_until_a_reply() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let staff = driver.session(1280, 900).await?;
    log_in(&staff.client, &server.url(), "ja").await?;
    control(&staff.client, "通知音とお知らせ").await?;

    // One parent in danger, then another who writes something ordinary
    // (the newer, which alone would be listed first).
    let _worried = parent_says(&server, "もう子どもを叩いてしまいそうで怖いです").await;
    let alert = eventually("the danger alert", || async {
        let text = alert_line(&staff.client).await?;
        Ok(text.contains("危険を感じさせる言葉").then_some(text))
    })
    .await?;
    assert!(alert.contains("匿名の保護者 #"), "who: {alert:?}");
    let told = announced(&staff.client).await?;
    assert!(
        told.contains("危険を感じさせる言葉") && told.contains("叩いてしまいそう"),
        "announced as danger, with the parent's words: {told:?}"
    );
    let _calm = parent_says(&server, "離乳食のすすめ方を教えてください").await;
    find(&staff.client, "//button[contains(., '離乳食')]").await?;
    let first = find(&staff.client, "(//button[contains(@class, 'item')])[1]").await?;
    let first_text = first.text().await?;
    assert!(
        first_text.contains("危険のサイン") && first_text.contains("叩いてしまいそう"),
        "the conversation in danger is listed first, marked: {first_text:?}"
    );
    screenshot(&staff.client, "console-danger-ja").await?;

    // A reply clears the alert and the mark.
    first.click().await?;
    write(
        &staff.client,
        "返信",
        "送信",
        "お話ししてくださってありがとうございます。",
    )
    .await?;
    eventually("the alert to go", || async {
        Ok(alert_line(&staff.client).await?.is_empty().then_some(()))
    })
    .await?;
    let marks = staff
        .client
        .find_all(fantoccini::Locator::XPath(
            "//button[contains(@class, 'item')][contains(., '危険のサイン')]",
        ))
        .await?;
    assert!(marks.is_empty(), "the mark goes with the reply");
    close_all([staff]).await
}
