//! A database from before organisations (migrations 0001 to 0003 only)
//! opened by today's binary: it moves into the first organisation, `main`,
//! with nothing lost.

use super::*;

const OLD_MIGRATIONS: [&str; 3] = ["0001_init.sql", "0002_delivery.sql", "0003_security.sql"];
const TOKEN: &str = "5e7a9d1c3b0f2e4a6c8d0b1f3a5e7c9d1b3f5a7c9e1d3b5f7a9c1e3d5b7f9a1c";
const REVOKED: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const OLD_PASSWORD: &str = "an old but fine password";

/// Builds the old schema with the old migrations themselves (so their
/// recorded checksums are the ones the server expects), then one staff
/// member, a conversation of two messages and a revoked token, in SQL.
async fn build_old_database(dir: &Path) {
    let migrations = dir.join("old-migrations");
    std::fs::create_dir(&migrations).expect("a migrations directory");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    for name in OLD_MIGRATIONS {
        std::fs::copy(source.join(name), migrations.join(name)).expect("copy a migration");
    }
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(database(dir))
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.expect("open");
    let migrator = sqlx::migrate::Migrator::new(migrations.as_path()).await;
    let migrator = migrator.expect("the old migrations");
    migrator.run(&pool).await.expect("migrate");
    let hash = yorisoi_server::secrets::hash_password(OLD_PASSWORD, || [7; 32]);
    let digest = yorisoi_server::secrets::digest;
    let statements: [(&str, Option<String>); 5] = [
        (
            "INSERT INTO staff VALUES (1, 'hana@example.org', 'Hana', ?, 1700000000000)",
            Some(hash.expect("hash")),
        ),
        (
            "INSERT INTO conversations (id, token_hash, nickname, lang, created_at_ms, \
             updated_at_ms, last_seq, staff_read_seq, visitor_read_seq) \
             VALUES (1, ?, 'さくらママ', 'ja', 1700000001000, 1700000002000, 2, 1, 2)",
            Some(digest(TOKEN)),
        ),
        (
            "INSERT INTO messages VALUES (1, 1, '0b6f6c1e-3f0a-4c49-9d55-1f1f0f0e2a3b', \
             'visitor', NULL, '夜泣きが続いています', 1700000001000)",
            None,
        ),
        (
            "INSERT INTO messages VALUES (1, 2, '1c7f7d2f-4f1b-4d5a-8e66-2f2f1f1f3b4c', \
             'staff', 1, 'お話を聞かせてください', 1700000002000)",
            None,
        ),
        (
            "INSERT INTO revoked_tokens VALUES (?, 1700000003000)",
            Some(digest(REVOKED)),
        ),
    ];
    for (sql, bind) in statements {
        let query = sqlx::query(sql);
        let query = match bind {
            Some(value) => query.bind(value),
            None => query,
        };
        query.execute(&pool).await.expect(sql);
    }
    pool.close().await;
}

/// What the library reads of the migrated conversation and staff member.
async fn assert_nothing_lost(store: &Store) {
    let main = OrganisationId(1);
    let messages = store.messages_after(main, ConversationId(1), 0).await;
    let messages = messages.expect("messages");
    let seen: Vec<_> = messages
        .iter()
        .map(|m| (m.seq, m.author.clone(), m.body.as_str(), m.sent_at_ms))
        .collect();
    let hana = Author::Staff {
        id: 1,
        name: "Hana".into(),
    };
    let expected = [
        (
            1,
            Author::Visitor,
            "夜泣きが続いています",
            1_700_000_001_000,
        ),
        (2, hana, "お話を聞かせてください", 1_700_000_002_000),
    ];
    assert_eq!(seen, expected);
    let digest = yorisoi_server::secrets::digest;
    let found = store.conversation_by_token(main, &digest(TOKEN)).await;
    let found = found.expect("query").expect("the token still opens it");
    assert_eq!((found.id, found.staff_read_seq), (ConversationId(1), 1));
    let summaries = store
        .summaries(main, None, usize::MAX)
        .await
        .expect("summaries");
    let [summary] = summaries.as_slice() else {
        panic!("{summaries:?}")
    };
    assert_eq!(summary.nickname.as_deref(), Some("さくらママ"));
    assert_eq!((summary.lang, summary.last_seq), (Lang::Ja, 2));
    assert_eq!((summary.visitor_read_seq, summary.unread), (2, 0));
    assert_eq!(
        summary.preview, "お話を聞かせてください",
        "kept from the last message"
    );
    assert!(store.is_revoked(&digest(REVOKED)).await.expect("revoked"));
    let login = store.staff_credentials("hana@example.org").await;
    let (info, hash) = login.expect("query").expect("Hana is still there");
    assert!(yorisoi_server::secrets::verify_password(
        &hash,
        OLD_PASSWORD
    ));
    assert!(info.admin && info.organisation == main, "{info:?}");
}

#[test]
fn a_database_from_before_organisations_moves_into_main_with_nothing_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(build_old_database(dir.path()));

    let staff = ok(dir.path(), "staff list");
    assert_eq!(staff, "1\thana@example.org\tHana\tmain\tadmin\n");
    let rows = org_list(dir.path());
    let listed: Vec<(&str, &str)> = rows.iter().map(|r| (r.0.as_str(), r.1.as_str())).collect();
    assert_eq!(listed, [("1", "main")]);
    runtime.block_on(async {
        let store = Store::open(&database(dir.path()).into())
            .await
            .expect("open");
        assert_nothing_lost(&store).await;
    });
    // With one organisation, new staff need no --org.
    let added = ok(dir.path(), "staff add --email yui@example.org --name Yui");
    assert_eq!(
        added,
        "added staff member Yui <yui@example.org> (id 2) to main\n"
    );
}
