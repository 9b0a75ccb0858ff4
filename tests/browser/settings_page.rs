//! The staff settings page (`/console/settings`, a page and wasm app of its
//! own) for the people it is not for: someone not logged in is sent to the
//! console's login by a link, and a staff member who is not an admin finds
//! there, in the language they chose in the console (the two pages share
//! the choice), their own profile and a calm word that only admins change
//! the organisation's settings, with no form for them, and a link back to
//! the conversations.

use fantoccini::{Client, Locator};
use yorisoi_tests::{Role, TestServer};

use crate::browser::Driver;
use crate::page::{button_in, control, control_xpath, link, screenshot, text_shown};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, log_in};

/// The settings page of the server at `base`.
fn settings_url(base: &str) -> String {
    format!("{base}/console/settings")
}

/// True when the page has a form control named `name` right now.
async fn has_control(client: &Client, name: &str) -> anyhow::Result<bool> {
    let found = client
        .find_all(Locator::XPath(&control_xpath(name)))
        .await?;
    Ok(!found.is_empty())
}

#[tokio::test]
async fn someone_logged_out_is_sent_to_the_login() -> anyhow::Result<()> {
    let server = TestServer::start().await;
    let first = server.default_organisation().await;
    server
        .add_staff_in(
            &first.slug,
            Role::Admin,
            STAFF_EMAIL,
            "さくら",
            STAFF_PASSWORD,
        )
        .await;
    let driver = Driver::start().await?;
    let visitor = driver.session(1280, 800).await?;
    visitor.client.goto(&settings_url(&server.url())).await?;
    text_shown(&visitor.client, "You are not logged in.").await?;
    assert!(
        !has_control(&visitor.client, "Name (English)").await?,
        "no settings without a session"
    );
    screenshot(&visitor.client, "settings-logged-out-en").await?;
    link(&visitor.client, "Log in").await?.click().await?;
    // The console's login form, where a staff member logs in.
    control(&visitor.client, "Email").await?;
    close_all([visitor]).await
}

#[tokio::test]
async fn a_staff_member_who_is_not_an_admin_is_told_so_and_sees_their_own_profile()
-> anyhow::Result<()> {
    let server = TestServer::start().await;
    server
        .add_staff(STAFF_EMAIL, "さくら", STAFF_PASSWORD)
        .await;
    let driver = Driver::start().await?;
    let staff = driver.session(1280, 800).await?;
    log_in(&staff.client, &server.url(), "ja").await?;
    // The console in Japanese, logged in: everyone has the way to their
    // own profile (issue 12), not to the organisation's settings.
    button_in(&staff.client, "", "ログアウト").await?;
    link(&staff.client, "プロフィールと設定").await?;
    staff.client.goto(&settings_url(&server.url())).await?;
    text_shown(
        &staff.client,
        "団体の設定を変更できるのは、団体の管理者だけです。",
    )
    .await?;
    control(&staff.client, "表示名").await?;
    assert!(
        !has_control(&staff.client, "団体名（英語）").await?,
        "no organisation form for a staff member who is not an admin"
    );
    screenshot(&staff.client, "settings-not-admin-ja").await?;
    link(&staff.client, "相談一覧に戻る").await?.click().await?;
    button_in(&staff.client, "", "ログアウト").await?;
    close_all([staff]).await
}
