//! A throwaway PostgreSQL database for a test, on the server that
//! `YORISOI_TEST_POSTGRES` names (`cargo xtask test` starts one; `cargo
//! xtask postgres` starts one to keep): created empty, dropped (closing
//! whatever is still connected) when the test ends. Without the setting
//! the test fails; it is never skipped.

use sqlx::{AssertSqlSafe, Connection as _, PgConnection};

/// The setting that names the test server.
pub const SETTING: &str = "YORISOI_TEST_POSTGRES";

/// One test's database.
pub struct ScratchDatabase {
    /// Its URL, for `--database`.
    pub url: String,
    server: String,
    name: String,
}

impl ScratchDatabase {
    /// Creates a fresh, empty database.
    pub async fn create() -> ScratchDatabase {
        let server = std::env::var(SETTING).unwrap_or_else(|_| {
            panic!(
                "{SETTING} is not set: `cargo xtask test` provides a PostgreSQL server; for \
                 `cargo test`, start one with `cargo xtask postgres` and set {SETTING}"
            )
        });
        let name = format!("yorisoi_it_{}", uuid::Uuid::new_v4().simple());
        let mut connection = PgConnection::connect(&server)
            .await
            .unwrap_or_else(|error| panic!("cannot reach {SETTING}: {error}"));
        // The name is ours (hex), never input.
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut connection)
            .await
            .expect("create the test database");
        let _closed = connection.close().await;
        let url = match server.rsplit_once('/') {
            Some((base, _)) if !base.ends_with('/') && base.contains("://") => {
                format!("{base}/{name}")
            }
            _ => panic!("{SETTING} must look like postgres://user@host:port/database"),
        };
        ScratchDatabase { url, server, name }
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
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
