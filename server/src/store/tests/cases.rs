//! Cases and their trails on both backends (issue 13): a case belongs to
//! its conversation's organisation and is unknown to any other; a step
//! applies only to the version it was decided on, with its trail entry or
//! not at all; the trail reads back in order with the exact wording; and a
//! deleted conversation takes its cases and trails with it.

use yorisoi_protocol::cases::{CaseStatus, CaseStep, CaseTexts};
use yorisoi_protocol::{ClientId, ConversationId, Lang};

use super::{TestDb, face};
use crate::store::cases::{CaseChange, NewCase, NewCaseEvent};

fn texts(short: &str, long: &str) -> CaseTexts {
    CaseTexts {
        short: short.into(),
        long: long.into(),
    }
}

/// A conversation of the test organisation, with one message.
async fn new_conversation(db: &TestDb, token: &str) -> ConversationId {
    let client_id = ClientId("00000000-0000-4000-8000-000000000001".into());
    db.append_visitor_message(
        token,
        Lang::Ja,
        &client_id,
        "娘のはるちゃんが夜泣きします",
        None,
    )
    .await
    .expect("post")
    .conversation
}

async fn a_case_is_its_organisations_and_changes_only_from_its_version(db: TestDb) {
    let store = &db.store;
    let aki = db
        .add_staff("aki@example.org", "あき", "hash")
        .await
        .expect("aki");
    let other = store
        .create_organisation("other", &face("よそ"), &[], db.now())
        .await
        .expect("org");
    let conversation = new_conversation(&db, "token-a").await;
    let draft = texts(
        "［名前］が夜泣きします",
        "【相談】\n娘の［名前］が夜泣きします",
    );
    let new = NewCase {
        conversation,
        lang: Lang::Ja,
        source: "【相談】\n娘のはるちゃんが夜泣きします",
        hidden: "23-38-Name",
        texts: &draft,
        proposed_by: aki.id,
    };
    // Another organisation cannot propose from this conversation.
    assert_eq!(
        store.create_case(other.id, new, db.now()).await.expect("q"),
        None
    );
    let case = store
        .create_case(db.org, new, db.now())
        .await
        .expect("create")
        .expect("our conversation");
    assert_eq!(
        (case.status, case.lang, &case.texts, case.reviewed_by),
        (CaseStatus::Draft, Lang::Ja, &draft, None)
    );
    assert_eq!(case.source, new.source);
    assert_eq!(store.case(other.id, case.id).await.expect("q"), None);
    assert_eq!(store.cases(other.id, None, 10).await.expect("q"), []);
    assert_eq!(
        store
            .cases(db.org, Some(conversation), 10)
            .await
            .expect("q"),
        std::slice::from_ref(&case)
    );

    db.clock.advance(60_000);
    let change = CaseChange {
        status: CaseStatus::Sent,
        hidden: &case.hidden,
        texts: &case.texts,
        reviewed_by: None,
    };
    let sent = NewCaseEvent {
        step: CaseStep::SentToParent,
        staff: Some(aki.id),
        wording: Some((&draft, "digest-1")),
    };
    let theirs = store
        .change_case(other.id, case.id, case.version, change, sent, db.now())
        .await;
    assert_eq!(
        theirs.expect("q"),
        None,
        "another organisation changes nothing"
    );
    let changed = store
        .change_case(db.org, case.id, case.version, change, sent, db.now())
        .await
        .expect("change")
        .expect("at its version");
    assert_eq!(changed.status, CaseStatus::Sent);
    assert_eq!(changed.version, case.version + 1);

    // A step decided on the old version loses, and leaves no trail.
    let approved = NewCaseEvent {
        step: CaseStep::Approved,
        staff: None,
        wording: Some((&draft, "digest-1")),
    };
    let stale = CaseChange {
        status: CaseStatus::Approved,
        ..change
    };
    let lost = store
        .change_case(db.org, case.id, case.version, stale, approved, db.now())
        .await;
    assert_eq!(lost.expect("q"), None);

    let trail = store.case_events(db.org, case.id).await.expect("trail");
    let steps: Vec<_> = trail.iter().map(|event| event.step).collect();
    assert_eq!(steps, [CaseStep::Proposed, CaseStep::SentToParent]);
    assert_eq!(trail[0].staff, Some((aki.id, Some("あき".into()))));
    assert_eq!(trail[0].wording, None);
    assert_eq!(trail[1].at_ms, trail[0].at_ms + 60_000);
    assert_eq!(trail[1].wording, Some((draft.clone(), "digest-1".into())));
    assert_eq!(store.case_events(other.id, case.id).await.expect("q"), []);
}

async fn a_deleted_conversation_takes_its_cases_along(db: TestDb) {
    let store = &db.store;
    let aki = db
        .add_staff("aki@example.org", "あき", "hash")
        .await
        .expect("aki");
    let conversation = new_conversation(&db, "token-b").await;
    let kept = new_conversation(&db, "token-kept").await;
    let draft = texts("short", "long");
    for id in [conversation, kept] {
        let new = NewCase {
            conversation: id,
            lang: Lang::En,
            source: "long",
            hidden: "",
            texts: &draft,
            proposed_by: aki.id,
        };
        store
            .create_case(db.org, new, db.now())
            .await
            .expect("create");
    }
    let doomed = store
        .cases(db.org, Some(conversation), 10)
        .await
        .expect("q");
    assert_eq!(doomed.len(), 1);

    delete_conversation(&db, conversation).await;
    assert_eq!(
        store
            .cases(db.org, Some(conversation), 10)
            .await
            .expect("q"),
        []
    );
    assert_eq!(store.case(db.org, doomed[0].id).await.expect("q"), None);
    assert_eq!(
        store.case_events(db.org, doomed[0].id).await.expect("q"),
        []
    );
    assert_eq!(store.cases(db.org, None, 10).await.expect("q").len(), 1);
}

/// Deletes a conversation row as the parent's "delete my conversation"
/// does (that use case is another branch's): straight in the database.
async fn delete_conversation(db: &TestDb, id: ConversationId) {
    use sqlx::Connection as _;
    const DELETE: &str = "DELETE FROM conversations WHERE id = $1";
    if let Some(postgres) = &db._postgres {
        let mut connection = sqlx::PgConnection::connect(&postgres.url)
            .await
            .expect("connect");
        sqlx::query(DELETE)
            .bind(id.0)
            .execute(&mut connection)
            .await
            .expect("delete");
    } else if let Some(dir) = &db._dir {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(dir.path().join("test.db"))
            .foreign_keys(true);
        let mut connection = sqlx::SqliteConnection::connect_with(&options)
            .await
            .expect("connect");
        sqlx::query(DELETE)
            .bind(id.0)
            .execute(&mut connection)
            .await
            .expect("delete");
    }
}

on_both_backends!(
    a_case_is_its_organisations_and_changes_only_from_its_version,
    a_deleted_conversation_takes_its_cases_along,
);
