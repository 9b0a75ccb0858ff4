//! Moving the write-ahead log into the database file (a checkpoint) off the
//! writer's path. By default SQLite checkpoints inside the commit that
//! grows the log past 1,000 pages, so every few thousand messages one
//! batch waited tens of milliseconds for the copy and the database file's
//! fsync, and every `Ack` in it with it. The writer's connection has
//! automatic checkpoints off; this thread, on its own connection, runs a
//! `PASSIVE` checkpoint every [`EVERY`], which never blocks the writer
//! (WAL lets one append while another copies), so the log stays small.
//! It stops when its store is dropped.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use rusqlite::Connection;

use crate::error::StoreError;

/// How often the log is checkpointed.
const EVERY: Duration = Duration::from_secs(1);

/// Keeps the checkpointer running; dropping it stops the thread.
#[derive(Debug)]
pub(super) struct Checkpointer {
    _running: mpsc::Sender<()>,
}

impl Checkpointer {
    /// Starts checkpointing the database at `path`.
    pub(super) fn start(path: &Path, busy_timeout: Duration) -> Result<Checkpointer, StoreError> {
        let connection = Connection::open(path)?;
        connection.busy_timeout(busy_timeout)?;
        let (running, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("yorisoi-checkpoint".into())
            .spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
                    let checkpoint =
                        connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_row| Ok(()));
                    if let Err(error) = checkpoint {
                        tracing::warn!(%error, "cannot checkpoint the write-ahead log");
                    }
                }
            })
            .map_err(|error| {
                StoreError::Corrupt(format!("cannot start the checkpointer: {error}"))
            })?;
        Ok(Checkpointer { _running: running })
    }
}
