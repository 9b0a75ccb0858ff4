//! Each organisation's face and settings: the public face each site gets
//! (`/api/widget/face`, and the widget page carrying it and framed only by
//! that organisation's sites), the refusal for a site of none, and who may
//! change the face: an admin of that organisation only, within the rules,
//! and never another organisation's.

use reqwest::StatusCode;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::http::{CSRF_HEADER, ErrorBody, STAFF_ORGANISATION};
use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::organisation::{LauncherSide, OrganisationFace, OrganisationSettings};
use yorisoi_tests::access::{bare_client, error_of};
use yorisoi_tests::{Role, TestServer};

use crate::organisations::{HIDAMARI, HIDAMARI_BLOG, KODAMA, STRANGER, two_organisations};

fn face(name_ja: &str, name_en: &str) -> OrganisationFace {
    OrganisationFace {
        name_ja: name_ja.into(),
        name_en: name_en.into(),
        greeting_ja: String::new(),
        greeting_en: String::new(),
        accent_color: yorisoi_protocol::organisation::DEFAULT_ACCENT.into(),
        launcher_side: LauncherSide::Right,
    }
}

/// The face the server gives the loader on `host`.
async fn face_for(server: &TestServer, host: &str) -> OrganisationFace {
    let response = server.face_of(host).await;
    assert_eq!(response.status(), StatusCode::OK, "face for {host}");
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "*",
        "any page may read a face"
    );
    response.json().await.expect("an OrganisationFace")
}

async fn widget_page(server: &TestServer, host: &str) -> reqwest::Response {
    bare_client()
        .get(format!("{}/widget", server.url()))
        .query(&[("lang", "ja"), ("host", host)])
        .send()
        .await
        .expect("the widget page")
}

/// The face embedded in a widget page, as JSON in `#yorisoi-face`.
fn embedded_face(page: &str) -> OrganisationFace {
    let marker = format!("id=\"{}\"", yorisoi_protocol::http::FACE_ELEMENT_ID);
    let start = page.find(&marker).expect("the face element");
    let after = &page[start..];
    let open = after.find('>').expect("end of the script tag") + 1;
    let close = after.find("</script>").expect("the script's end");
    serde_json::from_str(after[open..close].trim()).expect("the face as JSON")
}

#[tokio::test]
async fn each_site_gets_its_own_organisations_face_and_others_none() {
    let server = TestServer::start().await;
    two_organisations(&server).await;
    let hidamari = face("ひだまり子育てネット", "Hidamari Parenting Net");
    let kodama = face("こだま親子サロン", "Kodama Family Salon");
    assert_eq!(face_for(&server, HIDAMARI).await, hidamari);
    assert_eq!(face_for(&server, HIDAMARI_BLOG).await, hidamari);
    assert_eq!(face_for(&server, KODAMA).await, kodama);
    let own = face_for(&server, &server.origin()).await;
    assert_eq!(
        own,
        face("子育て相談チャット", "Parenting chat"),
        "the first"
    );
    let unknown = server.face_of(STRANGER).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_of(unknown).await.error, ErrorCode::ForeignOrigin);

    let built = yorisoi_server::assets::is_built();
    for (host, expected) in [(HIDAMARI_BLOG, &hidamari), (KODAMA, &kodama)] {
        let response = widget_page(&server, host).await;
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        let ancestors = csp.split("frame-ancestors").nth(1).expect("ancestors");
        let (own_sites, other_sites) = if host == KODAMA {
            (vec![KODAMA], vec![HIDAMARI, HIDAMARI_BLOG])
        } else {
            (vec![HIDAMARI, HIDAMARI_BLOG], vec![KODAMA])
        };
        for site in own_sites {
            assert!(ancestors.contains(site), "{host}: {csp}");
        }
        for site in other_sites {
            assert!(!ancestors.contains(site), "{host}: {csp}");
        }
        if built {
            assert_eq!(response.status(), StatusCode::OK, "widget for {host}");
            let page = response.text().await.expect("text");
            // The greeting shown is the organisation's (or the standard
            // welcome) followed by the privacy notice (see `help.rs`).
            let embedded = embedded_face(&page);
            assert!(
                embedded.greeting_ja.starts_with(&expected.greeting_ja),
                "{host}"
            );
            assert!(
                embedded.greeting_ja.contains("スタッフだけが読みます"),
                "{host}"
            );
            let greetings = |face: &OrganisationFace| OrganisationFace {
                greeting_ja: String::new(),
                greeting_en: String::new(),
                ..face.clone()
            };
            assert_eq!(greetings(&embedded), greetings(expected), "{host}");
        }
    }
    let refused = widget_page(&server, STRANGER).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let page = refused.text().await.expect("text");
    assert!(!page.contains("widget-boot.js"), "{page}");
}

#[tokio::test]
async fn staff_read_their_own_organisations_settings() {
    let server = TestServer::start().await;
    let (hidamari, kodama) = two_organisations(&server).await;
    let (mika, _) = server
        .staff_in("hidamari", Role::Staff, "mika@hidamari.example.org", "Mika")
        .await;
    let (ren, _) = server
        .staff_in("kodama", Role::Admin, "ren@kodama.example.org", "Ren")
        .await;
    for (client, organisation, admin) in [(&mika, &hidamari, false), (&ren, &kodama, true)] {
        let response = client.organisation().await;
        assert_eq!(response.status(), StatusCode::OK);
        let settings: OrganisationSettings = response.json().await.expect("settings");
        assert_eq!(settings.id, organisation.id);
        assert_eq!(settings.slug, organisation.slug);
        assert_eq!(settings.face, organisation.face);
        let me: StaffInfo = client.me().await.json().await.expect("me");
        assert_eq!((me.organisation, me.admin), (organisation.id, admin));
    }
    let anonymous = bare_client()
        .get(format!("{}{STAFF_ORGANISATION}", server.url()))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn only_an_admin_changes_the_face_and_only_within_the_rules() {
    let server = TestServer::start().await;
    let (hidamari, kodama) = two_organisations(&server).await;
    let (staff, _) = server
        .staff_in("hidamari", Role::Staff, "mika@hidamari.example.org", "Mika")
        .await;
    let (admin, _) = server
        .staff_in("hidamari", Role::Admin, "aoi@hidamari.example.org", "Aoi")
        .await;
    let (other_admin, _) = server
        .staff_in("kodama", Role::Admin, "ren@kodama.example.org", "Ren")
        .await;
    let wanted = OrganisationFace {
        name_ja: " ひだまり ".into(),
        name_en: "Hidamari".into(),
        greeting_ja: "こんにちは。なんでも話してくださいね。".into(),
        greeting_en: "Hello! Tell us anything.".into(),
        accent_color: "#1D4ED8".into(),
        launcher_side: LauncherSide::Left,
    };

    let refused = staff.save_organisation(&wanted).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_of(refused).await.error, ErrorCode::Forbidden);
    assert_eq!(face_for(&server, HIDAMARI).await, hidamari.face);

    let saved = admin.save_organisation(&wanted).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: OrganisationSettings = saved.json().await.expect("settings");
    assert_eq!(saved.id, hidamari.id);
    assert_eq!(
        saved.face,
        wanted.normalised(),
        "stored trimmed, lower case"
    );
    assert_eq!(saved.face.accent_color, "#1d4ed8");
    assert_eq!(face_for(&server, HIDAMARI_BLOG).await, saved.face);
    let read: OrganisationSettings = staff.organisation().await.json().await.expect("json");
    assert_eq!(read.face, saved.face, "colleagues see it too");
    assert_eq!(
        face_for(&server, KODAMA).await,
        kodama.face,
        "Kodama's face"
    );

    // Another organisation's admin changes only their own.
    let theirs = face("こだま", "Kodama");
    let response = other_admin.save_organisation(&theirs).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(face_for(&server, KODAMA).await, theirs);
    assert_eq!(face_for(&server, HIDAMARI).await, saved.face);

    let mut unreadable = saved.face.clone();
    unreadable.accent_color = "#ffff00".into();
    let mut unnamed = saved.face.clone();
    unnamed.name_en = "   ".into();
    let mut long = saved.face.clone();
    long.greeting_ja = "あ".repeat(yorisoi_protocol::organisation::MAX_GREETING_CHARS + 1);
    let mut not_a_colour = saved.face.clone();
    not_a_colour.accent_color = "blue".into();
    for invalid in [unreadable, unnamed, long, not_a_colour] {
        let response = admin.save_organisation(&invalid).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{invalid:?}");
        let body: ErrorBody = response.json().await.expect("an ErrorBody");
        assert_eq!(body.error, ErrorCode::InvalidSettings);
    }
    assert_eq!(face_for(&server, HIDAMARI).await, saved.face, "unchanged");

    // A forged request from another site changes nothing.
    let forged = bare_client()
        .post(format!("{}{STAFF_ORGANISATION}", server.url()))
        .header("origin", HIDAMARI)
        .header(CSRF_HEADER, "1")
        .header("cookie", admin.cookie_header().expect("cookie"))
        .json(&face("乗っ取り", "Hijacked"))
        .send()
        .await
        .expect("forged request");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_of(forged).await.error, ErrorCode::ForeignOrigin);
    assert_eq!(face_for(&server, HIDAMARI).await, saved.face);
}
