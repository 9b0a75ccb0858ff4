//! A throwaway PostgreSQL database per test, on the server that
//! `YORISOI_TEST_POSTGRES` names (a role allowed to create databases):
//! created empty, dropped when the test ends, whether it passed or not.

use sqlx::{AssertSqlSafe, Connection as _, PgConnection};

/// The setting that names the test server.
pub(crate) const SETTING: &str = "YORISOI_TEST_POSTGRES";

/// One test's database; dropped with this.
pub(crate) struct TestPostgres {
    /// The database's URL.
    pub url: String,
    /// The server's URL (to drop the database from).
    server: String,
    /// The database's name.
    name: String,
}

impl TestPostgres {
    /// Creates a fresh, empty database. Panics (failing the test, never
    /// skipping it) when no server is given or it cannot be reached.
    pub(crate) async fn create() -> TestPostgres {
        let server = std::env::var(SETTING).unwrap_or_else(|_| {
            panic!(
                "{SETTING} is not set: the store's tests run on PostgreSQL too. \
                 `cargo xtask test` provides a server; for `cargo test`, start one with \
                 `cargo xtask postgres` and set {SETTING} to the URL it prints"
            )
        });
        let random: [u8; 8] = rand::random();
        let name = format!("yorisoi_test_{}", hex::encode(random));
        let mut connection = PgConnection::connect(&server)
            .await
            .unwrap_or_else(|error| panic!("cannot reach {SETTING}: {error}"));
        // The name is ours (hex), never input.
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut connection)
            .await
            .expect("create the test database");
        let _closed = connection.close().await;
        TestPostgres {
            url: with_database(&server, &name),
            server,
            name,
        }
    }
}

impl Drop for TestPostgres {
    /// Drops the database on a thread of its own (a test's runtime may be
    /// single-threaded, and `Drop` cannot wait on it), closing the store's
    /// connections that are still open.
    fn drop(&mut self) {
        let server = self.server.clone();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                if let Ok(mut connection) = PgConnection::connect(&server).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _dropped = sqlx::query(AssertSqlSafe(sql))
                        .execute(&mut connection)
                        .await;
                    let _closed = connection.close().await;
                }
            });
        });
        let _joined = dropped.join();
    }
}

/// The server's URL with another database name in its path (keeping any
/// `?parameters`).
pub(crate) fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (server, None),
    };
    let authority_start = base.find("://").map_or(0, |at| at + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |at| authority_start + at);
    let mut url = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

#[test]
fn a_database_name_replaces_the_servers() {
    assert_eq!(
        with_database("postgres://u@127.0.0.1:5/postgres", "t1"),
        "postgres://u@127.0.0.1:5/t1"
    );
    assert_eq!(
        with_database("postgres://u@h:5?sslmode=disable", "t1"),
        "postgres://u@h:5/t1?sslmode=disable"
    );
}
