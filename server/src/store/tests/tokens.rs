//! Revoking and rotating visitor tokens, on both backends.

use yorisoi_protocol::{ClientId, Lang};

use super::{TestDb, with_clock};

use crate::error::StoreError;

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

async fn a_code_moves_its_conversation_and_follows_it(db: TestDb) {
    let (store, _clock, _dir) = with_clock(db);
    let client_id = ClientId("00000000-0000-4000-8000-000000000001".into());
    let posted = store
        .append_visitor_message("phone", Lang::Ja, &client_id, "やあ", None)
        .await
        .expect("post");
    let other = store
        .append_visitor_message("other", Lang::Ja, &client_id, "こんにちは", None)
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
        Some("phone-2".to_owned())
    );
    let found = store.conversation_by_token("laptop").await.expect("q");
    assert_eq!(found.map(|found| found.id), Some(posted.conversation));
    assert!(store.is_revoked("phone-2").await.expect("q"));
    // Nothing else is revoked, and the code still leads on.
    assert!(!store.is_revoked("other").await.expect("q"));
    let found = store.conversation_by_token("other").await.expect("q");
    assert_eq!(found.map(|found| found.id), Some(other.conversation));
    assert_eq!(
        store.use_code("code-2", "tablet").await.expect("use"),
        Some("laptop".to_owned())
    );
    // A token that holds a conversation, or was revoked, cannot take one.
    for taken in ["other", "phone"] {
        let result = store.use_code("code-2", taken).await;
        assert!(matches!(result, Err(StoreError::TokenTaken)), "{result:?}");
    }
    let found = store.conversation_by_token("tablet").await.expect("q");
    assert_eq!(found.map(|found| found.id), Some(posted.conversation));
    // Forgetting the device forgets its code too.
    store.revoke_token("tablet").await.expect("revoke");
    assert_eq!(store.use_code("code-2", "desk").await.expect("use"), None);
}

async fn a_code_given_before_the_first_message_leads_to_it(db: TestDb) {
    let (store, clock, _dir) = with_clock(db);
    store.keep_code("new", "early").await.expect("code");
    store.keep_code("silent", "unused").await.expect("code");
    let client_id = ClientId("00000000-0000-4000-8000-000000000001".into());
    let posted = store
        .append_visitor_message("new", Lang::En, &client_id, "hello", None)
        .await
        .expect("post");
    // Old codes of tokens that never wrote are pruned; used ones stay.
    clock.advance(10_000);
    store
        .store
        .prune_revoked_tokens(store.now() - 5_000)
        .await
        .expect("prune");
    assert_eq!(
        store.use_code("unused", "elsewhere").await.expect("use"),
        None
    );
    assert_eq!(
        store.use_code("early", "elsewhere").await.expect("use"),
        Some("new".to_owned())
    );
    let found = store.conversation_by_token("elsewhere").await.expect("q");
    assert_eq!(found.map(|found| found.id), Some(posted.conversation));
}

on_both_backends!(
    a_code_moves_its_conversation_and_follows_it,
    a_code_given_before_the_first_message_leads_to_it,
    a_revoked_token_never_opens_or_creates_a_conversation,
    rotation_moves_the_conversation_and_revokes_the_old_token,
    old_revocations_are_pruned_and_recent_ones_kept,
);
