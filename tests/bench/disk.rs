//! The durable-insert floor: what this disk allows with the server's own
//! guarantee (an acknowledged message is committed and synced). One SQLite
//! connection in WAL mode with `synchronous=FULL`, one row the shape of a
//! message per transaction, one commit (and so one sync of the log) per
//! insert, in a fresh file beside the server's databases. The server can
//! beat it only by putting several messages in one commit; it cannot match
//! it by syncing less.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde::Serialize;
use sqlx::ConnectOptions as _;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};

use crate::load::tag::{self, Tag};
use crate::stats::{Latency, micros};

/// The floor as measured.
#[derive(Debug, Clone, Serialize)]
pub struct DiskFloor {
    /// Rows inserted.
    pub rows: u64,
    /// Rows per second (each its own commit).
    pub rows_per_sec: f64,
    /// Latency of one insert and commit.
    pub commit: Option<Latency>,
}

/// Inserts up to `rows` rows, for at most `limit`.
pub async fn measure(dir: &Path, rows: u64, limit: Duration) -> anyhow::Result<DiskFloor> {
    let path = dir.join("floor.db");
    let mut connection = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    sqlx::query(
        "CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            client_id TEXT NOT NULL,
            author TEXT NOT NULL,
            body TEXT NOT NULL,
            sent_at_ms INTEGER NOT NULL,
            UNIQUE (conversation, seq),
            UNIQUE (conversation, client_id)
        )",
    )
    .execute(&mut connection)
    .await
    .context("creating the floor's table")?;
    let mut samples = Vec::new();
    let started = Instant::now();
    for row in 0..rows {
        if started.elapsed() >= limit {
            break;
        }
        let body = Tag::now(tag::PARENT, 0, 0, Some(row)).body();
        let client_id = yorisoi_tests::new_client_id();
        let begun = Instant::now();
        sqlx::query(
            "INSERT INTO messages (conversation, seq, client_id, author, body, sent_at_ms)
             VALUES (?, ?, ?, 'visitor', ?, ?)",
        )
        .bind(i64::try_from(row % 1000).unwrap_or_default())
        .bind(i64::try_from(row / 1000 + 1).unwrap_or_default())
        .bind(client_id.0)
        .bind(body)
        .bind(0_i64)
        .execute(&mut connection)
        .await
        .context("inserting a row")?;
        samples.push(micros(begun.elapsed()));
    }
    let elapsed = started.elapsed().as_secs_f64();
    let inserted = samples.len() as u64;
    Ok(DiskFloor {
        rows: inserted,
        rows_per_sec: inserted as f64 / elapsed,
        commit: Latency::of(&samples),
    })
}
