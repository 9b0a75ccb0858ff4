//! Password checks on a few threads of their own. Argon2 needs ~19 MiB per
//! check; run on tokio's blocking pool, each check may land on another of
//! its hundreds of threads, and glibc keeps a freed 19 MiB block in each
//! thread's arena, so a login flood left the server at 1.76 GB for good.
//! Here `password_hash_concurrency` threads do every check, in turn, each in
//! the one block of memory it keeps ([`Verifier`]): memory stays at that
//! many blocks whatever the flood, and a waiting login costs only its place
//! in the queue (login limits bound the queue).

use std::sync::Mutex;
use std::sync::mpsc;

use crate::secrets::Verifier;

/// One check: the hash, the password, and where to send the answer.
type Job = (String, String, tokio::sync::oneshot::Sender<bool>);

/// The checking threads; cheap to share.
#[derive(Debug)]
pub struct PasswordPool {
    /// The queue the threads take jobs from. A std `Mutex` held only to
    /// hand a job over, never across an `.await`.
    jobs: Mutex<mpsc::Sender<Job>>,
}

impl PasswordPool {
    /// Starts `threads` checking threads (at least one).
    pub fn new(threads: u32) -> std::io::Result<Self> {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = std::sync::Arc::new(Mutex::new(receiver));
        for n in 0..threads.max(1) {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("yorisoi-password-{n}"))
                .spawn(move || {
                    // Each thread keeps one block of argon2 memory for good.
                    let mut verifier = Verifier::new();
                    loop {
                        let job = {
                            let queue = receiver
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner);
                            queue.recv()
                        };
                        // The pool was dropped: no more checks will come.
                        let Ok((hash, password, answer)) = job else {
                            return;
                        };
                        let _asker_gone = answer.send(verifier.verify(&hash, &password));
                    }
                })?;
        }
        Ok(PasswordPool {
            jobs: Mutex::new(sender),
        })
    }

    /// True when `password` matches `hash`; `None` if the pool is gone.
    pub async fn verify(&self, hash: String, password: String) -> Option<bool> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        {
            let jobs = self
                .jobs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            jobs.send((hash, password, answer)).ok()?;
        }
        answered.await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::hash_password;

    #[tokio::test]
    async fn checks_run_on_the_pool_and_answer_each_asker() {
        let pool = PasswordPool::new(2).expect("threads");
        let hash = hash_password("correct horse", crate::clock::os_random).expect("hash");
        let (right, wrong) = tokio::join!(
            pool.verify(hash.clone(), "correct horse".into()),
            pool.verify(hash, "wrong".into()),
        );
        assert_eq!((right, wrong), (Some(true), Some(false)));
    }
}
