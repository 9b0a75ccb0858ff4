//! The overdue sweep's window on both backends: which conversations have a
//! parent waiting since a time in a range, longest waiting first, and
//! never an answered one or another organisation's.

use yorisoi_protocol::{Author, ClientId, ConversationId, Lang};

use super::TestDb;
use crate::store::VisitorMessage;

fn client_id(n: u32) -> ClientId {
    ClientId(format!("00000000-0000-4000-8000-{n:012}"))
}

/// A parent's first message under `token`, at the test clock's time.
async fn parent_writes(db: &TestDb, token: &str, n: u32) -> ConversationId {
    db.append_visitor_message(token, Lang::Ja, &client_id(n), "相談です", None)
        .await
        .expect("post")
        .conversation
}

/// The ids of the conversations waiting since a time in `(after, until]`.
async fn waiting(db: &TestDb, after: i64, until: i64, limit: usize) -> Vec<ConversationId> {
    db.store
        .waiting_since_between(db.org, after, until, limit)
        .await
        .expect("window")
        .into_iter()
        .map(|summary| summary.id)
        .collect()
}

async fn the_window_holds_waiting_parents_oldest_first_and_never_answered_ones(db: TestDb) {
    let start = db.now();
    let first = parent_writes(&db, "first", 1).await;
    db.clock.advance(10);
    let second = parent_writes(&db, "second", 2).await;
    db.clock.advance(10);
    let answered = parent_writes(&db, "answered", 3).await;
    db.clock.advance(10);
    // The first parent writes again: they still wait since their first.
    db.append_visitor_message("first", Lang::Ja, &client_id(4), "もう一つ", None)
        .await
        .expect("post again");
    let staff = db
        .add_staff("s@example.org", "Sato", "hash")
        .await
        .expect("staff");
    let sato = Author::Staff {
        id: staff.id,
        name: "Sato".into(),
    };
    db.append_message(answered, &client_id(5), &sato, "お返事です", None)
        .await
        .expect("reply");
    let other = db
        .store
        .create_organisation("other", &super::face("Other"), &[], 0)
        .await
        .expect("organisation")
        .id;
    let elsewhere = VisitorMessage {
        token_hash: "elsewhere",
        lang: Lang::Ja,
        client_id: &client_id(6),
        body: "別の団体です",
        nickname: None,
        nominee: None,
    };
    db.store
        .append_visitor_message(other, elsewhere, start)
        .await
        .expect("post elsewhere");

    let now = db.now();
    assert_eq!(waiting(&db, start - 1, now, 10).await, [first, second]);
    assert_eq!(
        waiting(&db, start, now, 10).await,
        [second],
        "after is open"
    );
    assert_eq!(
        waiting(&db, start - 1, start, 10).await,
        [first],
        "until is closed"
    );
    assert_eq!(waiting(&db, start - 1, now, 1).await, [first], "the limit");
    assert!(waiting(&db, now, now + 1000, 10).await.is_empty());
}

on_both_backends!(the_window_holds_waiting_parents_oldest_first_and_never_answered_ones);
