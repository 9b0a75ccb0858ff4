//! The SQLite backend's own check: the SQLite compiled in is a current one.
//! Everything the store promises is tested on both backends in
//! `crate::store::tests`.

use super::*;

/// SQLite is bundled through libsqlite3-sys, one copy for sqlx and rusqlite
/// alike: a dependency change that drags it back below 3.50 fails here.
#[tokio::test]
async fn the_pool_and_the_writer_run_one_current_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("version.db"))
        .await
        .expect("open");
    let version: String = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(&store.pool)
        .await
        .expect("version");
    assert_eq!(version, rusqlite::version(), "one SQLite in the binary");
    let numbers: Vec<u32> = version
        .split('.')
        .map(|part| part.parse().expect("a numeric version"))
        .collect();
    assert!(
        numbers.as_slice() >= [3, 50].as_slice(),
        "SQLite {version} is older than 3.50"
    );
}
