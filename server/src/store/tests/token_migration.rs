//! The migration that gives visitor tokens a table of their own (sqlite
//! 0020, postgres 0015), on both backends: a database from before it keeps
//! every parent's way into their conversation, and a forgotten token (the
//! `revoked:<id>` placeholder) opens nothing.

use std::borrow::Cow;

use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{PgPool, SqlitePool};

use super::postgres::TestPostgres;

/// Rows as a database from before the migration holds them: one
/// conversation open on a token, one whose token was forgotten.
const BEFORE: [&str; 2] = [
    "INSERT INTO organisations (id, slug, name_ja, name_en, created_at_ms) \
     VALUES (1, 'main', 'メイン', 'Main', 0)",
    "INSERT INTO conversations (id, organisation_id, token_hash, lang, created_at_ms, \
     updated_at_ms) VALUES (1, 1, 'phone', 'ja', 10, 20), (2, 1, 'revoked:2', 'en', 10, 30)",
];

/// What the migration made of them.
const AFTER: &str = "SELECT token_hash, organisation_id, conversation_id, created_at_ms, \
     last_used_at_ms FROM visitor_tokens ORDER BY token_hash";

/// The token rows the migration must make of [`BEFORE`].
fn expected() -> Vec<(String, i64, i64, i64, i64)> {
    vec![("phone".to_owned(), 1, 1, 10, 20)]
}

/// `all` without its migrations from `first_new` on.
fn until(all: &Migrator, first_new: i64) -> Migrator {
    let mut before = Migrator::DEFAULT;
    before.migrations = Cow::Owned(
        all.migrations
            .iter()
            .filter(|migration| migration.version < first_new)
            .cloned()
            .collect(),
    );
    before
}

/// Migrates `$pool` to just before `$first_new` of `$all`, writes
/// [`BEFORE`], migrates the rest, and checks what [`AFTER`] reads.
macro_rules! check_migration {
    ($pool:expr, $all:expr, $first_new:expr) => {{
        let pool = $pool;
        let all = $all;
        until(&all, $first_new)
            .run(&pool)
            .await
            .expect("old schema");
        for statement in BEFORE {
            sqlx::query(statement)
                .execute(&pool)
                .await
                .expect("old rows");
        }
        all.run(&pool).await.expect("migrate");
        let rows: Vec<(String, i64, i64, i64, i64)> =
            sqlx::query_as(AFTER).fetch_all(&pool).await.expect("q");
        assert_eq!(rows, expected());
        pool.close().await;
    }};
}

#[tokio::test]
async fn sqlite_tokens_move_into_their_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let options = SqliteConnectOptions::new()
        .filename(dir.path().join("old.db"))
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePool::connect_with(options).await.expect("open");
    check_migration!(pool, sqlx::migrate!("./migrations/sqlite"), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_tokens_move_into_their_table() {
    let database = TestPostgres::create().await;
    let pool = PgPool::connect(&database.url).await.expect("open");
    check_migration!(pool, sqlx::migrate!("./migrations/postgres"), 15);
}
