//! The parent's side of issue 13 in a real browser: a case staff send
//! appears in the open widget with the exact words and the parent answers
//! it there (one parent approves in Japanese, on a phone, and then sees
//! "Withdraw consent"; another declines in English); a parent downloads
//! their conversation as a file and deletes it, after which the staff no
//! longer have it.

use anyhow::{Context, ensure};
use fantoccini::Client;
use yorisoi_protocol::ConversationId;
use yorisoi_protocol::cases::{CONSOLE_CASES, CaseStatus, ProposeCase, StaffCase};
use yorisoi_protocol::console::ServerFrame as StaffServerFrame;
use yorisoi_tests::{ConsoleSocket, StaffClient, TestServer};

use crate::browser::Driver;
use crate::page::{button, eventually, find, literal, screenshot, text_shown};
use crate::scenario::{choose_language, close_all, open_chat, write};

/// The conversation whose last message is `words`, as the console hears of it.
async fn conversation_of(console: &mut ConsoleSocket, words: &str) -> ConversationId {
    let frame = console
        .next_matching("the parent's conversation", |frame| {
            matches!(frame, StaffServerFrame::Conversation(summary) if summary.preview == words)
        })
        .await;
    match frame {
        StaffServerFrame::Conversation(summary) => summary.id,
        _ => unreachable!("next_matching returns the summary"),
    }
}

/// Staff propose a case from `conversation` and send it to the parent.
async fn propose_and_send(
    staff: &StaffClient,
    conversation: ConversationId,
) -> anyhow::Result<StaffCase> {
    let case: StaffCase = staff
        .http()
        .post(staff.url(CONSOLE_CASES))
        .json(&ProposeCase { conversation })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    staff
        .http()
        .post(staff.url(&format!("{CONSOLE_CASES}/{}/send", case.id)))
        .send()
        .await?
        .error_for_status()?;
    Ok(case)
}

/// The case as staff see it now.
async fn case_now(staff: &StaffClient, id: i64) -> anyhow::Result<StaffCase> {
    Ok(staff
        .http()
        .get(staff.url(&format!("{CONSOLE_CASES}/{id}")))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?)
}

/// The text of the element that has focus.
async fn focused_text(client: &Client) -> anyhow::Result<String> {
    let text = client
        .execute("return document.activeElement.textContent;", vec![])
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

const WORRY_JA: &str = "娘のはるちゃんが夜泣きで毎晩起きます。090-1234-5678までお願いします。";
const WORRY_EN: &str = "My son Tom cries every night. Please call me on 090-8765-4321.";

#[tokio::test]
async fn a_parent_approves_a_case_in_japanese_and_another_declines_in_english() -> anyhow::Result<()>
{
    let server = TestServer::start().await;
    let (staff, mut console, _) = server.console_as("aki@example.org", "あき").await;
    let driver = Driver::start().await?;

    // Japanese, on a phone: the words shown, redacted, then "Approve".
    let phone = driver.phone(390, 844).await?;
    let client = &phone.client;
    client.goto(&format!("{}/demo", server.url())).await?;
    open_chat(client).await?;
    write(client, "メッセージ", "送信", WORRY_JA).await?;
    let conversation = conversation_of(&mut console, WORRY_JA).await;
    let case = propose_and_send(&staff, conversation).await?;
    let approve = button(client, "承認する").await?;
    text_shown(client, "体験談の共有についてのお願い").await?;
    let quoted = find(client, "//blockquote[@lang='ja']")
        .await?
        .text()
        .await?;
    ensure!(
        !quoted.contains("はる") && !quoted.contains("5678"),
        "the parent sees the words with their details hidden: {quoted}"
    );
    ensure!(button(client, "お断りする").await?.is_displayed().await?);
    screenshot(client, "widget-case-phone-ja").await?;
    approve.click().await?;
    button(client, "同意を取り消す").await?;
    eventually("the approval to be recorded", || async {
        Ok((case_now(&staff, case.id).await?.status == CaseStatus::Approved).then_some(()))
    })
    .await?;
    eventually("focus on the card's new status line", || async {
        Ok(focused_text(client)
            .await?
            .contains("同意いただきました")
            .then_some(()))
    })
    .await?;

    // English, on a desktop: "Decline".
    let desktop = driver.session(1280, 900).await?;
    let english = &desktop.client;
    english.goto(&format!("{}/demo", server.url())).await?;
    open_chat(english).await?;
    choose_language(english, "言語", "English").await?;
    write(english, "Message", "Send", WORRY_EN).await?;
    let conversation = conversation_of(&mut console, WORRY_EN).await;
    let declined = propose_and_send(&staff, conversation).await?;
    text_shown(english, "May we share your story?").await?;
    let quoted = find(english, "//blockquote[@lang='en']")
        .await?
        .text()
        .await?;
    ensure!(
        !quoted.contains("Tom") && !quoted.contains("4321"),
        "details hidden in English too: {quoted}"
    );
    button(english, "Decline").await?.click().await?;
    text_shown(english, "This text will not be shared.")
        .await
        .context("the parent is told it will not be shared")?;
    eventually("the decline to be recorded", || async {
        Ok((case_now(&staff, declined.id).await?.status == CaseStatus::Declined).then_some(()))
    })
    .await?;
    screenshot(english, "widget-case-declined-en").await?;
    close_all([phone, desktop]).await
}

#[tokio::test]
async fn a_parent_downloads_and_then_deletes_their_conversation() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    let (staff, mut console, _) = server.console_as("aki@example.org", "あき").await;
    let driver = Driver::start().await?;
    // Downloads land in a folder of the test's, without asking.
    let downloads = tempfile::tempdir()?;
    let prefs = serde_json::json!({
        "download": {
            "default_directory": downloads.path(),
            "prompt_for_download": false,
        }
    });
    let desktop = driver.with_prefs(prefs, false).await?;
    let client = &desktop.client;
    client.goto(&format!("{}/demo", server.url())).await?;
    open_chat(client).await?;
    choose_language(client, "言語", "English").await?;
    write(client, "Message", "Send", WORRY_EN).await?;
    let conversation = conversation_of(&mut console, WORRY_EN).await;
    let case = propose_and_send(&staff, conversation).await?;
    button(client, "Decline").await?;

    // The file the browser saves.
    button(client, "Download my conversation")
        .await?
        .click()
        .await?;
    let text = eventually("the conversation to be saved", || async {
        let saved = std::fs::read_dir(downloads.path())?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .find(|path| path.extension().is_some_and(|ext| ext == "txt"));
        Ok(saved.and_then(|path| std::fs::read_to_string(path).ok()))
    })
    .await?;
    ensure!(
        text.contains(WORRY_EN),
        "the file holds the conversation: {text}"
    );

    button(client, "Delete my conversation")
        .await?
        .click()
        .await?;
    text_shown(
        client,
        "This deletes your conversation from our records too",
    )
    .await
    .context("the parent is told what deleting does")?;
    button(client, "Yes, delete everything")
        .await?
        .click()
        .await?;
    text_shown(client, "Your conversation has been deleted.").await?;
    ensure!(
        client
            .find_all(fantoccini::Locator::XPath(&format!(
                "//*[@role='log']//*[contains(., {})]",
                literal("My son")
            )))
            .await?
            .is_empty(),
        "the messages are gone from the widget"
    );
    // Gone for the staff too, its case with it.
    eventually("the case to be gone", || async {
        let status = staff
            .http()
            .get(staff.url(&format!("{CONSOLE_CASES}/{}", case.id)))
            .send()
            .await?
            .status();
        Ok((status == reqwest::StatusCode::NOT_FOUND).then_some(()))
    })
    .await?;
    close_all([desktop]).await
}
