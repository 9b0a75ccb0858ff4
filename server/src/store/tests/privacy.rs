//! Issue 13's rows on both backends: a parent's deletion takes the
//! conversation with everything keyed by it and revokes the token; retention
//! deletes exactly the conversations resolved before its limit, in the
//! organisation asked for, and leaves only counts behind.

use yorisoi_protocol::{Author, ClientId, Lang};

use super::{TestDb, face};
use crate::store::{NewMessage, NewNote, RetentionStatistic};

fn id(n: u32) -> ClientId {
    ClientId(format!("00000000-0000-4000-8000-{n:012}"))
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

async fn deleting_by_token_takes_everything_of_the_conversation(db: TestDb) {
    let aki = db
        .add_staff("aki@example.org", "あき", "x")
        .await
        .expect("aki");
    let store = &db.store;
    let mine = db
        .append_visitor_message("t1", Lang::Ja, &id(1), "夜泣きがつらいです", Some("ゆう"))
        .await
        .expect("post")
        .conversation;
    let staff = Author::Staff {
        id: aki.id,
        name: "あき".into(),
    };
    let reply = NewMessage {
        client_id: &id(2),
        author: &staff,
        body: "お話を聞かせてください",
        nickname: None,
    };
    store
        .append_message(db.org, mine, reply, db.now())
        .await
        .expect("reply");
    let note = NewNote {
        client_id: &id(3),
        staff: aki.id,
        body: "要フォロー",
    };
    store
        .add_note(db.org, mine, note, db.now())
        .await
        .expect("note");
    store
        .set_labels(db.org, mine, &["睡眠".to_owned()])
        .await
        .expect("labels");
    store
        .keep_code(db.org, "t1", "code1", db.now())
        .await
        .expect("code");
    let theirs = db
        .append_visitor_message("t2", Lang::En, &id(4), "Another parent", None)
        .await
        .expect("post")
        .conversation;
    // Another organisation cannot delete it.
    let other = store
        .create_organisation("other", &face("Other"), &[], 0)
        .await
        .expect("other");
    let refused = store.delete_visitor_conversation(other.id, "t2", db.now());
    assert_eq!(refused.await.expect("q"), None);
    assert!(store.conversation_exists(db.org, theirs).await.expect("q"));

    let deleted = store.delete_visitor_conversation(db.org, "t1", db.now());
    assert_eq!(deleted.await.expect("delete"), Some(mine));
    assert!(!store.conversation_exists(db.org, mine).await.expect("q"));
    assert_eq!(store.summary(db.org, mine).await.expect("q"), None);
    assert!(store.notes(db.org, mine).await.expect("q").is_empty());
    let messages = store.messages_after(db.org, mine, 0).await;
    assert!(messages.map_or(true, |messages| messages.is_empty()));
    let found = store.search(db.org, "夜泣き", 10).await.expect("search");
    assert!(found.is_empty(), "search finds nothing of it: {found:?}");
    assert!(store.is_revoked("t1").await.expect("q"));
    assert_eq!(
        store.conversation_by_token(db.org, "t1").await.expect("q"),
        None
    );
    let used = store.use_code(db.org, "code1", "t9", db.now()).await;
    assert_eq!(used.expect("q"), None, "its code leads nowhere");
    // The other parent's conversation is whole.
    let kept = store.messages_after(db.org, theirs, 0).await.expect("q");
    assert_eq!(kept.len(), 1);
    // Again: nothing left to delete.
    let again = store.delete_visitor_conversation(db.org, "t1", db.now());
    assert_eq!(again.await.expect("q"), None);
}

async fn retention_deletes_only_what_was_resolved_before_its_limit(db: TestDb) {
    let store = &db.store;
    let post = |token: &'static str, lang, n| {
        let db = &db;
        async move {
            db.append_visitor_message(token, lang, &id(n), "相談です", None)
                .await
                .expect("post")
                .conversation
        }
    };
    let old = post("old", Lang::Ja, 1).await;
    db.append_visitor_message("old", Lang::Ja, &id(2), "もう一つ", None)
        .await
        .expect("second");
    let old_en = post("old-en", Lang::En, 3).await;
    let young = post("young", Lang::Ja, 4).await;
    let open = post("open", Lang::Ja, 5).await;
    let other = store
        .create_organisation("other", &face("Other"), &[], 0)
        .await
        .expect("other");
    let foreign = store
        .append_visitor_message(
            other.id,
            crate::store::VisitorMessage {
                token_hash: "foreign",
                lang: Lang::Ja,
                client_id: &id(6),
                body: "よそ",
                nickname: None,
                nominee: None,
            },
            db.now(),
        )
        .await
        .expect("foreign")
        .conversation;
    let start = db.now();
    for (conversation, organisation, resolved) in [
        (old, db.org, start),
        (old_en, db.org, start + DAY_MS),
        (young, db.org, start + 40 * DAY_MS),
        (foreign, other.id, start),
    ] {
        store
            .set_resolved(organisation, conversation, Some(resolved))
            .await
            .expect("resolve")
            .expect("summary");
    }

    let limit = start + 30 * DAY_MS;
    // One at a time (the batch limit), oldest resolution first.
    let first = store
        .expire_conversations(db.org, limit, 1)
        .await
        .expect("q");
    assert_eq!(first, vec![old]);
    let rest = store
        .expire_conversations(db.org, limit, 10)
        .await
        .expect("q");
    assert_eq!(rest, vec![old_en]);
    let none = store
        .expire_conversations(db.org, limit, 10)
        .await
        .expect("q");
    assert!(none.is_empty());
    for kept in [young, open] {
        assert!(store.conversation_exists(db.org, kept).await.expect("q"));
    }
    assert!(
        store
            .conversation_exists(other.id, foreign)
            .await
            .expect("q")
    );
    assert!(
        store
            .messages_after(db.org, young, 0)
            .await
            .expect("q")
            .len()
            == 1
    );

    let statistics = store.retention_statistics(db.org).await.expect("q");
    let counts: Vec<(&str, i64, i64)> = statistics
        .iter()
        .map(|s: &RetentionStatistic| (s.lang.as_str(), s.conversations, s.messages))
        .collect();
    assert_eq!(counts, [("en", 1, 1), ("ja", 1, 2)]);
    assert!(statistics.iter().all(|s| s.month.len() == "2023-11".len()));
    assert!(
        store
            .retention_statistics(other.id)
            .await
            .expect("q")
            .is_empty()
    );
}

async fn retention_is_a_year_unless_set(db: TestDb) {
    let store = &db.store;
    assert_eq!(store.retention_days(db.org).await.expect("q"), Some(365));
    assert!(store.set_retention_days(db.org, 30).await.expect("q"));
    assert_eq!(store.retention_days(db.org).await.expect("q"), Some(30));
    assert!(store.set_retention_days(db.org, 0).await.expect("q"));
    assert_eq!(store.retention_days(db.org).await.expect("q"), Some(0));
    let unknown = crate::store::tests::OrganisationId(9_999);
    assert_eq!(store.retention_days(unknown).await.expect("q"), None);
    assert!(!store.set_retention_days(unknown, 30).await.expect("q"));
}

on_both_backends!(
    deleting_by_token_takes_everything_of_the_conversation,
    retention_deletes_only_what_was_resolved_before_its_limit,
    retention_is_a_year_unless_set,
);
