//! The settings page for every staff member (issue 12): a staff member who
//! is not an admin sets their role and hours there (a broken line is
//! marked where it is, in their language) and parents see the role in the
//! widget's chooser; and a canned reply, added in the settings, goes into
//! the console's reply box in the language the parent writes in (not the
//! one their interface shows), unsent, for staff to edit.

use fantoccini::{Client, Locator};
use yorisoi_protocol::Lang;
use yorisoi_protocol::widget::ServerFrame;
use yorisoi_tests::{TestServer, random_token};

use crate::browser::Driver;
use crate::page::{
    button, button_in, control, eventually, find, link, literal, screenshot, text_shown,
};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, log_in, open_chat};

/// Replaces the text of the field named `label`.
async fn retype(client: &Client, label: &str, text: &str) -> anyhow::Result<()> {
    let field = control(client, label).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

/// Clicks the button named `name` once it is brought into view.
async fn press(client: &Client, name: &str) -> anyhow::Result<()> {
    let found = button(client, name).await?;
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
            vec![serde_json::to_value(&found)?],
        )
        .await?;
    found.click().await?;
    Ok(())
}

/// Chooses `language` in the page's language switch named `group`.
async fn switch_language(client: &Client, group: &str, language: &str) -> anyhow::Result<()> {
    let scope = format!("//*[@role='group'][@aria-label={}]", literal(group));
    button_in(client, &scope, language).await?.click().await?;
    Ok(())
}

#[tokio::test]
async fn a_staff_member_sets_their_role_and_hours_and_parents_see_the_role() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let staff = driver.session(1280, 900).await?;
    log_in(&staff.client, &server.url(), "ja").await?;
    // Not an admin, and still the way to their own profile.
    link(&staff.client, "プロフィールと設定")
        .await?
        .click()
        .await?;
    text_shown(
        &staff.client,
        "団体の設定を変更できるのは、団体の管理者だけです。",
    )
    .await?;

    retype(&staff.client, "役割（日本語）", "保育士").await?;
    retype(&staff.client, "役割（英語）", "Childcare worker").await?;
    press(&staff.client, "プロフィールを保存").await?;
    text_shown(&staff.client, "プロフィールを保存しました。").await?;

    // A line that is not hours is marked where it is, and nothing is saved.
    retype(&staff.client, "月曜日", "9-12、13:30〜15:00").await?;
    retype(&staff.client, "火曜日", "朝のうち").await?;
    press(&staff.client, "対応時間を保存").await?;
    let tuesday = control(&staff.client, "火曜日").await?;
    eventually("Tuesday to be marked", || async {
        Ok((tuesday.attr("aria-invalid").await?.as_deref() == Some("true")).then_some(()))
    })
    .await?;
    text_shown(
        &staff.client,
        "終わりが始まりより後になるよう書いてください",
    )
    .await?;
    screenshot(&staff.client, "team-settings-hours-problem-ja").await?;
    let store = server.store().await;
    let organisation = server.default_organisation().await.id;
    assert_eq!(
        store.team(organisation).await?[0].schedule,
        None,
        "nothing saved"
    );

    retype(&staff.client, "火曜日", "10:00-12:00").await?;
    press(&staff.client, "対応時間を保存").await?;
    text_shown(&staff.client, "対応時間を保存しました。").await?;
    let record = store.team(organisation).await?.remove(0);
    let schedule = record.schedule.expect("hours saved");
    let monday: Vec<(u16, u16)> = schedule.week[0].iter().map(|s| (s.start, s.end)).collect();
    assert_eq!(monday, [(540, 720), (810, 900)]);
    assert_eq!(record.profile.role_en, "Childcare worker");
    staff
        .client
        .execute("window.scrollTo(0, 0)", vec![])
        .await?;
    screenshot(&staff.client, "team-settings-desktop-ja").await?;
    switch_language(&staff.client, "言語", "English").await?;
    control(&staff.client, "Role (English)").await?;
    screenshot(&staff.client, "team-settings-desktop-en").await?;

    // On a phone, in both languages.
    let phone = driver.phone(390, 844).await?;
    log_in(&phone.client, &server.url(), "en").await?;
    // Logged in once the console offers the way to the settings.
    link(&phone.client, "Profile and settings").await?;
    phone
        .client
        .goto(&format!("{}/console/settings", server.url()))
        .await?;
    control(&phone.client, "Monday").await?;
    screenshot(&phone.client, "team-settings-phone-en").await?;
    switch_language(&phone.client, "Language", "日本語").await?;
    control(&phone.client, "月曜日").await?;
    screenshot(&phone.client, "team-settings-phone-ja").await?;

    // The parent's chooser names her with her role.
    let parent = driver.session(1280, 900).await?;
    parent
        .client
        .goto(&format!("{}/demo", server.url()))
        .await?;
    open_chat(&parent.client).await?;
    let option = "//*[@role='radiogroup']//label[starts-with(normalize-space(), 'さくら')]\
                  [contains(., '保育士')]";
    find(&parent.client, option).await?;
    close_all([staff, phone, parent]).await
}

#[tokio::test]
async fn a_canned_reply_goes_in_in_the_language_the_parent_writes() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    const JA: &str = "ご相談ありがとうございます。少しずつ一緒に考えていきましょう。";
    const EN: &str = "Thank you for writing to us. Let us think it through together.";
    // Two parents: one chose English but writes Japanese, one the reverse.
    let mut writes_japanese = server.widget().await;
    writes_japanese.hello(&random_token(), Lang::En, 0).await;
    writes_japanese.say("夜泣きがひどくて眠れません").await;
    let mut writes_english = server.widget().await;
    writes_english.hello(&random_token(), Lang::Ja, 0).await;
    writes_english.say("My baby will not sleep at night").await;

    let driver = Driver::start().await?;
    let staff = driver.session(1280, 900).await?;
    log_in(&staff.client, &server.url(), "en").await?;
    link(&staff.client, "Profile and settings")
        .await?
        .click()
        .await?;
    retype(&staff.client, "Title", "Thanks for writing").await?;
    retype(&staff.client, "Text (Japanese)", JA).await?;
    retype(&staff.client, "Text (English)", EN).await?;
    press(&staff.client, "Add canned reply").await?;
    // The list is read again: the reply now has its own form.
    button(&staff.client, "Save canned reply").await?;
    link(&staff.client, "Back to conversations")
        .await?
        .click()
        .await?;

    for (row, expected) in [("夜泣きがひどくて", JA), ("My baby will not", EN)] {
        let xpath = format!("//button[contains(., {})]", literal(row));
        find(&staff.client, &xpath).await?.click().await?;
        let reply = control(&staff.client, "Reply").await?;
        reply.clear().await?;
        press(&staff.client, "Canned replies").await?;
        // Keyboard: the list takes focus; Tab reaches the reply, Enter chooses.
        let choice = button(&staff.client, "Thanks for writing").await?;
        choice.send_keys("\u{E007}").await?;
        eventually("the reply box to hold the canned text", || async {
            let value = reply.prop("value").await?.unwrap_or_default();
            Ok((value == expected).then_some(()))
        })
        .await?;
        if row.starts_with("My") {
            screenshot(&staff.client, "team-settings-canned-inserted-en").await?;
        }
    }
    // Inserted, never sent: neither parent received it.
    let sent = staff
        .client
        .find_all(Locator::XPath(&format!(
            "//*[@role='log']//*[contains(text(), {})]",
            literal("Thank you for writing")
        )))
        .await?;
    assert!(sent.is_empty(), "a canned reply is not sent by itself");
    for parent in [&mut writes_japanese, &mut writes_english] {
        let frames = parent.frames_before_pong().await;
        assert!(
            !frames
                .iter()
                .any(|frame| matches!(frame, ServerFrame::Message(_))),
            "no message reached a parent: {frames:?}"
        );
    }
    close_all([staff]).await
}
