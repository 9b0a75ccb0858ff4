//! Conversations and messages, on both backends.

use yorisoi_protocol::{Author, ClientId, ConversationId, Lang, Seq};

use super::{TestDb, with_clock};
use crate::error::StoreError;
use crate::store::Appended;

fn client_id(n: u32) -> ClientId {
    ClientId(format!("00000000-0000-4000-8000-{n:012}"))
}

async fn messages_get_consecutive_sequences_in_order(db: TestDb) {
    let (store, clock, _dir) = with_clock(db);
    let id = store
        .create_conversation("token-digest", Lang::Ja)
        .await
        .expect("create");
    let staff = store
        .add_staff("s@example.org", "Sato", "hash")
        .await
        .expect("staff");
    let sato = Author::Staff {
        id: staff.id,
        name: "Sato".into(),
    };
    for n in 1..=3 {
        clock.advance(10);
        let author = if n == 2 { &sato } else { &Author::Visitor };
        let appended = store
            .append_message(id, &client_id(n), author, &format!("body {n}"), None)
            .await
            .expect("append");
        assert_eq!((appended.seq, appended.fresh), (u64::from(n), true));
    }
    let all = store.messages_after(id, 0).await.expect("all");
    let seqs: Vec<Seq> = all.iter().map(|message| message.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(all[1].author, sato);
    assert_eq!(all[2].body, "body 3");
    let suffix = store.messages_after(id, 2).await.expect("suffix");
    assert_eq!(suffix, all[2..].to_vec(), "resume gives exactly the suffix");
}

async fn a_repeated_client_id_stores_nothing_and_returns_the_original(db: TestDb) {
    let (store, clock, _dir) = with_clock(db);
    let id = store
        .create_conversation("digest", Lang::En)
        .await
        .expect("create");
    let first = store
        .append_message(id, &client_id(1), &Author::Visitor, "hello", None)
        .await
        .expect("first");
    clock.advance(5_000);
    let retry = store
        .append_message(id, &client_id(1), &Author::Visitor, "hello", None)
        .await
        .expect("retry");
    assert_eq!(
        retry,
        Appended {
            fresh: false,
            summary: None,
            ..first
        }
    );
    assert_eq!(store.messages_after(id, 0).await.expect("all").len(), 1);
    let next = store
        .append_message(id, &client_id(2), &Author::Visitor, "again", None)
        .await
        .expect("next");
    assert_eq!(next.seq, 2, "a retry does not burn a sequence number");
}

async fn unread_counts_visitor_messages_after_the_shared_read_mark(db: TestDb) {
    let (store, _clock, _dir) = with_clock(db);
    let id = store
        .create_conversation("digest", Lang::Ja)
        .await
        .expect("create");
    let staff = Author::Staff {
        id: store.add_staff("s@x.org", "S", "h").await.expect("s").id,
        name: "S".into(),
    };
    for (n, author) in [
        (1, &Author::Visitor),
        (2, &Author::Visitor),
        (3, &staff),
        (4, &Author::Visitor),
    ] {
        store
            .append_message(id, &client_id(n), author, "text", Some("みか"))
            .await
            .expect("append");
    }
    let summary = store.summary(id).await.expect("q").expect("exists");
    assert_eq!((summary.unread, summary.last_seq), (3, 4));
    assert_eq!(summary.nickname.as_deref(), Some("みか"));
    assert_eq!(store.mark_read(id, 2).await.expect("read"), Some(2));
    assert_eq!(
        store.summary(id).await.expect("q").expect("exists").unread,
        1
    );
    assert_eq!(store.mark_read(id, 1).await.expect("read backwards"), None);
    assert_eq!(
        store.summary(id).await.expect("q").expect("exists").unread,
        1,
        "never moves back"
    );
    assert_eq!(store.mark_read(id, 99).await.expect("past end"), Some(4));
    assert_eq!(store.mark_read(id, 99).await.expect("again"), None);
    assert_eq!(
        store.summary(id).await.expect("q").expect("exists").unread,
        0
    );
    let missing = store.mark_read(ConversationId(404), 1).await;
    assert!(
        matches!(missing, Err(StoreError::UnknownConversation(404))),
        "{missing:?}"
    );
}

async fn tokens_are_found_by_digest_and_lists_are_newest_first(db: TestDb) {
    let (store, clock, _dir) = with_clock(db);
    let older = store
        .create_conversation("digest-a", Lang::Ja)
        .await
        .expect("a");
    clock.advance(10);
    let newer = store
        .create_conversation("digest-b", Lang::En)
        .await
        .expect("b");
    assert_eq!(
        store
            .conversation_by_token("digest-a")
            .await
            .expect("q")
            .map(|found| found.id),
        Some(older)
    );
    assert_eq!(
        store.conversation_by_token("digest-c").await.expect("q"),
        None
    );
    let order: Vec<ConversationId> = store
        .summaries()
        .await
        .expect("list")
        .iter()
        .map(|summary| summary.id)
        .collect();
    assert_eq!(order, [newer, older]);
    clock.advance(10);
    store
        .append_message(older, &client_id(1), &Author::Visitor, "new", None)
        .await
        .expect("append");
    let first = store.summaries().await.expect("list")[0].clone();
    assert_eq!((first.id, first.preview.as_str()), (older, "new"));
    assert!(store.set_lang(older, Lang::En).await.expect("set"));
    assert!(!store.set_lang(older, Lang::En).await.expect("same"));
}

async fn appending_to_an_unknown_conversation_fails(db: TestDb) {
    let (store, _clock, _dir) = with_clock(db);
    let result = store
        .append_message(
            ConversationId(7),
            &client_id(1),
            &Author::Visitor,
            "x",
            None,
        )
        .await;
    assert!(
        matches!(result, Err(StoreError::UnknownConversation(7))),
        "{result:?}"
    );
}

async fn two_first_messages_racing_on_one_token_make_one_conversation(db: TestDb) {
    let (store, _clock, _dir) = with_clock(db);
    for round in 0..20 {
        let token = format!("race-{round}");
        let (one, two) = (client_id(1), client_id(2));
        let (first, second) = tokio::join!(
            store.append_visitor_message(&token, Lang::Ja, &one, "tab one", None),
            store.append_visitor_message(&token, Lang::Ja, &two, "tab two", None),
        );
        let (first, second) = (first.expect("first"), second.expect("second"));
        assert_eq!(first.conversation, second.conversation, "round {round}");
        assert!(first.created != second.created, "exactly one creates it");
        let mut seqs = [first.appended.seq, second.appended.seq];
        seqs.sort_unstable();
        assert_eq!(seqs, [1, 2]);
    }
    assert_eq!(store.summaries().await.expect("list").len(), 20);
    let retry = store
        .append_visitor_message("race-0", Lang::Ja, &client_id(1), "tab one", None)
        .await
        .expect("retry");
    assert!(!retry.created && !retry.appended.fresh);
}

async fn the_parents_read_mark_only_rises_and_shows_in_the_summary(db: TestDb) {
    let (store, _clock, _dir) = with_clock(db);
    let posted = store
        .append_visitor_message("digest", Lang::En, &client_id(1), "hi", None)
        .await
        .expect("post");
    let id = posted.conversation;
    let staff = Author::Staff {
        id: store.add_staff("s@x.org", "S", "h").await.expect("s").id,
        name: "S".into(),
    };
    for n in 2..=3 {
        store
            .append_message(id, &client_id(n), &staff, "reply", None)
            .await
            .expect("reply");
    }
    assert_eq!(store.mark_visitor_read(id, 2).await.expect("read"), Some(2));
    assert_eq!(store.mark_visitor_read(id, 1).await.expect("back"), None);
    assert_eq!(store.mark_visitor_read(id, 9).await.expect("past"), Some(3));
    let summary = store.summary(id).await.expect("q").expect("exists");
    assert_eq!(summary.visitor_read_seq, 3);
    let missing = store.mark_visitor_read(ConversationId(404), 1).await;
    assert!(matches!(missing, Err(StoreError::UnknownConversation(404))));
}

async fn another_organisation_never_sees_a_conversation(db: TestDb) {
    let (store, _clock, _dir) = with_clock(db);
    let posted = store
        .append_visitor_message("digest", Lang::Ja, &client_id(1), "こんにちは", None)
        .await
        .expect("post");
    let id = posted.conversation;
    let other = store
        .store
        .create_organisation("other", &super::face("Other"), &[], 0)
        .await
        .expect("organisation")
        .id;
    let s = &store.store;
    assert!(s.summaries(other, None, 10).await.expect("list").is_empty());
    assert_eq!(s.summary(other, id).await.expect("q"), None);
    assert!(s.messages_after(other, id, 0).await.expect("q").is_empty());
    assert!(!s.conversation_exists(other, id).await.expect("q"));
    assert_eq!(
        s.conversation_by_token(other, "digest").await.expect("q"),
        None
    );
    let read = s.mark_read(other, id, 1).await;
    assert!(
        matches!(read, Err(StoreError::UnknownConversation(_))),
        "{read:?}"
    );
    let staff = Author::Staff {
        id: 1,
        name: "S".into(),
    };
    let message = crate::store::NewMessage {
        client_id: &client_id(2),
        author: &staff,
        body: "x",
        nickname: None,
    };
    let reply = s.append_message(other, id, message, 0).await;
    assert!(
        matches!(reply, Err(StoreError::UnknownConversation(_))),
        "{reply:?}"
    );
    // The same token in another organisation never joins this conversation.
    let visitor = crate::store::VisitorMessage {
        token_hash: "digest",
        lang: Lang::Ja,
        client_id: &client_id(3),
        body: "x",
        nickname: None,
        nominee: None,
    };
    let joined = s.append_visitor_message(other, visitor, 0).await;
    assert!(matches!(joined, Err(StoreError::TokenTaken)), "{joined:?}");
    assert!(
        s.revoke_token(other, "digest", 0)
            .await
            .expect("revoke")
            .is_none()
    );
    assert_eq!(store.messages_after(id, 0).await.expect("all").len(), 1);
}

on_both_backends!(
    messages_get_consecutive_sequences_in_order,
    a_repeated_client_id_stores_nothing_and_returns_the_original,
    unread_counts_visitor_messages_after_the_shared_read_mark,
    tokens_are_found_by_digest_and_lists_are_newest_first,
    appending_to_an_unknown_conversation_fails,
    two_first_messages_racing_on_one_token_make_one_conversation,
    the_parents_read_mark_only_rises_and_shows_in_the_summary,
    another_organisation_never_sees_a_conversation,
);
