//! The launcher's badge, on both backends: the staff replies after the
//! parent's read mark, by the token's digest, within one organisation.

use yorisoi_protocol::{Author, ClientId, Lang};

use super::{TestDb, face, with_clock};

fn client_id(n: u32) -> ClientId {
    ClientId(format!("00000000-0000-4000-8000-{n:012}"))
}

async fn unseen_replies_are_the_staff_messages_after_the_parents_mark(db: TestDb) {
    let (store, _clock, _dir) = with_clock(db);
    let unseen = |token: &'static str, at_most| {
        let store = &store;
        async move {
            store
                .store
                .unseen_replies(store.org, token, at_most)
                .await
                .expect("count")
        }
    };
    assert_eq!(unseen("parent", 99).await, 0, "no conversation yet");
    let posted = store
        .append_visitor_message("parent", Lang::Ja, &client_id(1), "夜泣きが続いて", None)
        .await
        .expect("post");
    let id = posted.conversation;
    assert_eq!(unseen("parent", 99).await, 0, "the parent's own message");
    let staff = store
        .add_staff("s@example.org", "Sato", "hash")
        .await
        .expect("staff");
    let sato = Author::Staff {
        id: staff.id,
        name: "Sato".into(),
    };
    for n in 2..=4 {
        store
            .append_message(id, &client_id(n), &sato, "お返事です", None)
            .await
            .expect("reply");
    }
    assert_eq!(unseen("parent", 99).await, 3);
    assert_eq!(unseen("parent", 2).await, 2, "counted up to the cap");
    store.mark_visitor_read(id, 3).await.expect("mark");
    assert_eq!(unseen("parent", 99).await, 1);
    store
        .append_message(id, &client_id(5), &Author::Visitor, "ありがとう", None)
        .await
        .expect("post");
    store.mark_visitor_read(id, 5).await.expect("mark");
    assert_eq!(unseen("parent", 99).await, 0);

    // Another organisation's conversation is not counted for this one.
    let other = store
        .store
        .create_organisation("other", &face("Other"), &[], 0)
        .await
        .expect("organisation");
    store
        .append_message(id, &client_id(6), &sato, "もう一通", None)
        .await
        .expect("reply");
    assert_eq!(unseen("parent", 99).await, 1);
    let elsewhere = store
        .store
        .unseen_replies(other.id, "parent", 99)
        .await
        .expect("count");
    assert_eq!(
        elsewhere, 0,
        "the token names nothing in another organisation"
    );

    // A rotated or forgotten token names nothing any more.
    store
        .rotate_token("parent", "parent-2")
        .await
        .expect("rotate");
    assert_eq!(unseen("parent", 99).await, 0);
    assert_eq!(unseen("parent-2", 99).await, 1);
    store.revoke_token("parent-2").await.expect("forget");
    assert_eq!(unseen("parent-2", 99).await, 0);
}

on_both_backends!(unseen_replies_are_the_staff_messages_after_the_parents_mark);
