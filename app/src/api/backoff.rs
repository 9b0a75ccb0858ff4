//! Reconnect delays: exponential from [`RECONNECT_MIN_MS`], capped at
//! [`RECONNECT_MAX_MS`], with jitter so that many widgets do not all return at
//! the same instant after a server restart. The attempt counter is reset only
//! once a connection has proved itself by lasting, so a server that accepts
//! and then drops us at once (or a resume that keeps finding a gap) is
//! retried ever more slowly instead of in a tight loop.

use yorisoi_protocol::limits::{RECONNECT_MAX_MS, RECONNECT_MIN_MS};

/// The delay before reconnect attempt `attempt` (0 for the first), given a
/// `jitter` in `0.0..1.0`: between half and all of the exponential delay.
pub fn delay_ms(attempt: u32, jitter: f64) -> u32 {
    let exponential = (f64::from(RECONNECT_MIN_MS) * 2f64.powi(attempt.min(16) as i32))
        .min(f64::from(RECONNECT_MAX_MS));
    (exponential * (0.5 + 0.5 * jitter.clamp(0.0, 1.0))) as u32
}

/// The attempt counter to use after a connection that lasted `lasted_ms`
/// (`None`: it never got greeted) was lost, given the counter before.
pub fn attempt_after_loss(attempt: u32, lasted_ms: Option<f64>) -> u32 {
    match lasted_ms {
        Some(lasted) if lasted >= f64::from(RECONNECT_MAX_MS) => 0,
        _ => attempt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_stop_at_the_cap() {
        assert_eq!(delay_ms(0, 1.0), RECONNECT_MIN_MS);
        assert_eq!(delay_ms(0, 0.0), RECONNECT_MIN_MS / 2);
        assert_eq!(delay_ms(3, 1.0), 8 * RECONNECT_MIN_MS);
        assert_eq!(delay_ms(20, 1.0), RECONNECT_MAX_MS);
        assert_eq!(delay_ms(20, 0.0), RECONNECT_MAX_MS / 2);
        assert!(delay_ms(u32::MAX, 0.99) <= RECONNECT_MAX_MS);
    }

    #[test]
    fn only_a_lasting_connection_resets_the_backoff() {
        assert_eq!(attempt_after_loss(5, None), 5);
        assert_eq!(attempt_after_loss(5, Some(1_000.0)), 5);
        assert_eq!(attempt_after_loss(5, Some(f64::from(RECONNECT_MAX_MS))), 0);
    }
}
