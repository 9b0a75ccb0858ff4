//! The seams through which time and randomness enter the server, so tests
//! can fix them: a [`Clock`] for "now" and a [`RandomSource`] for tokens,
//! session ids and salts. Nothing else in the crate reads the system time or
//! the OS generator directly.

use std::sync::atomic::{AtomicI64, Ordering};

/// Tells the time, in milliseconds since the Unix epoch.
pub trait Clock: Send + Sync + 'static {
    /// Now.
    fn now_ms(&self) -> i64;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
    }
}

/// A clock that only moves when told to, for tests.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock showing `now_ms`.
    pub fn new(now_ms: i64) -> Self {
        ManualClock(AtomicI64::new(now_ms))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by_ms: i64) {
        self.0.fetch_add(by_ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The real clock moved forward by a settable amount: for tests of the
/// whole server that expire sessions or refill limits without waiting, while
/// time still passes normally between their steps.
#[derive(Debug, Default)]
pub struct ShiftedClock(AtomicI64);

impl ShiftedClock {
    /// A clock showing real time.
    pub fn new() -> Self {
        ShiftedClock::default()
    }

    /// Moves the clock forward.
    pub fn advance(&self, by_ms: i64) {
        self.0.fetch_add(by_ms, Ordering::SeqCst);
    }
}

impl Clock for ShiftedClock {
    fn now_ms(&self) -> i64 {
        SystemClock
            .now_ms()
            .saturating_add(self.0.load(Ordering::SeqCst))
    }
}

/// Produces 32 unpredictable bytes (256 bits: tokens, session ids, salts).
pub type RandomSource = fn() -> [u8; 32];

/// The real generator: `rand`'s thread-local CSPRNG, seeded from the OS.
pub fn os_random() -> [u8; 32] {
    rand::random()
}
