//! The console's working tools in a browser (issue 12): a staff member
//! orders the list by who has waited longest, takes a conversation
//! (`Assign`), keeps an internal note the parent never
//! receives, filters the list to their own, resolves the conversation and
//! finds it again among the resolved, and searches; in Japanese the same
//! controls carry their Japanese names.

use fantoccini::Client;
use yorisoi_protocol::Lang;
use yorisoi_tests::{TestServer, random_token};

use crate::browser::Driver;
use crate::page::{button, control, eventually, find, literal, screenshot};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, log_in};

/// The list's rows, as their text (read in one go by script: the list may
/// redraw between finding a row and reading it).
async fn rows(client: &Client) -> anyhow::Result<Vec<String>> {
    let texts = client
        .execute(
            "return Array.from(document.querySelectorAll('.list .item'), row => row.innerText);",
            Vec::new(),
        )
        .await?;
    Ok(serde_json::from_value(texts)?)
}

/// Waits until the list's rows satisfy `wanted`.
async fn rows_until(
    client: &Client,
    what: &str,
    wanted: impl Fn(&[String]) -> bool,
) -> anyhow::Result<Vec<String>> {
    eventually(what, || async {
        let shown = rows(client).await?;
        Ok(wanted(&shown).then_some(shown))
    })
    .await
}

#[tokio::test]
async fn a_staff_member_takes_notes_filters_resolves_and_searches() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server.add_staff(STAFF_EMAIL, "Aiko", STAFF_PASSWORD).await;
    let mut night = server.widget().await;
    night.hello(&random_token(), Lang::Ja, 0).await;
    night.say("夜泣きがつらいです").await;
    let mut bites = server.widget().await;
    bites.hello(&random_token(), Lang::En, 0).await;
    bites.say("Our toddler bites at daycare").await;

    let driver = Driver::start().await?;
    let staff = driver.session(1280, 900).await?;
    let client = &staff.client;
    log_in(client, &server.url(), "en").await?;
    rows_until(client, "both conversations, newest first", |rows| {
        rows.len() == 2 && rows[0].contains("toddler")
    })
    .await?;
    // Waiting longest first: the parent who wrote first is on top.
    control(client, "Order")
        .await?
        .select_by_value("waiting")
        .await?;
    rows_until(client, "the longest waiting on top", |rows| {
        rows.len() == 2 && rows[0].contains("夜泣き")
    })
    .await?;
    control(client, "Order")
        .await?
        .select_by_value("newest")
        .await?;

    // Take the parent who cannot sleep.
    let row = format!(
        "//button[contains(@class,'item')][contains(., {})]",
        literal("夜泣き")
    );
    find(client, &row).await?.click().await?;
    button(client, "Assign").await?.click().await?;
    button(client, "Hand back").await?;
    find(
        client,
        "//*[contains(@class,'holder')][.='Assigned to you']",
    )
    .await?;

    // Labels, in the list too.
    control(client, "Labels")
        .await?
        .send_keys("sleep, follow up\n")
        .await?;
    rows_until(client, "the labels in the list", |rows| {
        rows.iter()
            .any(|row| row.contains("sleep") && row.contains("follow up"))
    })
    .await?;

    // An internal note: shown to staff, never sent to the parent.
    find(client, "//summary[contains(., 'Internal notes')]")
        .await?
        .click()
        .await?;
    control(client, "Internal note")
        .await?
        .send_keys("Mentioned the health centre last time")
        .await?;
    button(client, "Add note").await?.click().await?;
    find(
        client,
        "//*[contains(@class,'notes')]//li[contains(., 'health centre')]",
    )
    .await?;
    find(client, "//summary[contains(., 'Internal notes (1)')]").await?;
    let heard = format!("{:?}", night.frames_before_pong().await);
    assert!(
        !heard.contains("health centre"),
        "the parent heard: {heard}"
    );
    screenshot(client, "console-work-tools-en").await?;

    // Mine: only the one taken.
    control(client, "Filter")
        .await?
        .select_by_value("mine")
        .await?;
    let mine = rows_until(client, "only mine", |rows| rows.len() == 1).await?;
    assert!(mine[0].contains("夜泣き") && mine[0].contains("Assigned to Aiko"));
    control(client, "Filter")
        .await?
        .select_by_value("all")
        .await?;
    rows_until(client, "everyone's again", |rows| rows.len() == 2).await?;

    // Resolved: it leaves the open list and shows among the resolved.
    button(client, "Resolve").await?.click().await?;
    button(client, "Reopen").await?;
    let open = rows_until(client, "only the open one", |rows| rows.len() == 1).await?;
    assert!(open[0].contains("toddler"));
    control(client, "Open or resolved")
        .await?
        .select_by_value("resolved")
        .await?;
    let resolved = rows_until(client, "the resolved one", |rows| {
        rows.len() == 1 && rows[0].contains("夜泣き")
    })
    .await?;
    assert!(resolved[0].contains("Resolved"));

    // Search, across the filter: by text, then cleared.
    let search = control(client, "Search").await?;
    search.send_keys("toddler\n").await?;
    rows_until(client, "the search's answer", |rows| {
        rows.len() == 1 && rows[0].contains("toddler")
    })
    .await?;
    search.clear().await?;
    // Clearing a search box by script fires no input event: as a person
    // would, delete the last character by key.
    search.send_keys("x\u{e003}").await?;
    rows_until(client, "the filtered list again", |rows| {
        rows.len() == 1 && rows[0].contains("夜泣き")
    })
    .await?;

    // The parent writes again: the conversation is open again.
    night.say("また相談させてください").await;
    control(client, "Open or resolved")
        .await?
        .select_by_value("open")
        .await?;
    rows_until(client, "both open", |rows| rows.len() == 2).await?;
    close_all([staff]).await
}

#[tokio::test]
async fn the_working_tools_speak_japanese_on_a_phone() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server.add_staff(STAFF_EMAIL, "あき", STAFF_PASSWORD).await;
    let mut parent = server.widget().await;
    parent.hello(&random_token(), Lang::Ja, 0).await;
    parent.say("上の子に当たってしまいます").await;
    let driver = Driver::start().await?;
    let staff = driver.session(390, 844).await?;
    let client = &staff.client;
    log_in(client, &server.url(), "ja").await?;
    control(client, "検索").await?;
    control(client, "絞り込み").await?;
    screenshot(client, "console-list-tools-phone-ja").await?;
    let row = format!(
        "//button[contains(@class,'item')][contains(., {})]",
        literal("上の子")
    );
    find(client, &row).await?.click().await?;
    button(client, "担当する").await?.click().await?;
    button(client, "担当を外れる").await?;
    button(client, "解決済みにする").await?;
    find(client, "//summary[contains(., '内部メモ')]")
        .await?
        .click()
        .await?;
    control(client, "内部メモ").await?;
    control(client, "ラベル").await?;
    screenshot(client, "console-work-tools-phone-ja").await?;
    close_all([staff]).await
}
