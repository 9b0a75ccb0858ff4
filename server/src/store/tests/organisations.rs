//! Organisations and their origins, on both backends.

use super::{TestDb, face};
use crate::error::StoreError;

async fn an_origin_belongs_to_one_organisation_and_slugs_are_unique(db: TestDb) {
    let origins = vec!["https://hidamari.example.org".to_owned()];
    let hidamari = db
        .store
        .create_organisation("hidamari", &face("Hidamari"), &origins, 1)
        .await
        .expect("create");
    assert_eq!(hidamari.origins, origins);
    let found = db
        .store
        .organisation_id_by_origin("https://hidamari.example.org")
        .await
        .expect("q")
        .expect("found");
    assert_eq!(found, hidamari.id);
    let stolen = db
        .store
        .create_organisation("sunny", &face("Sunny"), &origins, 1)
        .await;
    assert!(
        matches!(&stolen, Err(StoreError::OriginTaken { slug, .. }) if slug == "hidamari"),
        "{stolen:?}"
    );
    assert!(
        db.store
            .organisation_by_slug("sunny")
            .await
            .expect("q")
            .is_none(),
        "a refused organisation is not half-created"
    );
    let again = db
        .store
        .create_organisation("hidamari", &face("Other"), &[], 1)
        .await;
    assert!(
        matches!(again, Err(StoreError::DuplicateSlug(_))),
        "{again:?}"
    );
    let moved = db
        .store
        .set_origins(hidamari.id, &["https://new.example.org".to_owned()])
        .await
        .expect("set");
    assert_eq!(moved.origins, ["https://new.example.org"]);
    let all = db.store.organisations().await.expect("all");
    let slugs: Vec<&str> = all.iter().map(|o| o.slug.as_str()).collect();
    assert_eq!(slugs, ["main", "hidamari"], "first organisation first");
}

on_both_backends!(an_origin_belongs_to_one_organisation_and_slugs_are_unique,);
