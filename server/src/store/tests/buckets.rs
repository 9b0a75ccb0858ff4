//! Abuse limits' buckets as stored, on both backends (the limiter's
//! arithmetic on top of them is tested in `crate::throttle`).

use super::TestDb;
use crate::store::Bucket;

fn bucket(key_hash: &str) -> Bucket<'_> {
    Bucket {
        limiter: "test",
        key_hash,
        capacity: 2.0,
        refill_per_ms: 0.001, // one back every second
    }
}

async fn a_bucket_is_taken_from_refilled_refunded_and_pruned(db: TestDb) {
    let store = &db.store;
    assert_eq!(store.bucket_tokens(bucket("a"), 0).await.expect("q"), 2.0);
    assert_eq!(store.take_token(bucket("a"), 0).await.expect("take"), 2.0);
    assert_eq!(store.take_token(bucket("a"), 0).await.expect("take"), 1.0);
    let empty = store.take_token(bucket("a"), 0).await.expect("take");
    assert!(empty < 1.0, "nothing left to take: {empty}");
    assert_eq!(store.bucket_tokens(bucket("a"), 500).await.expect("q"), 0.5);
    store.refund_token(bucket("a")).await.expect("refund");
    assert_eq!(store.bucket_tokens(bucket("a"), 500).await.expect("q"), 1.5);
    assert_eq!(
        store.bucket_tokens(bucket("a"), 60_000).await.expect("q"),
        2.0
    );
    assert_eq!(
        store.take_token(bucket("b"), 10_000).await.expect("take"),
        2.0
    );
    assert_eq!(store.prune_buckets(5_000).await.expect("prune"), 1);
    assert_eq!(
        store.bucket_tokens(bucket("a"), 0).await.expect("q"),
        2.0,
        "gone, so full"
    );
    assert_eq!(
        store.bucket_tokens(bucket("b"), 10_000).await.expect("q"),
        1.0
    );
}

on_both_backends!(a_bucket_is_taken_from_refilled_refunded_and_pruned);
