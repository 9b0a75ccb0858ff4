//! Noticing a dead connection. A WebSocket whose network vanished (a phone
//! leaving Wi-Fi, a laptop waking up) may stay "open" for minutes; only
//! silence tells. After each probe (a `Ping`, or the greeting we wait for on
//! open) some frame must arrive within [`HEARTBEAT_TIMEOUT_MS`], or the
//! connection is declared dead and replaced. Pure, so it is tested natively.

use yorisoi_protocol::limits::HEARTBEAT_TIMEOUT_MS;

/// The heartbeat of one connection; times are ms from any monotonic clock.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Heartbeat {
    /// When the oldest probe still unanswered went out.
    waiting_since: Option<f64>,
}

impl Heartbeat {
    /// A probe went out at `now` (the first unanswered one counts).
    pub fn probe(&mut self, now: f64) {
        self.waiting_since.get_or_insert(now);
    }

    /// A frame arrived: the connection is alive.
    pub fn frame(&mut self) {
        self.waiting_since = None;
    }

    /// True when a probe has gone unanswered for the whole timeout.
    pub fn is_dead(&self, now: f64) -> bool {
        self.waiting_since
            .is_some_and(|since| now - since >= f64::from(HEARTBEAT_TIMEOUT_MS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMEOUT: f64 = HEARTBEAT_TIMEOUT_MS as f64;

    #[test]
    fn silence_after_a_probe_is_death() {
        let mut heartbeat = Heartbeat::default();
        assert!(!heartbeat.is_dead(1e9), "no probe, no verdict");
        heartbeat.probe(100.0);
        heartbeat.probe(5_000.0); // a later probe does not extend the wait
        assert!(!heartbeat.is_dead(100.0 + TIMEOUT - 1.0));
        assert!(heartbeat.is_dead(100.0 + TIMEOUT));
    }

    #[test]
    fn any_frame_answers_the_probe() {
        let mut heartbeat = Heartbeat::default();
        heartbeat.probe(0.0);
        heartbeat.frame();
        assert!(!heartbeat.is_dead(TIMEOUT * 10.0));
    }
}
