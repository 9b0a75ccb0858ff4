//! Visitor tokens (revoked, rotated, one per device of a conversation) and
//! consultation codes (once only, for a limited time), on both backends.

use yorisoi_protocol::{ClientId, Lang};

use super::{CODE_LIFETIME_MS, TestDb, with_clock};

use crate::error::StoreError;

fn id(n: u32) -> ClientId {
    ClientId(format!("00000000-0000-4000-8000-{n:012}"))
}

async fn a_revoked_token_never_opens_or_creates_a_conversation(db: TestDb) {
    let (store, _clock, _dir) = with_clock(db);
    let client_id = ClientId("00000000-0000-4000-8000-000000000001".into());
    let posted = store
        .append_visitor_message("old", Lang::Ja, &client_id, "やあ", None)
        .await
        .expect("post");
    assert_eq!(
        store.revoke_token("old").await.expect("revoke"),
        Some(posted.conversation)
    );
    assert!(store.is_revoked("old").await.expect("q"));
    assert_eq!(store.conversation_by_token("old").await.expect("q"), None);
    assert!(
        store
            .conversation_exists(posted.conversation)
            .await
            .expect("q"),
        "the conversation stays for staff"
    );
    let again = store
        .append_visitor_message("old", Lang::Ja, &client_id, "やあ", None)
        .await;
    assert!(matches!(again, Err(StoreError::RevokedToken)), "{again:?}");
}

async fn rotation_moves_the_conversation_and_revokes_the_old_token(db: TestDb) {
    let (store, _clock, _dir) = with_clock(db);
    let client_id = ClientId("00000000-0000-4000-8000-000000000001".into());
    let posted = store
        .append_visitor_message("first", Lang::En, &client_id, "hi", None)
        .await
        .expect("post");
    let other = store
        .append_visitor_message("other", Lang::En, &client_id, "hi", None)
        .await
        .expect("post");
    assert_eq!(
        store.rotate_token("first", "second").await.expect("rotate"),
        Some(posted.conversation)
    );
    let found = store.conversation_by_token("second").await.expect("q");
    assert_eq!(found.map(|found| found.id), Some(posted.conversation));
    assert!(store.is_revoked("first").await.expect("q"));
    // Taking over another conversation's token, or a revoked one, fails
    // and changes nothing.
    for taken in ["other", "first"] {
        let result = store.rotate_token("second", taken).await;
        assert!(matches!(result, Err(StoreError::TokenTaken)), "{result:?}");
    }
    assert!(!store.is_revoked("second").await.expect("q"));
    let found = store.conversation_by_token("other").await.expect("q");
    assert_eq!(found.map(|found| found.id), Some(other.conversation));
}

async fn old_revocations_are_pruned_and_recent_ones_kept(db: TestDb) {
    let (store, clock, _dir) = with_clock(db);
    store.revoke_token("old").await.expect("revoke");
    clock.advance(10_000);
    store.revoke_token("recent").await.expect("revoke");
    let before = store.now() - 5_000;
    assert_eq!(
        store
            .store
            .prune_revoked_tokens(before)
            .await
            .expect("prune"),
        1
    );
    assert!(!store.is_revoked("old").await.expect("q"));
    assert!(store.is_revoked("recent").await.expect("q"));
}

async fn a_code_opens_its_conversation_on_one_more_token_and_revokes_nothing(db: TestDb) {
    let (store, _clock, _dir) = with_clock(db);
    let posted = store
        .append_visitor_message("phone", Lang::Ja, &id(1), "やあ", None)
        .await
        .expect("post");
    let other = store
        .append_visitor_message("other", Lang::Ja, &id(1), "こんにちは", None)
        .await
        .expect("post");
    store.keep_code("phone", "code-1").await.expect("code");
    // A new code replaces the old one.
    store.keep_code("phone", "code-2").await.expect("code");
    assert_eq!(store.use_code("code-1", "laptop").await.expect("use"), None);
    assert_eq!(
        store.use_code("nothing", "laptop").await.expect("use"),
        None
    );
    // The page reloads and rotates its token: the code follows.
    store
        .rotate_token("phone", "phone-2")
        .await
        .expect("rotate");
    assert_eq!(
        store.use_code("code-2", "laptop").await.expect("use"),
        Some(posted.conversation)
    );
    // Both devices hold the conversation; nothing is revoked.
    for token in ["laptop", "phone-2", "other"] {
        assert!(!store.is_revoked(token).await.expect("q"), "{token}");
    }
    for token in ["laptop", "phone-2"] {
        let found = store.conversation_by_token(token).await.expect("q");
        assert_eq!(found.map(|found| found.id), Some(posted.conversation));
    }
    let found = store.conversation_by_token("other").await.expect("q");
    assert_eq!(found.map(|found| found.id), Some(other.conversation));
    // Either device writes into the one conversation.
    let from_laptop = store
        .append_visitor_message("laptop", Lang::Ja, &id(2), "パソコンから", None)
        .await
        .expect("post");
    assert_eq!(from_laptop.conversation, posted.conversation);
    assert!(!from_laptop.created);
    assert_eq!(from_laptop.appended.seq, 2);
    let from_phone = store
        .append_visitor_message("phone-2", Lang::Ja, &id(3), "電話から", None)
        .await
        .expect("post");
    assert_eq!(from_phone.appended.seq, 3);
    // A code works once.
    assert_eq!(store.use_code("code-2", "tablet").await.expect("use"), None);
    // A token that holds another conversation, or was revoked, cannot
    // take one; the code stays for a device that can.
    store.keep_code("laptop", "code-3").await.expect("code");
    for taken in ["other", "phone"] {
        let result = store.use_code("code-3", taken).await;
        assert!(matches!(result, Err(StoreError::TokenTaken)), "{result:?}");
    }
    assert_eq!(
        store.use_code("code-3", "tablet").await.expect("use"),
        Some(posted.conversation)
    );
    // Forgetting one device leaves the others, and forgets its code.
    store.keep_code("tablet", "code-4").await.expect("code");
    assert_eq!(
        store.revoke_token("tablet").await.expect("revoke"),
        Some(posted.conversation)
    );
    assert_eq!(store.use_code("code-4", "desk").await.expect("use"), None);
    assert_eq!(
        store.conversation_by_token("tablet").await.expect("q"),
        None
    );
    for token in ["laptop", "phone-2"] {
        let found = store.conversation_by_token(token).await.expect("q");
        assert_eq!(found.map(|found| found.id), Some(posted.conversation));
    }
    let again = store
        .append_visitor_message("tablet", Lang::Ja, &id(4), "まだ?", None)
        .await;
    assert!(matches!(again, Err(StoreError::RevokedToken)), "{again:?}");
}

async fn a_code_expires_after_its_lifetime(db: TestDb) {
    let (store, clock, _dir) = with_clock(db);
    let posted = store
        .append_visitor_message("phone", Lang::Ja, &id(1), "やあ", None)
        .await
        .expect("post");
    store.keep_code("phone", "fresh").await.expect("code");
    clock.advance(CODE_LIFETIME_MS - 1);
    assert_eq!(
        store.use_code("fresh", "laptop").await.expect("use"),
        Some(posted.conversation),
        "still within its lifetime"
    );
    store.keep_code("phone", "stale").await.expect("code");
    clock.advance(CODE_LIFETIME_MS);
    assert_eq!(store.use_code("stale", "tablet").await.expect("use"), None);
    assert_eq!(
        store.conversation_by_token("tablet").await.expect("q"),
        None
    );
    // Asking again gives a code that works.
    store.keep_code("phone", "renewed").await.expect("code");
    assert_eq!(
        store.use_code("renewed", "tablet").await.expect("use"),
        Some(posted.conversation)
    );
}

async fn a_code_given_before_the_first_message_leads_to_it(db: TestDb) {
    let (store, clock, _dir) = with_clock(db);
    store.keep_code("new", "early").await.expect("code");
    store.keep_code("silent", "unused").await.expect("code");
    // Nothing to continue yet: refused, and the code stays.
    assert_eq!(
        store.use_code("early", "elsewhere").await.expect("use"),
        None
    );
    assert_eq!(
        store.conversation_by_token("elsewhere").await.expect("q"),
        None
    );
    let posted = store
        .append_visitor_message("new", Lang::En, &id(1), "hello", None)
        .await
        .expect("post");
    assert_eq!(
        store.use_code("early", "elsewhere").await.expect("use"),
        Some(posted.conversation)
    );
    let found = store.conversation_by_token("elsewhere").await.expect("q");
    assert_eq!(found.map(|found| found.id), Some(posted.conversation));
    // Old codes are pruned with old revocations.
    clock.advance(10_000);
    store
        .store
        .prune_revoked_tokens(store.now() - 5_000)
        .await
        .expect("prune");
    store
        .append_visitor_message("silent", Lang::En, &id(1), "hello", None)
        .await
        .expect("post");
    assert_eq!(store.use_code("unused", "later").await.expect("use"), None);
}

on_both_backends!(
    a_code_opens_its_conversation_on_one_more_token_and_revokes_nothing,
    a_code_expires_after_its_lifetime,
    a_code_given_before_the_first_message_leads_to_it,
    a_revoked_token_never_opens_or_creates_a_conversation,
    rotation_moves_the_conversation_and_revokes_the_old_token,
    old_revocations_are_pruned_and_recent_ones_kept,
);
