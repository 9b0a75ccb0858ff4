//! Two organisations on one server, each embedded by its own site: the
//! widget's header wears the organisation's name in the parent's language,
//! a parent's words on each site reach that organisation only, and an admin
//! who restyles their organisation on the settings page (linked from the
//! console: greeting, accent colour, launcher side) sees a freshly opened
//! widget and its launcher follow.

use anyhow::{Context as _, bail};
use fantoccini::{Client, Locator};
use yorisoi_protocol::OrganisationId;
use yorisoi_tests::{Role, TestServer};

use crate::browser::Driver;
use crate::host_site::{HostSite, PageLang};
use crate::page::{
    button, button_in, control, eventually, link, log_with, radio, screenshot, text_shown,
};
use crate::scenario::{STAFF_EMAIL, STAFF_PASSWORD, close_all, launch, log_in, write};

const HIDAMARI_JA: &str = "ひだまり子育てネット";
const HIDAMARI_EN: &str = "Hidamari Parenting Net";
const KODAMA_JA: &str = "こだま親子サロン";
const KODAMA_EN: &str = "Kodama Family Salon";
const BLUE: &str = "#1d4ed8";
const BLUE_RGB: [u8; 3] = [29, 78, 216];
const GREETING: &str = "Welcome to Hidamari! Write to us any time, day or night.";

/// The text of the widget's `<h1>`, if it has one yet.
async fn header(client: &Client) -> anyhow::Result<Option<String>> {
    match client.find(Locator::XPath("//h1")).await {
        Ok(heading) => Ok(Some(heading.text().await?.trim().to_owned())),
        Err(_) => Ok(None),
    }
}

/// Waits until the widget's `<h1>` says `name`.
async fn header_says(client: &Client, name: &str) -> anyhow::Result<()> {
    let waited = eventually(&format!("the widget header to say {name:?}"), || async {
        Ok(header(client).await?.filter(|text| text == name))
    })
    .await;
    if waited.is_err() {
        bail!(
            "the widget header never said {name:?}: {:?}",
            header(client).await?
        );
    }
    Ok(())
}

/// Clicks the language `language` in the widget's language switch.
async fn switch_language(client: &Client, language: &str) -> anyhow::Result<()> {
    button_in(client, "//*[@role='group']", language)
        .await?
        .click()
        .await?;
    Ok(())
}

/// Waits until the organisation's stored conversations show `text`.
async fn stored_in(server: &TestServer, organisation: OrganisationId, text: &str) -> bool {
    let records = server.records_of(organisation).await;
    let found = eventually(&format!("{text:?} to be stored"), || async {
        let previews: Vec<String> = records
            .summaries()
            .await
            .into_iter()
            .map(|s| s.preview)
            .collect();
        Ok(previews.iter().any(|p| p == text).then_some(()))
    })
    .await;
    found.is_ok()
}

#[tokio::test]
async fn each_organisations_widget_wears_its_own_name_in_both_languages() -> anyhow::Result<()> {
    let hidamari_site = HostSite::start_in(PageLang::Ja).await?;
    let kodama_site = HostSite::start_in(PageLang::Ja).await?;
    let server = TestServer::start().await;
    let hidamari_origin = hidamari_site.origin();
    let kodama_origin = kodama_site.origin();
    let hidamari = server
        .add_organisation("hidamari", HIDAMARI_JA, HIDAMARI_EN, &[&hidamari_origin])
        .await;
    let kodama = server
        .add_organisation("kodama", KODAMA_JA, KODAMA_EN, &[&kodama_origin])
        .await;
    hidamari_site.embed(&server.url());
    kodama_site.embed(&server.url());
    let driver = Driver::start().await?;
    let parent = driver.session(1280, 900).await?;
    let phone = driver.phone(390, 844).await?;

    for (session, site, (ja, en), shot) in [
        (
            &parent,
            &hidamari_origin,
            (HIDAMARI_JA, HIDAMARI_EN),
            "widget-organisation",
        ),
        (
            &phone,
            &kodama_origin,
            (KODAMA_JA, KODAMA_EN),
            "widget-organisation-phone",
        ),
    ] {
        session.client.goto(site).await?;
        launch(&session.client, "チャットを開く")
            .await?
            .enter_frame()
            .await?;
        header_says(&session.client, ja).await?;
        screenshot(&session.client, &format!("{shot}-ja")).await?;
        switch_language(&session.client, "English").await?;
        header_says(&session.client, en).await?;
        screenshot(&session.client, &format!("{shot}-en")).await?;
    }

    // One parent writes on both sites, in one browser: each message reaches
    // the organisation of the site it was written on, and only that one.
    let to_hidamari = "Hello Hidamari, my baby will not sleep.";
    write(&parent.client, "Message", "Send", to_hidamari).await?;
    assert!(
        stored_in(&server, hidamari.id, to_hidamari).await,
        "Hidamari got it"
    );
    parent.client.goto(&kodama_origin).await?;
    launch(&parent.client, "チャットを開く")
        .await?
        .enter_frame()
        .await?;
    // The language chosen on the other site may be remembered: either is fine.
    let heading = eventually("the header to name Kodama", || async {
        let text = header(&parent.client).await?;
        Ok(text.filter(|text| [KODAMA_JA, KODAMA_EN].contains(&text.as_str())))
    })
    .await?;
    let (label, send) = if heading == KODAMA_EN {
        ("Message", "Send")
    } else {
        ("メッセージ", "送信")
    };
    let to_kodama = "こだまさん、はじめまして。";
    write(&parent.client, label, send, to_kodama).await?;
    assert!(
        stored_in(&server, kodama.id, to_kodama).await,
        "Kodama got it"
    );
    let hidamari_records = server.records_of(hidamari.id).await;
    let hidamari_previews: Vec<String> = hidamari_records
        .summaries()
        .await
        .into_iter()
        .map(|s| s.preview)
        .collect();
    assert_eq!(hidamari_previews, [to_hidamari], "nothing of Kodama's");
    // Back on Hidamari's site, the parent's conversation there is still
    // theirs, and the launcher speaks the English they chose there.
    parent.client.goto(&hidamari_origin).await?;
    launch(&parent.client, "Open chat")
        .await?
        .enter_frame()
        .await?;
    log_with(&parent.client, to_hidamari)
        .await
        .context("writing to Kodama lost the parent's Hidamari conversation")?;
    close_all([parent, phone]).await
}

/// The channels of a computed colour, `rgb(r, g, b)` or `rgba(r, g, b, a)`.
fn channels(colour: &str) -> Option<[u8; 3]> {
    let inside = colour.split_once('(')?.1.strip_suffix(')')?;
    let mut numbers = inside.split(',').map(|n| n.trim().parse::<u8>().ok());
    Some([numbers.next()??, numbers.next()??, numbers.next()??])
}

/// The launcher on the host page: its colour and whether it sits left.
async fn launcher_looks(client: &Client) -> anyhow::Result<(Option<[u8; 3]>, bool)> {
    let host = client.find(Locator::Css("yorisoi-chat")).await?;
    let launcher = host
        .shadow_root()
        .await?
        .find(Locator::Css("button"))
        .await?;
    let colour = launcher.css_value("background-color").await?;
    let (left, _, width, _) = launcher.rectangle().await?;
    let page = client.execute("return innerWidth", vec![]).await?;
    let page_width = page.as_f64().unwrap_or_default();
    Ok((channels(&colour), left + width / 2.0 < page_width / 2.0))
}

/// Follows the logged-in console's link named `name` to the settings page
/// (a page of its own) and waits until its form is there.
async fn open_settings(client: &Client, name: &str) -> anyhow::Result<()> {
    link(client, name).await?.click().await?;
    control(client, "Name (English)").await?;
    Ok(())
}

/// Replaces the text of the field named `label`.
async fn retype(client: &Client, label: &str, text: &str) -> anyhow::Result<()> {
    let field = control(client, label).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

#[tokio::test]
async fn an_admin_restyles_the_widget_and_a_fresh_one_shows_it() -> anyhow::Result<()> {
    let site = HostSite::start_in(PageLang::En).await?;
    let server = TestServer::start().await;
    server
        .add_organisation("hidamari", HIDAMARI_JA, HIDAMARI_EN, &[&site.origin()])
        .await;
    server
        .add_staff_in(
            "hidamari",
            Role::Admin,
            STAFF_EMAIL,
            "さくら",
            STAFF_PASSWORD,
        )
        .await;
    site.embed(&server.url());
    let driver = Driver::start().await?;
    let admin = driver.session(1280, 900).await?;

    log_in(&admin.client, &server.url(), "en").await?;
    open_settings(&admin.client, "Profile and settings").await?;
    let name = control(&admin.client, "Name (English)").await?;
    let shown = eventually("the form to show the stored name", || async {
        let value = name.prop("value").await?.unwrap_or_default();
        Ok((!value.is_empty()).then_some(value))
    })
    .await?;
    assert_eq!(shown, HIDAMARI_EN, "the form starts from what is stored");
    retype(&admin.client, "Greeting (English)", GREETING).await?;
    retype(&admin.client, "Accent colour", BLUE).await?;
    let left = radio(&admin.client, "Launcher side", "Left").await?;
    if left.click().await.is_err() {
        let element = serde_json::to_value(&left)?;
        admin
            .client
            .execute("arguments[0].click()", vec![element])
            .await?;
    }
    button(&admin.client, "Save settings")
        .await?
        .click()
        .await?;
    text_shown(&admin.client, "Settings saved.").await?;
    screenshot(&admin.client, "console-settings-en").await?;
    // The header names the organisation and leads back to the conversations.
    text_shown(&admin.client, HIDAMARI_EN).await?;
    link(&admin.client, "Back to conversations")
        .await?
        .click()
        .await?;
    link(&admin.client, "Profile and settings").await?;
    let face: yorisoi_protocol::organisation::OrganisationFace =
        server.face_of(&site.origin()).await.json().await?;
    assert_eq!(
        (face.greeting_en.as_str(), face.accent_color.as_str()),
        (GREETING, BLUE)
    );

    let parent = driver.session(1280, 900).await?;
    parent.client.goto(&site.origin()).await?;
    let looks = eventually(
        "the launcher to wear the new colour on the left",
        || async {
            let looks = launcher_looks(&parent.client).await?;
            Ok((looks == (Some(BLUE_RGB), true)).then_some(looks))
        },
    )
    .await;
    if looks.is_err() {
        bail!(
            "the launcher looks {:?}",
            launcher_looks(&parent.client).await?
        );
    }
    launch(&parent.client, "Open chat")
        .await?
        .enter_frame()
        .await?;
    header_says(&parent.client, HIDAMARI_EN).await?;
    text_shown(&parent.client, GREETING).await?;
    let send = button(&parent.client, "Send").await?;
    assert_eq!(
        channels(&send.css_value("background-color").await?),
        Some(BLUE_RGB),
        "the Send button wears the organisation's accent"
    );
    screenshot(&parent.client, "widget-organisation-restyled-en").await?;

    // On a phone, the saved settings are what the form shows.
    let phone = driver.phone(390, 844).await?;
    log_in(&phone.client, &server.url(), "en").await?;
    open_settings(&phone.client, "Profile and settings").await?;
    let greeting = control(&phone.client, "Greeting (English)").await?;
    let shown = eventually("the form to show the saved greeting", || async {
        Ok(greeting
            .prop("value")
            .await?
            .filter(|value| !value.is_empty()))
    })
    .await?;
    assert_eq!(shown, GREETING);
    screenshot(&phone.client, "console-settings-phone-en").await?;
    close_all([admin, parent, phone]).await
}
