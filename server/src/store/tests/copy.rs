//! Moving an installation from SQLite to PostgreSQL (`yorisoi copy`): a
//! database with several organisations, staff, sessions, conversations,
//! tokens, limits, notes, assignments and cases arrives identical, table by table, and goes on
//! working there: ids continue after the copied ones, sequences after the
//! copied messages, tokens and sessions still open what they opened.

use yorisoi_protocol::canned::CannedDraft;
use yorisoi_protocol::cases::{CaseStatus, CaseStep, CaseTexts};
use yorisoi_protocol::schedule::{Schedule, Span};
use yorisoi_protocol::team::{Presence, StaffProfile};
use yorisoi_protocol::{Author, ClientId, Lang};

use super::face;
use super::postgres::TestPostgres;
use crate::config::Database;
use crate::store::cases::{CaseChange, NewCase, NewCaseEvent};
use crate::store::{Bucket, NewMessage, NewNote, SessionState, StaffRecord, Store, VisitorMessage};

fn client_id(n: u32) -> ClientId {
    ClientId(format!("00000000-0000-4000-8000-{n:012}"))
}

/// A lived-in installation: two organisations with origins and staff, a
/// session and a device, conversations with messages both ways, read
/// marks, a language change, a forgotten and a rotated token, a consultation
/// code, a limit used.
async fn lived_in(store: &Store) {
    let now = 1_700_000_000_000;
    let main = store
        .create_organisation(
            "main",
            &face("Main"),
            &["https://main.example.org".into()],
            now,
        )
        .await
        .expect("main");
    let origins = [
        "https://hidamari.example.org".into(),
        "https://hi.example.jp".into(),
    ];
    let hidamari = store
        .create_organisation("hidamari", &face("ひだまり"), &origins, now)
        .await
        .expect("hidamari");
    for (n, organisation) in [main.id, hidamari.id].into_iter().enumerate() {
        let email = format!("staff{n}@example.org");
        let staff = store
            .add_staff(
                StaffRecord {
                    organisation,
                    email: &email,
                    name: "保育士のあき",
                    password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                    admin: n == 0,
                },
                now,
            )
            .await
            .expect("staff");
        store
            .create_session(&format!("session{n}"), staff.id, now)
            .await
            .expect("session");
        store
            .remember_device(&format!("device{n}"), staff.id, now)
            .await
            .expect("device");
        let profile = StaffProfile {
            role_ja: "保育士".into(),
            role_en: "Childcare worker".into(),
            intro_ja: "二児の母です。".into(),
            intro_en: "Mother of two.".into(),
        };
        store
            .set_profile(organisation, staff.id, &profile)
            .await
            .expect("profile");
        let mut hours = Schedule::default();
        hours.week[1] = vec![Span {
            start: 600,
            end: 720,
        }];
        store
            .set_schedule(organisation, staff.id, Some(&hours))
            .await
            .expect("hours");
        store
            .set_presence(organisation, staff.id, Presence::Away)
            .await
            .expect("presence");
        store
            .log_presence(organisation, staff.id, Presence::Away, now)
            .await
            .expect("presence log");
        let canned = CannedDraft {
            title: "お礼".into(),
            ja: "ご相談ありがとうございます。".into(),
            en: "Thank you for writing.".into(),
        };
        store
            .add_canned_reply(organisation, &canned, now)
            .await
            .expect("canned reply");
        store
            .set_photo(
                organisation,
                staff.id,
                Some(("image/png", b"\x89PNG\r\n\x1a\nphoto")),
                now,
            )
            .await
            .expect("photo");
        for parent in 0..3u32 {
            let token = format!("token-{n}-{parent}");
            let body = format!("夜泣きが続いています {parent} 🍼");
            let posted = store
                .append_visitor_message(
                    organisation,
                    VisitorMessage {
                        token_hash: &token,
                        lang: Lang::Ja,
                        client_id: &client_id(parent),
                        body: &body,
                        nickname: Some("ママ"),
                        nominee: (parent == 0).then_some(staff.id),
                    },
                    now + i64::from(parent),
                )
                .await
                .expect("post");
            let reply = NewMessage {
                client_id: &client_id(100 + parent),
                author: &Author::Staff {
                    id: staff.id,
                    name: "保育士のあき".into(),
                },
                body: "お疲れさまです。",
                nickname: None,
            };
            let conversation = posted.conversation;
            store
                .append_message(organisation, conversation, reply, now + 10)
                .await
                .expect("reply");
            store
                .mark_read(organisation, conversation, 1)
                .await
                .expect("read");
            store
                .mark_visitor_read(organisation, conversation, 2)
                .await
                .expect("read");
        }
        let first = store
            .conversation_by_token(organisation, &format!("token-{n}-0"))
            .await;
        let first = first.expect("q").expect("found").id;
        store
            .set_lang(organisation, first, Lang::En)
            .await
            .expect("lang");
        let note = NewNote {
            client_id: &client_id(200),
            staff: staff.id,
            body: "夜間の様子を次回確認",
        };
        store
            .add_note(organisation, first, note, now + 20)
            .await
            .expect("note");
        store
            .set_assignee(organisation, first, Some(staff.id))
            .await
            .expect("assign");
        store
            .set_resolved(organisation, first, Some(now + 30))
            .await
            .expect("resolve");
        store
            .set_labels(organisation, first, &["睡眠".into(), "要フォロー".into()])
            .await
            .expect("labels");
        let texts = CaseTexts {
            short: "［名前］の夜泣き".into(),
            long: "【相談】\n夜泣きが続いています".into(),
        };
        let case = NewCase {
            conversation: first,
            lang: Lang::Ja,
            source: "【相談】\n夜泣きが続いています",
            hidden: "",
            texts: &texts,
            proposed_by: staff.id,
        };
        let case = store.create_case(organisation, case, now).await;
        let case = case.expect("case").expect("our conversation");
        let change = CaseChange {
            status: CaseStatus::Sent,
            hidden: "",
            texts: &texts,
            reviewed_by: None,
        };
        let sent = NewCaseEvent {
            step: CaseStep::SentToParent,
            staff: Some(staff.id),
            wording: Some((&texts, "digest")),
        };
        store
            .change_case(organisation, case.id, case.version, change, sent, now + 40)
            .await
            .expect("send the case");
        store
            .revoke_token(organisation, &format!("token-{n}-1"), now)
            .await
            .expect("forget");
        let rotated = store
            .rotate_token(
                organisation,
                &format!("token-{n}-2"),
                &format!("new-{n}-2"),
                now,
            )
            .await;
        rotated.expect("rotate");
        store
            .keep_code(
                organisation,
                &format!("new-{n}-2"),
                &format!("code-{n}"),
                now,
            )
            .await
            .expect("code");
    }
    let bucket = Bucket {
        limiter: "new_conversations",
        key_hash: "digest",
        capacity: 3.0,
        refill_per_ms: 0.001,
    };
    store.take_token(bucket, now).await.expect("take");
    // Issue 13: a retention period, and what a deleted conversation left.
    store
        .set_retention_days(hidamari.id, 30)
        .await
        .expect("retention");
    let gone = store
        .append_visitor_message(
            hidamari.id,
            VisitorMessage {
                token_hash: "resolved long ago",
                lang: Lang::En,
                client_id: &client_id(300),
                body: "thanks",
                nickname: None,
                nominee: None,
            },
            now,
        )
        .await
        .expect("post")
        .conversation;
    store
        .set_resolved(hidamari.id, gone, Some(now))
        .await
        .expect("resolve");
    let expired = store.expire_conversations(hidamari.id, now + 1, 10).await;
    assert_eq!(expired.expect("expire"), vec![gone]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_installation_arrives_identical_in_postgresql_and_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = Database::Sqlite(dir.path().join("yorisoi.db"));
    let source = Store::open(&from).await.expect("open sqlite");
    lived_in(&source).await;
    let postgres = TestPostgres::create().await;
    let to = Database::Postgres(postgres.url.clone());

    let lines = crate::admin::copy(&from, &to).await.expect("copy");
    assert!(
        lines
            .last()
            .is_some_and(|line| line.contains("every table matches")),
        "{lines:?}"
    );
    let target = Store::open(&to).await.expect("open postgres");
    let (before, after) = (
        source.snapshot().await.expect("s"),
        target.snapshot().await.expect("t"),
    );
    assert_eq!(before, after, "every row, as it was");
    assert_eq!(after.messages.len(), 12);
    assert_eq!(after.organisations.len(), 2);
    assert_eq!((after.canned.len(), after.presence.len()), (2, 2));
    assert_eq!(after.statistics.len(), 1);
    assert!(after.organisations.iter().any(|o| o.retention_days == 30));

    // Again into the same database: refused, nothing doubled.
    assert!(
        crate::admin::copy(&from, &to).await.is_err(),
        "only into an empty database"
    );
    assert_eq!(target.snapshot().await.expect("t"), after);

    // It goes on: a session, a rotated token, sequences and ids continue.
    let hidamari = target
        .organisation_by_slug("hidamari")
        .await
        .expect("q")
        .expect("there");
    let found = target
        .organisation_id_by_origin("https://hi.example.jp")
        .await
        .expect("q");
    assert_eq!(found, Some(hidamari.id));
    let session = target.session_staff(
        "session1",
        i64::MAX / 4,
        i64::MAX / 4,
        false,
        1_700_000_000_100,
    );
    assert!(
        matches!(session.await.expect("q"), SessionState::Valid(staff) if staff.organisation == hidamari.id)
    );
    assert!(target.is_revoked("token-1-1").await.expect("q"));
    let moved = target
        .conversation_by_token(hidamari.id, "new-1-2")
        .await
        .expect("q")
        .expect("found");
    let next = VisitorMessage {
        token_hash: "new-1-2",
        lang: Lang::Ja,
        client_id: &client_id(7),
        body: "続きです",
        nickname: None,
        nominee: None,
    };
    let posted = target
        .append_visitor_message(hidamari.id, next, 1_700_000_001_000)
        .await
        .expect("post");
    assert_eq!((posted.conversation, posted.appended.seq), (moved.id, 3));
    let fresh = target
        .create_conversation(hidamari.id, "a new parent", Lang::En, 1)
        .await
        .expect("new");
    let highest = after
        .conversations
        .iter()
        .map(|c| c.id)
        .max()
        .expect("some");
    assert!(fresh.0 > highest, "new ids continue after the copied ones");
    let canned = CannedDraft {
        title: "次の定型文".into(),
        ja: "はい".into(),
        en: String::new(),
    };
    let added = target
        .add_canned_reply(hidamari.id, &canned, 1)
        .await
        .expect("a canned reply after the copied ones");
    assert!(after.canned.iter().all(|copied| copied.id < added.id));
}
