//! The team's rows on both backends: profiles, hours, presence and photos
//! stay within their organisation, and a parent's nomination is stored
//! with the conversation their first message creates.

use yorisoi_protocol::schedule::{Schedule, Span};
use yorisoi_protocol::team::{Presence, StaffProfile};
use yorisoi_protocol::{ClientId, Lang};

use super::{TestDb, face};
use crate::store::{StaffRecord, VisitorMessage};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really a picture";

async fn a_profile_hours_presence_and_photo_are_kept_per_staff_member(db: TestDb) {
    let aki = db
        .add_staff("aki@example.org", "あき", "x")
        .await
        .expect("aki");
    let store = &db.store;
    let profile = StaffProfile {
        role_ja: "保育士".into(),
        role_en: "Childcare worker".into(),
        intro_ja: "二児の母です。夜泣きの相談、お気軽にどうぞ。".into(),
        intro_en: "Mother of two; happy to talk about night waking.".into(),
    };
    assert!(
        store
            .set_profile(db.org, aki.id, &profile)
            .await
            .expect("profile")
    );
    let mut hours = Schedule::default();
    hours.week[0] = vec![
        Span {
            start: 9 * 60,
            end: 12 * 60,
        },
        Span {
            start: 13 * 60,
            end: 15 * 60,
        },
    ];
    assert!(
        store
            .set_schedule(db.org, aki.id, Some(&hours))
            .await
            .expect("hours")
    );
    assert!(
        store
            .set_presence(db.org, aki.id, Presence::Online)
            .await
            .expect("presence")
    );
    assert!(
        store
            .set_photo(db.org, aki.id, Some(("image/png", PNG)), 77)
            .await
            .expect("photo")
    );

    let team = store.team(db.org).await.expect("team");
    assert_eq!(team.len(), 1);
    let member = &team[0];
    assert_eq!((member.id, member.name.as_str()), (aki.id, "あき"));
    assert_eq!(member.profile, profile);
    assert_eq!(member.schedule.as_ref(), Some(&hours));
    assert_eq!(member.presence, Presence::Online);
    assert_eq!(member.photo_version, Some(77));
    let photo = store
        .photo(db.org, aki.id)
        .await
        .expect("q")
        .expect("photo");
    assert_eq!(
        (photo.content_type.as_str(), photo.bytes.as_slice()),
        ("image/png", PNG)
    );

    // A new photo replaces the old one under a new version; none removes it.
    assert!(
        store
            .set_photo(db.org, aki.id, Some(("image/png", PNG)), 78)
            .await
            .expect("photo")
    );
    assert_eq!(
        store.team(db.org).await.expect("team")[0].photo_version,
        Some(78)
    );
    assert!(
        store
            .set_photo(db.org, aki.id, None, 79)
            .await
            .expect("remove")
    );
    assert_eq!(store.photo(db.org, aki.id).await.expect("q"), None);
    assert!(
        store
            .set_schedule(db.org, aki.id, None)
            .await
            .expect("clear")
    );
    assert_eq!(store.team(db.org).await.expect("team")[0].schedule, None);
}

async fn another_organisations_staff_cannot_be_changed_or_seen(db: TestDb) {
    let store = &db.store;
    let other = store
        .create_organisation("other", &face("よそ"), &[], db.now())
        .await
        .expect("org");
    let stranger = store
        .add_staff(
            StaffRecord {
                organisation: other.id,
                email: "stranger@example.org",
                name: "よその人",
                password_hash: "x",
                admin: true,
            },
            db.now(),
        )
        .await
        .expect("staff");
    let profile = StaffProfile {
        role_ja: "代表".into(),
        ..StaffProfile::default()
    };
    assert!(
        !store
            .set_profile(db.org, stranger.id, &profile)
            .await
            .expect("q")
    );
    assert!(
        !store
            .set_presence(db.org, stranger.id, Presence::Online)
            .await
            .expect("q")
    );
    assert!(
        !store
            .set_schedule(db.org, stranger.id, None)
            .await
            .expect("q")
    );
    assert!(
        !store
            .set_photo(db.org, stranger.id, Some(("image/png", PNG)), 1)
            .await
            .expect("q")
    );
    assert!(store.team(db.org).await.expect("team").is_empty());
    assert!(
        store
            .set_photo(other.id, stranger.id, Some(("image/png", PNG)), 1)
            .await
            .expect("q")
    );
    assert_eq!(store.photo(db.org, stranger.id).await.expect("q"), None);

    // A parent of this organisation cannot nominate the stranger.
    let message = VisitorMessage {
        token_hash: "t",
        lang: Lang::Ja,
        client_id: &ClientId("00000000-0000-4000-8000-000000000001".into()),
        body: "こんにちは",
        nickname: None,
        nominee: Some(stranger.id),
    };
    let posted = store
        .append_visitor_message(db.org, message, db.now())
        .await
        .expect("post");
    let summary = posted.appended.summary.expect("summary");
    assert_eq!(summary.nominee, None);
    assert_eq!(
        store
            .set_nominee(db.org, posted.conversation, Some(stranger.id))
            .await
            .expect("q"),
        None
    );
}

async fn a_nomination_is_stored_with_the_first_message_and_can_change(db: TestDb) {
    let aki = db
        .add_staff("aki@example.org", "あき", "x")
        .await
        .expect("aki");
    let mio = db
        .add_staff("mio@example.org", "みお", "x")
        .await
        .expect("mio");
    let store = &db.store;
    let message = VisitorMessage {
        token_hash: "t",
        lang: Lang::Ja,
        client_id: &ClientId("00000000-0000-4000-8000-000000000001".into()),
        body: "あきさんにお願いしたいです",
        nickname: None,
        nominee: Some(aki.id),
    };
    let posted = store
        .append_visitor_message(db.org, message, db.now())
        .await
        .expect("post");
    assert_eq!(
        posted.appended.summary.expect("summary").nominee,
        Some(aki.id)
    );
    let found = store
        .conversation_by_token(db.org, "t")
        .await
        .expect("q")
        .expect("found");
    assert_eq!(found.nominee, Some(aki.id));

    // Later messages never change it; the parent may.
    let later = VisitorMessage {
        client_id: &ClientId("00000000-0000-4000-8000-000000000002".into()),
        nominee: Some(mio.id),
        ..message
    };
    let again = store
        .append_visitor_message(db.org, later, db.now())
        .await
        .expect("post");
    assert_eq!(
        again.appended.summary.expect("summary").nominee,
        Some(aki.id)
    );
    let changed = store
        .set_nominee(db.org, posted.conversation, Some(mio.id))
        .await;
    assert_eq!(changed.expect("q").expect("summary").nominee, Some(mio.id));
    let anyone = store.set_nominee(db.org, posted.conversation, None).await;
    assert_eq!(anyone.expect("q").expect("summary").nominee, None);
    let summary = db
        .summary(posted.conversation)
        .await
        .expect("q")
        .expect("found");
    assert_eq!(summary.nominee, None);
}

async fn the_language_a_parent_writes_in_is_kept_apart_from_their_interface(db: TestDb) {
    let aki = db
        .add_staff("aki@example.org", "Aki", "x")
        .await
        .expect("aki");
    let db = &db;
    let say = |n: u32, body: &'static str| async move {
        let client_id = ClientId(format!("00000000-0000-4000-8000-00000000000{n}"));
        db.append_visitor_message("t", Lang::En, &client_id, body, None)
            .await
            .expect("post")
    };
    let posted = say(1, "はじめまして。2歳の息子のことで").await;
    let summary = posted.appended.summary.expect("summary");
    assert_eq!((summary.lang, summary.written), (Lang::En, Some(Lang::Ja)));
    // A message without letters keeps what is known.
    let summary = say(2, "🙏😢 2").await.appended.summary.expect("summary");
    assert_eq!(summary.written, Some(Lang::Ja));
    // A staff reply in English says nothing of the parent's language.
    let reply = crate::store::NewMessage {
        client_id: &ClientId("00000000-0000-4000-8000-000000000009".into()),
        author: &yorisoi_protocol::Author::Staff {
            id: aki.id,
            name: "Aki".into(),
        },
        body: "Thank you for writing.",
        nickname: None,
    };
    let summary = db
        .store
        .append_message(db.org, posted.conversation, reply, db.now())
        .await
        .expect("reply")
        .summary
        .expect("summary");
    assert_eq!(summary.written, Some(Lang::Ja));
    let summary = say(3, "Sorry, my Japanese is slow")
        .await
        .appended
        .summary
        .expect("summary");
    assert_eq!(summary.written, Some(Lang::En));
}

on_both_backends!(
    the_language_a_parent_writes_in_is_kept_apart_from_their_interface,
    a_profile_hours_presence_and_photo_are_kept_per_staff_member,
    another_organisations_staff_cannot_be_changed_or_seen,
    a_nomination_is_stored_with_the_first_message_and_can_change,
);
