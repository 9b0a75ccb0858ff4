//! Appends under concurrency, on both backends: many appends at once keep
//! gap-free sequences (sharing commits on SQLite, queueing on the row on
//! PostgreSQL), a refused append leaves the others intact, a retry racing
//! its original stores nothing, and the summary handed back with each
//! change is the one stored.

use futures_util::future::join_all;
use yorisoi_protocol::console::PageCursor;
use yorisoi_protocol::limits::PREVIEW_CHARS;
use yorisoi_protocol::{Author, ClientId, ConversationId, Lang};

use super::TestDb;
use crate::error::StoreError;

fn client_id(n: u32) -> ClientId {
    ClientId(format!("00000000-0000-4000-8000-{n:012}"))
}

async fn concurrent_appends_share_commits_and_keep_one_gap_free_order(db: TestDb) {
    let mut conversations = Vec::new();
    for n in 0..4 {
        let token = format!("parent-{n}");
        conversations.push(
            db.create_conversation(&token, Lang::Ja)
                .await
                .expect("create"),
        );
    }
    // 400 appends at once over four conversations, with an unknown
    // conversation and a repeated client id among them.
    let appends = (0..400u32).map(|n| {
        let id = conversations[n as usize % 4];
        let db = &db;
        async move {
            let body = format!("message {n}");
            db.append_message(id, &client_id(n), &Author::Visitor, &body, None)
                .await
        }
    });
    let (lost_id, first_id) = (client_id(9_999), client_id(0));
    let refused = db.append_message(
        ConversationId(404),
        &lost_id,
        &Author::Visitor,
        "lost",
        None,
    );
    let repeated = db.append_message(
        conversations[0],
        &first_id,
        &Author::Visitor,
        "message 0",
        None,
    );
    let (results, refused, repeated) = tokio::join!(join_all(appends), refused, repeated);
    assert!(
        matches!(refused, Err(StoreError::UnknownConversation(404))),
        "{refused:?}"
    );
    let results: Vec<_> = results.into_iter().map(|r| r.expect("append")).collect();
    let repeated = repeated.expect("retry");
    assert_eq!(repeated.seq, results[0].seq, "the retry gets the original");
    for id in &conversations {
        let messages = db.messages_after(*id, 0).await.expect("messages");
        let seqs: Vec<_> = messages.iter().map(|m| m.seq).collect();
        assert_eq!(seqs, (1..=100).collect::<Vec<_>>(), "conversation {id:?}");
        let stored = db.summary(*id).await.expect("q").expect("exists");
        assert_eq!((stored.last_seq, stored.unread), (100, 100));
        let last = &messages[99];
        assert_eq!(stored.preview, last.body);
    }
    // Either of the pair may be the one stored (the retry can win the race).
    let fresh = usize::from(repeated.fresh) + results.iter().filter(|a| a.fresh).count();
    let retried = usize::from(!repeated.fresh) + results.iter().filter(|a| !a.fresh).count();
    assert_eq!((fresh, retried), (400, 1), "exactly one of the pair stored");
}

async fn each_change_hands_back_the_summary_it_stored(db: TestDb) {
    let long = "あ".repeat(PREVIEW_CHARS + 5);
    let posted = db
        .append_visitor_message("digest", Lang::Ja, &client_id(1), &long, Some("みか"))
        .await
        .expect("post");
    let id = posted.conversation;
    let summary = posted.appended.summary.expect("a fresh append has one");
    assert_eq!(Some(&summary), db.summary(id).await.expect("q").as_ref());
    assert_eq!(summary.preview, format!("{}…", "あ".repeat(PREVIEW_CHARS)));
    assert_eq!(
        (summary.unread, summary.nickname.as_deref()),
        (1, Some("みか"))
    );
    let staff = Author::Staff {
        id: db.add_staff("s@x.org", "S", "h").await.expect("staff").id,
        name: "S".into(),
    };
    let reply = db
        .append_message(id, &client_id(2), &staff, "はい", None)
        .await
        .expect("reply");
    let summary = reply.summary.expect("fresh");
    assert_eq!((summary.unread, summary.preview.as_str()), (1, "はい"));
    let marked = db
        .store
        .mark_read(db.org, id, 9)
        .await
        .expect("mark")
        .expect("moved");
    assert_eq!((marked.seq, marked.summary.unread), (2, 0));
    let marked = db
        .store
        .mark_visitor_read(db.org, id, 2)
        .await
        .expect("mark")
        .expect("moved");
    assert_eq!(marked.summary.visitor_read_seq, 2);
    let changed = db.store.set_lang(db.org, id, Lang::En).await.expect("lang");
    assert_eq!(changed.map(|s| s.lang), Some(Lang::En));
    assert_eq!(
        Some(marked.summary.id),
        db.summary(id).await.expect("q").map(|s| s.id)
    );
    let unchanged = db.store.set_lang(db.org, id, Lang::En).await.expect("lang");
    assert_eq!(unchanged, None);
}

async fn pages_of_the_list_cover_every_conversation_once_in_order(db: TestDb) {
    // Seven conversations, some updated in the same millisecond.
    for n in 0..7u32 {
        if n % 2 == 0 {
            db.clock.advance(1);
        }
        db.append_visitor_message(&format!("t{n}"), Lang::Ja, &client_id(n), "x", None)
            .await
            .expect("post");
    }
    let all = db.summaries().await.expect("all");
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = db.store.summaries(db.org, after, 3).await.expect("page");
        let Some(last) = page.last() else { break };
        after = Some(PageCursor::after(last));
        paged.extend(page);
    }
    assert_eq!(paged, all);
    assert_eq!(all.len(), 7);
    let keys: Vec<_> = all.iter().map(|s| (s.updated_at_ms, s.id)).collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(keys, sorted, "newest first, ties by higher id");
}

async fn a_parent_waits_from_their_first_unanswered_message_until_a_reply(db: TestDb) {
    let posted = db
        .append_visitor_message("digest", Lang::Ja, &client_id(1), "こんにちは", None)
        .await
        .expect("post");
    let id = posted.conversation;
    let first_at = db.now();
    let summary = posted.appended.summary.expect("fresh");
    assert_eq!(summary.waiting_since_ms, Some(first_at));
    db.clock.advance(60_000);
    let again = db
        .append_message(id, &client_id(2), &Author::Visitor, "まだですか", None)
        .await
        .expect("again");
    assert_eq!(
        again.summary.expect("fresh").waiting_since_ms,
        Some(first_at),
        "waiting since the first unanswered message"
    );
    let staff = Author::Staff {
        id: db.add_staff("s@x.org", "S", "h").await.expect("staff").id,
        name: "S".into(),
    };
    let reply = db
        .append_message(id, &client_id(3), &staff, "お待たせしました", None)
        .await
        .expect("reply");
    assert_eq!(reply.summary.expect("fresh").waiting_since_ms, None);
    assert_eq!(
        db.summary(id)
            .await
            .expect("q")
            .expect("found")
            .waiting_since_ms,
        None
    );
    db.clock.advance(60_000);
    let next = db
        .append_message(id, &client_id(4), &Author::Visitor, "ありがとう", None)
        .await
        .expect("next");
    assert_eq!(
        next.summary.expect("fresh").waiting_since_ms,
        Some(db.now())
    );
}

async fn a_danger_message_marks_the_conversation_until_a_staff_reply(db: TestDb) {
    // Created by a message that suggests danger (PostgreSQL writes a new
    // conversation's summary in its INSERT, SQLite in the append's UPDATE).
    let posted = db
        .append_visitor_message("digest", Lang::Ja, &client_id(1), "もう死にたい", None)
        .await
        .expect("post");
    let id = posted.conversation;
    let first_at = db.now();
    let danger = |summary: Option<yorisoi_protocol::model::ConversationSummary>| {
        summary.expect("fresh").danger_since_ms
    };
    assert_eq!(danger(posted.appended.summary), Some(first_at));
    db.clock.advance(60_000);
    let ordinary = db
        .append_message(id, &client_id(2), &Author::Visitor, "ごめんなさい", None)
        .await
        .expect("ordinary");
    assert_eq!(
        danger(ordinary.summary),
        Some(first_at),
        "kept until a reply"
    );
    let staff = Author::Staff {
        id: db.add_staff("s@x.org", "S", "h").await.expect("staff").id,
        name: "S".into(),
    };
    let reply = db
        .append_message(id, &client_id(3), &staff, "お話を聞かせてください", None)
        .await
        .expect("reply");
    assert_eq!(danger(reply.summary), None, "a staff reply clears it");
    assert_eq!(
        db.summary(id).await.expect("q").map(|s| s.danger_since_ms),
        Some(None)
    );
    db.clock.advance(60_000);
    let calm = db
        .append_message(id, &client_id(4), &Author::Visitor, "ありがとう", None)
        .await
        .expect("calm");
    assert_eq!(
        danger(calm.summary),
        None,
        "an ordinary message raises nothing"
    );
    // Later, in English, on an existing conversation.
    db.clock.advance(60_000);
    let again = db
        .append_message(
            id,
            &client_id(5),
            &Author::Visitor,
            "I want to hurt myself",
            None,
        )
        .await
        .expect("again");
    assert_eq!(danger(again.summary), Some(db.now()));
    // A staff member's words never raise it.
    let other = db
        .append_visitor_message("digest-2", Lang::En, &client_id(6), "hello", None)
        .await
        .expect("other");
    let answer = db
        .append_message(
            other.conversation,
            &client_id(7),
            &staff,
            "死にたいと感じたら",
            None,
        )
        .await
        .expect("answer");
    assert_eq!(danger(answer.summary), None);
}

on_both_backends!(
    a_danger_message_marks_the_conversation_until_a_staff_reply,
    a_parent_waits_from_their_first_unanswered_message_until_a_reply,
    concurrent_appends_share_commits_and_keep_one_gap_free_order,
    each_change_hands_back_the_summary_it_stored,
    pages_of_the_list_cover_every_conversation_once_in_order,
);
