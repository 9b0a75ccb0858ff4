//! The one writer of the hot path, with group commit. Appends, read marks
//! and language changes go to one thread that owns one connection: it takes
//! every job waiting (up to [`MAX_BATCH`]), runs them in one `BEGIN
//! IMMEDIATE` transaction, commits once (one fsync of the WAL, as
//! `synchronous=FULL` demands) and only then answers each job, so an `Ack`
//! still means committed and synced. Nothing waits to fill a batch: a lone
//! message commits at once, and under load the jobs that arrive during one
//! commit share the next.
//!
//! Why one writer, and why a thread: SQLite lets one connection write at a
//! time, and pooled writers queue on its busy handler, which sleeps in
//! steps of milliseconds; one connection never contends with itself. The
//! writer uses rusqlite on its own thread (with cached prepared statements)
//! because sqlx's SQLite driver hands every statement to a worker thread
//! and back: two thread wake-ups per statement, which dominated the
//! server's profile under load. Here a whole batch costs one hand-over.
//! Readers keep sqlx's pool (WAL lets them read while the writer writes).
//!
//! The rare writes outside the writer (logins, tokens, settings) use the
//! readers' pool; they and the writer's batches take turns at a fair lock
//! ([`WriteTurns`]), so under load they wait for one batch, not for SQLite's
//! busy handler to win a race.
//!
//! A job that is refused (unknown conversation, revoked token…) refuses
//! before it writes anything (see [`super::appends`] and [`super::marks`]),
//! so it leaves its batch intact and is answered with its refusal. A
//! failure of the database itself aborts the batch: it is rolled back and
//! its jobs are run again one transaction each, so one bad job fails alone.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;
use tokio::sync::{Mutex, mpsc, oneshot};

use crate::error::StoreError;

/// Jobs queued beyond this make their senders wait: memory stays bounded
/// and the pressure reaches the sockets, which stop reading.
const QUEUE: usize = 8192;

/// At most this many jobs share a transaction, which bounds how long the
/// first of them waits for its commit.
const MAX_BATCH: usize = 1024;

/// Turns at holding SQLite's write lock in this process: the writer takes
/// one per batch, each write on the pool one for itself. A fair (FIFO)
/// lock, so nobody waits longer than the turns queued before it.
pub(super) type WriteTurns = Arc<Mutex<()>>;

/// One kind of write: what it does inside the writer's transaction.
pub(super) trait Work: Send + 'static {
    /// What the caller gets back.
    type Output: Send + 'static;

    /// Runs on the writer's connection, inside its open transaction. A
    /// refusal must come before any write.
    fn run(&self, connection: &Connection) -> Result<Self::Output, StoreError>;
}

/// A queued write with its answer channel, seen by the writer as a [`Job`].
struct Pending<W: Work> {
    work: W,
    outcome: Option<Result<W::Output, StoreError>>,
    reply: oneshot::Sender<Result<W::Output, StoreError>>,
}

/// What the writer does with any queued write.
trait Job: Send {
    /// Runs the write; `Err` only when the database failed (which aborts
    /// the batch), a refusal is kept as the job's outcome.
    fn run(&mut self, connection: &Connection) -> Result<(), StoreError>;
    /// Answers with the outcome, once committed.
    fn answer(self: Box<Self>);
    /// Answers with a failure instead.
    fn fail(self: Box<Self>, error: StoreError);
}

impl<W: Work> Job for Pending<W> {
    fn run(&mut self, connection: &Connection) -> Result<(), StoreError> {
        match self.work.run(connection) {
            Err(error) if aborts_batch(&error) => Err(error),
            outcome => {
                self.outcome = Some(outcome);
                Ok(())
            }
        }
    }

    fn answer(self: Box<Self>) {
        let outcome = self
            .outcome
            .unwrap_or_else(|| Err(StoreError::Corrupt("a write was answered unrun".into())));
        // The caller may have gone (its socket closed): the write stands.
        let _caller_gone = self.reply.send(outcome);
    }

    fn fail(self: Box<Self>, error: StoreError) {
        let _caller_gone = self.reply.send(Err(error));
    }
}

/// A failure of the database (or of what it gave back), as opposed to a
/// refusal decided before writing.
fn aborts_batch(error: &StoreError) -> bool {
    matches!(
        error,
        StoreError::Write(_) | StoreError::Sql(_) | StoreError::Corrupt(_)
    )
}

/// The handle on the writer thread; cheap to clone. The thread ends when
/// the last handle is dropped.
#[derive(Clone)]
pub(super) struct Writer {
    jobs: mpsc::Sender<Box<dyn Job>>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Writer").finish_non_exhaustive()
    }
}

impl Writer {
    /// Opens the writer's connection to the (migrated) database at `path`
    /// and starts its thread.
    pub(super) fn start(
        path: &Path,
        busy_timeout: Duration,
        turns: WriteTurns,
    ) -> Result<Writer, StoreError> {
        let connection = Connection::open(path)?;
        // The same durability as the pool: WAL, and the log synced on every
        // commit (never lower it; see `SqliteStore::open`).
        // Checkpoints are the checkpointer's, off this path.
        connection.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
             PRAGMA wal_autocheckpoint = 0;",
        )?;
        connection.busy_timeout(busy_timeout)?;
        connection.set_prepared_statement_cache_capacity(32);
        let (jobs, queue) = mpsc::channel(QUEUE);
        std::thread::Builder::new()
            .name("yorisoi-writer".into())
            .spawn(move || serve(&connection, queue, &turns))
            .map_err(|error| StoreError::Corrupt(format!("cannot start the writer: {error}")))?;
        Ok(Writer { jobs })
    }

    /// Queues `work` and waits until its batch is committed.
    pub(super) async fn write<W: Work>(&self, work: W) -> Result<W::Output, StoreError> {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(Pending {
            work,
            outcome: None,
            reply,
        });
        self.jobs
            .send(job)
            .await
            .map_err(|_| StoreError::WriterStopped)?;
        answer.await.map_err(|_| StoreError::WriterStopped)?
    }
}

/// The writer's loop: batch, commit, answer; until every handle is gone.
fn serve(connection: &Connection, mut queue: mpsc::Receiver<Box<dyn Job>>, turns: &WriteTurns) {
    let mut batch: Vec<Box<dyn Job>> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = queue.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let turn = turns.blocking_lock();
        let written = together(connection, &mut batch);
        drop(turn);
        match written {
            Ok(()) => batch.drain(..).for_each(|job| job.answer()),
            Err(error) if batch.len() == 1 => {
                if let Some(job) = batch.pop() {
                    job.fail(error);
                }
            }
            Err(error) => {
                tracing::warn!(%error, jobs = batch.len(), "a batch failed: writing its jobs one by one");
                for job in batch.drain(..) {
                    let turn = turns.blocking_lock();
                    alone(connection, job);
                    drop(turn);
                }
            }
        }
    }
}

/// Runs every job of the batch in one transaction and commits it; on a
/// failure rolls it all back.
fn together(connection: &Connection, batch: &mut [Box<dyn Job>]) -> Result<(), StoreError> {
    connection.execute_batch("BEGIN IMMEDIATE")?;
    let written = batch
        .iter_mut()
        .try_for_each(|job| job.run(connection))
        .and_then(|()| Ok(connection.execute_batch("COMMIT")?));
    if written.is_err() {
        // SQLite may have ended the transaction already (an I/O error
        // during `COMMIT` rolls back by itself), which is fine.
        if let Err(error) = connection.execute_batch("ROLLBACK") {
            tracing::debug!(%error, "rollback after a failed batch");
        }
    }
    written
}

/// Runs one job in its own transaction and answers it.
fn alone(connection: &Connection, job: Box<dyn Job>) {
    let mut batch = [job];
    let written = together(connection, &mut batch);
    let [job] = batch;
    match written {
        Ok(()) => job.answer(),
        Err(error) => job.fail(error),
    }
}
