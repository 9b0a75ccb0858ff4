//! The working tools' rows on both backends: assignment to a colleague of
//! the same organisation only, resolving (a parent's new message reopens),
//! internal notes kept apart from the messages, and search by number,
//! nickname, message and note text within one organisation.

use yorisoi_protocol::{ClientId, Lang};

use super::{TestDb, face};
use crate::store::{NewNote, StaffRecord};

fn id(n: u32) -> ClientId {
    ClientId(format!("00000000-0000-4000-8000-{n:012}"))
}

async fn assignment_resolution_and_notes_stay_in_their_organisation(db: TestDb) {
    let aki = db
        .add_staff("aki@example.org", "あき", "x")
        .await
        .expect("aki");
    let posted = db
        .append_visitor_message("t1", Lang::Ja, &id(1), "夜泣きがつらいです", Some("ゆう"))
        .await
        .expect("post");
    let conversation = posted.conversation;
    let store = &db.store;

    let summary = store
        .set_assignee(db.org, conversation, Some(aki.id))
        .await
        .expect("assign")
        .expect("summary");
    assert_eq!(summary.assignee, Some(aki.id));
    // Someone of another organisation cannot be given it, nor take it.
    let other = store
        .create_organisation("other", &face("Other"), &[], 0)
        .await
        .expect("other");
    let stranger = store
        .add_staff(
            StaffRecord {
                organisation: other.id,
                email: "s@example.org",
                name: "S",
                password_hash: "x",
                admin: false,
            },
            0,
        )
        .await
        .expect("stranger");
    let refused = store.set_assignee(db.org, conversation, Some(stranger.id));
    assert_eq!(refused.await.expect("q"), None);
    let refused = store.set_assignee(other.id, conversation, Some(stranger.id));
    assert_eq!(refused.await.expect("q"), None);
    let handed_back = store.set_assignee(db.org, conversation, None).await;
    assert_eq!(handed_back.expect("q").expect("summary").assignee, None);

    let labels = vec!["睡眠".to_owned(), "要フォロー".to_owned()];
    let labelled = store.set_labels(db.org, conversation, &labels).await;
    assert_eq!(labelled.expect("q").expect("summary").labels, labels);
    let listed = db.summary(conversation).await.expect("q").expect("summary");
    assert_eq!(listed.labels, labels, "kept");
    let theirs = store.set_labels(other.id, conversation, &[]).await;
    assert!(theirs.expect("q").is_none(), "not another organisation's");

    let resolved = store
        .set_resolved(db.org, conversation, Some(db.now()))
        .await
        .expect("resolve")
        .expect("summary");
    assert_eq!(resolved.resolved_at_ms, Some(db.now()));
    assert!(
        store
            .set_resolved(other.id, conversation, None)
            .await
            .expect("q")
            .is_none()
    );
    // The parent writes again: the conversation is open again.
    let again = db
        .append_visitor_message("t1", Lang::Ja, &id(2), "また相談させてください", None)
        .await
        .expect("again");
    let summary = again.appended.summary.expect("summary");
    assert_eq!(summary.resolved_at_ms, None);

    let note = NewNote {
        client_id: &id(3),
        staff: aki.id,
        body: "前回は睡眠の話。保健センターを案内済み",
    };
    let (kept, fresh) = store
        .add_note(db.org, conversation, note, 1234)
        .await
        .expect("note");
    assert!(fresh);
    assert_eq!(
        (
            kept.author.id,
            kept.author.name.as_str(),
            kept.written_at_ms
        ),
        (aki.id, "あき", 1234)
    );
    // A retry keeps the first; the note never becomes a message.
    let (retry, fresh) = store
        .add_note(db.org, conversation, note, 9999)
        .await
        .expect("retry");
    assert_eq!((retry.written_at_ms, fresh), (1234, false));
    let notes = store.notes(db.org, conversation).await.expect("notes");
    assert_eq!(notes, vec![kept]);
    let messages = db.messages_after(conversation, 0).await.expect("messages");
    assert_eq!(messages.len(), 2);
    assert!(messages.iter().all(|m| !m.body.contains("保健センター")));
    // Not on another organisation's conversation, not by its staff.
    let foreign = NewNote {
        client_id: &id(4),
        staff: stranger.id,
        body: "x",
    };
    assert!(
        store
            .add_note(db.org, conversation, foreign, 1)
            .await
            .is_err()
    );
    assert!(
        store
            .add_note(other.id, conversation, note, 1)
            .await
            .is_err()
    );
    assert!(
        store
            .notes(other.id, conversation)
            .await
            .expect("q")
            .is_empty()
    );
}

async fn search_finds_by_number_nickname_message_and_note(db: TestDb) {
    let aki = db
        .add_staff("aki@example.org", "あき", "x")
        .await
        .expect("aki");
    let first = db
        .append_visitor_message("t1", Lang::Ja, &id(1), "夜泣きがつらいです", Some("ゆう"))
        .await
        .expect("first")
        .conversation;
    let second = db
        .append_visitor_message(
            "t2",
            Lang::En,
            &id(2),
            "My Toddler bites 100% of the time",
            None,
        )
        .await
        .expect("second")
        .conversation;
    let note = NewNote {
        client_id: &id(3),
        staff: aki.id,
        body: "保健センター",
    };
    db.store
        .add_note(db.org, second, note, 1)
        .await
        .expect("note");
    let found = |query: &'static str| {
        let store = db.store.clone();
        let org = db.org;
        async move {
            let found = store.search(org, query, 50).await.expect("search");
            found.into_iter().map(|s| s.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(found("夜泣き").await, vec![first]);
    assert_eq!(found("toddler").await, vec![second], "any case");
    assert_eq!(found("ゆう").await, vec![first], "nickname");
    assert_eq!(found("保健").await, vec![second], "a note");
    let labels = ["要フォロー".to_owned()];
    db.store
        .set_labels(db.org, first, &labels)
        .await
        .expect("label");
    assert_eq!(found("フォロー").await, vec![first], "a label");
    let number = format!("#{}", first.0);
    let store = db.store.clone();
    let by_number = store.search(db.org, &number, 50).await.expect("number");
    assert_eq!(
        by_number.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![first]
    );
    assert_eq!(found("100%").await, vec![second], "% is text");
    assert!(found("0%_").await.is_empty(), "_ is text");
    assert!(found("相談").await.is_empty());
    // Another organisation finds nothing of ours.
    let other = db
        .store
        .create_organisation("other", &face("Other"), &[], 0)
        .await
        .expect("other");
    let theirs = db.store.search(other.id, "夜泣き", 50).await.expect("q");
    assert!(theirs.is_empty());
}

on_both_backends!(
    assignment_resolution_and_notes_stay_in_their_organisation,
    search_finds_by_number_nickname_message_and_note,
);
