//! The settings page's API (issue 12): a staff member edits only their own
//! name, profile, hours and photo (an admin everyone's in their
//! organisation, nobody another organisation's); canned replies belong to
//! one organisation and are never seen or changed from another; the team's
//! week counts replies and hours online on the server's clock, a console
//! that closes counting as offline.

use std::time::Duration;

use reqwest::StatusCode;
use yorisoi_protocol::canned::{CannedDraft, CannedReply};
use yorisoi_protocol::console::{ClientFrame as ConsoleFrame, ServerFrame as ConsoleServer};
use yorisoi_protocol::http::{STAFF_CANNED, STAFF_LOAD, STAFF_TEAM};
use yorisoi_protocol::profile::{ProfileEdit, StaffCard, WeekLoad};
use yorisoi_protocol::schedule::{Schedule, Span};
use yorisoi_protocol::team::{Presence, StaffProfile};
use yorisoi_protocol::{ClientId, ErrorCode, Lang};
use yorisoi_tests::access::error_of;
use yorisoi_tests::{Role, StaffClient, TestServer, random_token};

use crate::organisations::two_organisations;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really a picture";

fn edit(name: &str, role_ja: &str) -> ProfileEdit {
    ProfileEdit {
        name: name.into(),
        profile: StaffProfile {
            role_ja: role_ja.into(),
            ..StaffProfile::default()
        },
    }
}

async fn cards(client: &StaffClient) -> Vec<StaffCard> {
    let response = client.http().get(client.url(STAFF_TEAM)).send().await;
    let response = response.expect("team request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("cards")
}

async fn post_json<T: serde::Serialize>(
    client: &StaffClient,
    path: &str,
    body: &T,
) -> reqwest::Response {
    client
        .http()
        .post(client.url(path))
        .json(body)
        .send()
        .await
        .expect("post")
}

async fn post_bytes(client: &StaffClient, path: &str, bytes: &'static [u8]) -> reqwest::Response {
    client
        .http()
        .post(client.url(path))
        .body(bytes)
        .send()
        .await
        .expect("post")
}

#[tokio::test]
async fn staff_edit_only_their_own_profile_and_admins_only_their_organisations() {
    let server = TestServer::start().await;
    let (hidamari, kodama) = two_organisations(&server).await;
    let (aki_client, aki) = server
        .staff_in(&hidamari.slug, Role::Staff, "aki@example.org", "あき")
        .await;
    let (_, mai) = server
        .staff_in(&hidamari.slug, Role::Staff, "mai@example.org", "まい")
        .await;
    let (boss_client, _) = server
        .staff_in(&hidamari.slug, Role::Admin, "boss@example.org", "代表")
        .await;
    let (stranger_client, _) = server
        .staff_in(
            &kodama.slug,
            Role::Admin,
            "stranger@example.org",
            "よその人",
        )
        .await;

    // A staff member sees and edits only themselves.
    let own = cards(&aki_client).await;
    assert_eq!(own.len(), 1);
    assert_eq!((own[0].id, own[0].admin), (aki.id, false));
    let saved = post_json(
        &aki_client,
        &format!("{STAFF_TEAM}/{}/profile", aki.id),
        &edit(" 保育士のあき ", "保育士"),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: StaffCard = saved.json().await.expect("card");
    assert_eq!(
        (saved.name.as_str(), saved.profile.role_ja.as_str()),
        ("保育士のあき", "保育士")
    );

    let mai_profile = format!("{STAFF_TEAM}/{}/profile", mai.id);
    let refused = post_json(&aki_client, &mai_profile, &edit("乗っ取り", "代表")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_of(refused).await.error, ErrorCode::Forbidden);
    let hours = post_json(
        &aki_client,
        &format!("{STAFF_TEAM}/{}/hours", mai.id),
        &Schedule::default(),
    )
    .await;
    assert_eq!(hours.status(), StatusCode::FORBIDDEN);
    let photo = post_bytes(&aki_client, &format!("{STAFF_TEAM}/{}/photo", mai.id), PNG).await;
    assert_eq!(photo.status(), StatusCode::FORBIDDEN);

    // The admin sees everyone of Hidamari, Mai untouched, and may edit her.
    let team = cards(&boss_client).await;
    let names: Vec<&str> = team.iter().map(|card| card.name.as_str()).collect();
    assert_eq!(names, ["保育士のあき", "まい", "代表"]);
    assert_eq!(team[1].profile, StaffProfile::default());
    assert!(team[2].admin);
    let by_admin = post_json(&boss_client, &mai_profile, &edit("まい", "保育士")).await;
    assert_eq!(by_admin.status(), StatusCode::OK);

    // Another organisation's admin changes nothing of Hidamari's staff.
    let foreign = post_json(&stranger_client, &mai_profile, &edit("よそ", "よそ")).await;
    assert_ne!(foreign.status(), StatusCode::OK);
    assert!(
        cards(&stranger_client)
            .await
            .iter()
            .all(|card| card.id != mai.id)
    );
    assert_eq!(cards(&boss_client).await[1].profile.role_ja, "保育士");

    // Hours and a photo of one's own, through the same rules as the CLI.
    let mut week = Schedule::default();
    week.week[1] = vec![Span {
        start: 9 * 60,
        end: 12 * 60,
    }];
    let own_hours = format!("{STAFF_TEAM}/{}/hours", aki.id);
    let saved = post_json(&aki_client, &own_hours, &week).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: StaffCard = saved.json().await.expect("card");
    assert_eq!(saved.hours.days[1], "09:00-12:00");
    assert_eq!(saved.hours.days[0], "");
    week.time_zone = "Mars/Olympus_Mons".into();
    let unknown_zone = post_json(&aki_client, &own_hours, &week).await;
    assert_eq!(
        error_of(unknown_zone).await.error,
        ErrorCode::InvalidSettings
    );
    let own_photo = format!("{STAFF_TEAM}/{}/photo", aki.id);
    let saved = post_bytes(&aki_client, &own_photo, PNG).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: StaffCard = saved.json().await.expect("card");
    assert!(saved.photo.is_some());
    let gif = post_bytes(&aki_client, &own_photo, b"GIF89a not allowed").await;
    assert_eq!(error_of(gif).await.error, ErrorCode::InvalidSettings);
}

#[tokio::test]
async fn canned_replies_of_another_organisation_are_never_visible() {
    let server = TestServer::start().await;
    let (hidamari, kodama) = two_organisations(&server).await;
    let (aki_client, _) = server
        .staff_in(&hidamari.slug, Role::Staff, "aki@example.org", "あき")
        .await;
    let (stranger_client, _) = server
        .staff_in(
            &kodama.slug,
            Role::Admin,
            "stranger@example.org",
            "よその人",
        )
        .await;
    let draft = CannedDraft {
        title: "お礼".into(),
        ja: "ご相談ありがとうございます。".into(),
        en: "Thank you for writing to us.".into(),
    };
    // Any staff member may add one (not only admins).
    let added = post_json(&aki_client, STAFF_CANNED, &draft).await;
    assert_eq!(added.status(), StatusCode::OK);
    let added: CannedReply = added.json().await.expect("reply");

    let list = |client: &StaffClient| {
        let request = client.http().get(client.url(STAFF_CANNED));
        async move {
            let response = request.send().await.expect("canned request");
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<Vec<CannedReply>>().await.expect("replies")
        }
    };
    assert_eq!(list(&aki_client).await, std::slice::from_ref(&added));
    assert_eq!(list(&stranger_client).await, []);

    let changed = CannedDraft {
        title: "乗っ取り".into(),
        ..draft.clone()
    };
    let path = format!("{STAFF_CANNED}/{}", added.id);
    let foreign = post_json(&stranger_client, &path, &changed).await;
    assert_eq!(error_of(foreign).await.error, ErrorCode::InvalidSettings);
    let foreign = post_bytes(&stranger_client, &format!("{path}/delete"), b"").await;
    assert_eq!(error_of(foreign).await.error, ErrorCode::InvalidSettings);
    assert_eq!(list(&aki_client).await, std::slice::from_ref(&added));

    // A broken rule is refused; the owner changes and removes it.
    let untitled = CannedDraft {
        title: " ".into(),
        ..draft
    };
    let refused = post_json(&aki_client, &path, &untitled).await;
    assert_eq!(error_of(refused).await.error, ErrorCode::InvalidSettings);
    let updated = post_json(&aki_client, &path, &changed).await;
    assert_eq!(updated.status(), StatusCode::OK);
    assert_eq!(list(&aki_client).await[0].title, "乗っ取り");
    let removed = post_bytes(&aki_client, &format!("{path}/delete"), b"").await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    assert_eq!(list(&aki_client).await, []);
}

async fn load(client: &StaffClient) -> WeekLoad {
    let response = client.http().get(client.url(STAFF_LOAD)).send().await;
    let response = response.expect("load request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("week load")
}

#[tokio::test]
async fn the_week_counts_replies_and_hours_online_and_a_closed_console_is_offline() {
    let server = TestServer::start().await;
    let (aki_client, mut console, aki) = server.console_as("aki@example.org", "あき").await;
    let first = server.default_organisation().await;
    let (mai_client, _) = server
        .staff_in(&first.slug, Role::Staff, "mai@example.org", "まい")
        .await;
    console.next().await;
    let before = load(&mai_client).await;
    assert!(before.since_ms <= server.now_ms());
    assert_eq!(before.time_zone, "Asia/Tokyo");
    // Keep the test inside one week whatever day it runs.
    let into_week = server.now_ms() - before.since_ms;
    let week = 7 * 24 * 3_600_000;
    if into_week > week - 6 * 3_600_000 {
        server.advance_clock(Duration::from_millis(
            u64::try_from(week - into_week + 60_000).expect("ahead"),
        ));
    }

    let mut widget = server.widget().await;
    widget.hello(&random_token(), Lang::Ja, 0).await;
    widget.say("夜泣きのことで相談です").await;
    let ConsoleServer::Conversation(summary) = console
        .next_matching("the conversation", |frame| {
            matches!(frame, ConsoleServer::Conversation(_))
        })
        .await
    else {
        unreachable!()
    };
    let presence = |presence| ConsoleFrame::SetPresence { presence };
    console.send(&presence(Presence::Online)).await;
    // Frames are handled in order: after the Pong the change is logged.
    let _ = console.frames_before_pong().await;
    server.advance_clock(Duration::from_secs(90 * 60));
    console
        .send(&ConsoleFrame::Send {
            conversation: summary.id,
            client_id: ClientId(uuid::Uuid::new_v4().to_string()),
            body: "大変ですね。".into(),
        })
        .await;
    console.send(&presence(Presence::Away)).await;
    let _ = console.frames_before_pong().await;
    server.advance_clock(Duration::from_secs(60 * 60));

    let week = load(&mai_client).await;
    let rows: Vec<(&str, u32, u32, u32)> = week
        .staff
        .iter()
        .map(|row| {
            (
                row.name.as_str(),
                row.conversations,
                row.messages,
                row.online_minutes,
            )
        })
        .collect();
    assert_eq!(rows, [("あき", 1, 1, 90), ("まい", 0, 0, 0)]);

    // Online again, then the console closes: offline from that moment.
    console.send(&presence(Presence::Online)).await;
    let _ = console.frames_before_pong().await;
    server.advance_clock(Duration::from_secs(30 * 60));
    drop(console);
    let store = server.store().await;
    let organisation = aki.organisation;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let changes = store
            .presence_changes(organisation, 0, i64::MAX)
            .await
            .expect("changes");
        if changes
            .last()
            .is_some_and(|change| change.presence == Presence::Offline)
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the closing was never logged"
        );
        // Polling the store for the closing's row (the event itself), not
        // waiting for a time: the server's clock stands still meanwhile.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.advance_clock(Duration::from_secs(60 * 60));
    assert_eq!(load(&aki_client).await.staff[0].online_minutes, 120);
}
