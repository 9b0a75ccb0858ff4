//! Devices staff logged in from, on both backends.

use super::TestDb;

async fn a_device_names_its_staff_member_until_it_is_too_old(db: TestDb) {
    let staff = db
        .add_staff("a@example.org", "A", "hash")
        .await
        .expect("add");
    db.store
        .remember_device("device", staff.id, 1_000)
        .await
        .expect("remember");
    assert_eq!(
        db.store.device_staff("device", 0).await.expect("q"),
        Some(staff.id)
    );
    assert_eq!(
        db.store.device_staff("device", 2_000).await.expect("q"),
        None
    );
    assert_eq!(db.store.device_staff("other", 0).await.expect("q"), None);
    assert_eq!(db.store.prune_devices(2_000).await.expect("prune"), 1);
    assert_eq!(db.store.device_staff("device", 0).await.expect("q"), None);
}

on_both_backends!(a_device_names_its_staff_member_until_it_is_too_old,);
