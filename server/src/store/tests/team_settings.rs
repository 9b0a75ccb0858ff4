//! The settings page's rows on both backends: canned replies stay within
//! their organisation, a display name changes only in its own
//! organisation, and the presence log and each staff member's replies are
//! read back for exactly the span asked, on a controlled clock.

use yorisoi_protocol::canned::CannedDraft;
use yorisoi_protocol::team::Presence;
use yorisoi_protocol::{Author, ClientId, Lang};

use super::{TestDb, face};
use crate::store::{PresenceChange, StaffActivity, StaffRecord};

const HOUR: i64 = 3_600_000;

fn draft(title: &str, ja: &str, en: &str) -> CannedDraft {
    CannedDraft {
        title: title.into(),
        ja: ja.into(),
        en: en.into(),
    }
}

fn client_id(n: u32) -> ClientId {
    ClientId(format!("00000000-0000-4000-8000-{n:012}"))
}

async fn canned_replies_are_kept_per_organisation(db: TestDb) {
    let store = &db.store;
    let other = store
        .create_organisation("other", &face("よそ"), &[], db.now())
        .await
        .expect("org");
    let thanks = store
        .add_canned_reply(
            db.org,
            &draft(
                "お礼",
                "ご相談ありがとうございます。",
                "Thank you for writing.",
            ),
            db.now(),
        )
        .await
        .expect("add");
    let night = store
        .add_canned_reply(
            db.org,
            &draft("夜泣き", "夜泣き、大変ですよね。", ""),
            db.now(),
        )
        .await
        .expect("add");
    let theirs = store
        .add_canned_reply(
            other.id,
            &draft("よその定型文", "よそ", "Elsewhere"),
            db.now(),
        )
        .await
        .expect("add");

    let ours = store.canned_replies(db.org).await.expect("list");
    assert_eq!(ours, [thanks.clone(), night.clone()]);
    assert_eq!(ours[0].ja, "ご相談ありがとうございます。");
    assert_eq!(
        store.canned_replies(other.id).await.expect("list"),
        std::slice::from_ref(&theirs)
    );

    // Another organisation's id reads as unknown: nothing changes.
    let changed = draft("お礼（改）", "ありがとうございます。", "Thanks!");
    assert_eq!(
        store
            .update_canned_reply(other.id, thanks.id, &changed, db.now())
            .await
            .expect("q"),
        None
    );
    assert!(
        !store
            .delete_canned_reply(other.id, night.id)
            .await
            .expect("q")
    );
    assert_eq!(store.canned_replies(db.org).await.expect("list"), ours);

    let updated = store
        .update_canned_reply(db.org, thanks.id, &changed, db.now())
        .await
        .expect("q")
        .expect("updated");
    assert_eq!(
        (updated.id, updated.title.as_str(), updated.en.as_str()),
        (thanks.id, "お礼（改）", "Thanks!")
    );
    assert!(
        store
            .delete_canned_reply(db.org, night.id)
            .await
            .expect("q")
    );
    assert_eq!(store.canned_replies(db.org).await.expect("list"), [updated]);
    assert_eq!(
        store.canned_replies(other.id).await.expect("list"),
        [theirs]
    );
}

async fn a_display_name_changes_only_in_its_organisation(db: TestDb) {
    let store = &db.store;
    let aki = db
        .add_staff("aki@example.org", "あき", "x")
        .await
        .expect("aki");
    let other = store
        .create_organisation("other", &face("よそ"), &[], db.now())
        .await
        .expect("org");
    assert!(
        !store
            .set_staff_name(other.id, aki.id, "よそ")
            .await
            .expect("q")
    );
    assert!(
        store
            .set_staff_name(db.org, aki.id, "保育士のあき")
            .await
            .expect("q")
    );
    assert_eq!(
        store.team(db.org).await.expect("team")[0].name,
        "保育士のあき"
    );
}

async fn the_week_reads_presence_changes_and_replies_within_its_span(db: TestDb) {
    let store = &db.store;
    let aki = db
        .add_staff("aki@example.org", "あき", "x")
        .await
        .expect("aki");
    let mai = db
        .add_staff("mai@example.org", "まい", "x")
        .await
        .expect("mai");
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
                admin: false,
            },
            db.now(),
        )
        .await
        .expect("stranger");
    let start = db.now();
    let since = start + 10 * HOUR;
    let until = start + 20 * HOUR;
    let log = |staff: i64, presence: Presence, at: i64| {
        let store = store.clone();
        let org = db.org;
        async move {
            store
                .log_presence(org, staff, presence, at)
                .await
                .expect("log")
        }
    };
    log(aki.id, Presence::Online, start).await;
    log(aki.id, Presence::Away, start + HOUR).await;
    log(aki.id, Presence::Online, since + HOUR).await;
    log(aki.id, Presence::Offline, since + 2 * HOUR).await;
    log(aki.id, Presence::Online, until).await;
    log(mai.id, Presence::Online, since + 3 * HOUR).await;
    // Another organisation's staff member is never logged under this one.
    log(stranger.id, Presence::Online, since + HOUR).await;
    store
        .log_presence(other.id, stranger.id, Presence::Online, since + HOUR)
        .await
        .expect("log");

    let changes = store
        .presence_changes(db.org, since, until)
        .await
        .expect("changes");
    let change = |staff: i64, presence: Presence, at_ms: i64| PresenceChange {
        staff,
        presence,
        at_ms,
    };
    assert_eq!(
        changes,
        [
            change(aki.id, Presence::Away, start + HOUR),
            change(aki.id, Presence::Online, since + HOUR),
            change(aki.id, Presence::Offline, since + 2 * HOUR),
            change(mai.id, Presence::Online, since + 3 * HOUR),
        ]
    );

    // Replies: aki in two conversations (three messages), one before the
    // span; mai once; the parent's messages are nobody's.
    let aki_author = Author::Staff {
        id: aki.id,
        name: aki.name.clone(),
    };
    let mai_author = Author::Staff {
        id: mai.id,
        name: mai.name.clone(),
    };
    let first = db
        .create_conversation(&"a".repeat(64), Lang::Ja)
        .await
        .expect("c");
    let second = db
        .create_conversation(&"b".repeat(64), Lang::En)
        .await
        .expect("c");
    let says = [
        (first, &aki_author, since - HOUR),
        (first, &Author::Visitor, since + HOUR),
        (first, &aki_author, since + HOUR),
        (first, &aki_author, since + 2 * HOUR),
        (second, &aki_author, since + 3 * HOUR),
        (second, &mai_author, since + 4 * HOUR),
        (second, &mai_author, until),
    ];
    for (n, (conversation, author, at)) in (1..).zip(says) {
        db.clock.advance(at - db.now());
        db.append_message(conversation, &client_id(n), author, "はい", None)
            .await
            .expect("append");
    }

    let activity = store
        .staff_activity(db.org, since, until)
        .await
        .expect("activity");
    let mut expected = [
        StaffActivity {
            staff: aki.id,
            conversations: 2,
            messages: 3,
        },
        StaffActivity {
            staff: mai.id,
            conversations: 1,
            messages: 1,
        },
    ];
    expected.sort_by_key(|row| row.staff);
    assert_eq!(activity, expected);
    assert_eq!(
        store
            .staff_activity(other.id, since, until)
            .await
            .expect("activity"),
        []
    );
}

on_both_backends!(
    canned_replies_are_kept_per_organisation,
    a_display_name_changes_only_in_its_organisation,
    the_week_reads_presence_changes_and_replies_within_its_span,
);
