//! Staff members and sessions, on both backends.

use super::TestDb;
use crate::error::StoreError;
use crate::store::{SessionState, StaffRecord};

fn record<'a>(db: &TestDb, email: &'a str) -> StaffRecord<'a> {
    StaffRecord {
        organisation: db.org,
        email,
        name: "Aiko",
        password_hash: "hash",
        admin: false,
    }
}

async fn staff_emails_are_unique_ignoring_case(db: TestDb) {
    let store = &db.store;
    let staff = store
        .add_staff(record(&db, " Aiko@Example.org "), db.now())
        .await
        .expect("add");
    assert_eq!(staff.email, "aiko@example.org");
    assert_eq!(staff.organisation, db.org);
    let again = store
        .add_staff(record(&db, "AIKO@example.org"), db.now())
        .await;
    assert!(
        matches!(again, Err(StoreError::DuplicateEmail(_))),
        "{again:?}"
    );
    let (found, hash) = store
        .staff_credentials("aiko@EXAMPLE.org")
        .await
        .expect("q")
        .expect("found");
    assert_eq!((found.id, hash.as_str()), (staff.id, "hash"));
}

async fn staff_of_an_unknown_organisation_are_refused(db: TestDb) {
    let mut stray = record(&db, "stray@example.org");
    stray.organisation = yorisoi_protocol::OrganisationId(999);
    assert!(db.store.add_staff(stray, db.now()).await.is_err());
}

async fn sessions_expire_when_idle_or_old_and_end_on_logout(db: TestDb) {
    let store = &db.store;
    let staff = store
        .add_staff(record(&db, "a@example.org"), db.now())
        .await
        .expect("add");
    let session = |hash: &'static str| store.create_session(hash, staff.id, db.now());
    let check = |hash: &'static str, touch| store.session_staff(hash, 1000, 5000, touch, db.now());
    session("digest").await.expect("session");
    assert_eq!(
        check("digest", true).await.expect("q"),
        SessionState::Valid(staff.clone())
    );
    db.clock.advance(1001);
    assert_eq!(
        check("digest", true).await.expect("q"),
        SessionState::Expired
    );
    assert_eq!(
        check("digest", true).await.expect("q"),
        SessionState::Unknown
    );

    // Used often, a session still ends at the absolute timeout.
    session("busy").await.expect("session");
    for _ in 0..5 {
        db.clock.advance(900);
        assert!(matches!(
            check("busy", true).await.expect("q"),
            SessionState::Valid(_)
        ));
    }
    db.clock.advance(600);
    assert_eq!(check("busy", true).await.expect("q"), SessionState::Expired);

    // Heartbeat checks (no touch) do not keep a session alive.
    session("idle").await.expect("session");
    db.clock.advance(600);
    assert!(matches!(
        check("idle", false).await.expect("q"),
        SessionState::Valid(_)
    ));
    db.clock.advance(600);
    assert_eq!(
        check("idle", false).await.expect("q"),
        SessionState::Expired
    );

    session("other").await.expect("session");
    session("another").await.expect("session");
    store.delete_session("other").await.expect("delete");
    assert_eq!(
        check("other", true).await.expect("q"),
        SessionState::Unknown
    );
    store
        .delete_staff_sessions(staff.id)
        .await
        .expect("delete all");
    assert_eq!(
        check("another", true).await.expect("q"),
        SessionState::Unknown
    );
}

on_both_backends!(
    staff_emails_are_unique_ignoring_case,
    staff_of_an_unknown_organisation_are_refused,
    sessions_expire_when_idle_or_old_and_end_on_logout,
);
