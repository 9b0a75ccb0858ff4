//! Reconnect delays: exponential from half a second, capped at 30 s, with
//! jitter so that many widgets do not all return at the same instant after a
//! server restart.

/// First retry delay, in ms.
const BASE_MS: f64 = 500.0;
/// Longest delay, in ms.
const CAP_MS: f64 = 30_000.0;

/// The delay before reconnect attempt `attempt` (0 for the first), given a
/// `jitter` in `0.0..1.0`: between half and all of the exponential delay.
pub fn delay_ms(attempt: u32, jitter: f64) -> u32 {
    let exponential = (BASE_MS * 2f64.powi(attempt.min(16) as i32)).min(CAP_MS);
    (exponential * (0.5 + 0.5 * jitter.clamp(0.0, 1.0))) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_stop_at_the_cap() {
        assert_eq!(delay_ms(0, 1.0), 500);
        assert_eq!(delay_ms(3, 1.0), 4_000);
        assert_eq!(delay_ms(20, 1.0), 30_000);
        assert_eq!(delay_ms(20, 0.0), 15_000);
        assert!(delay_ms(u32::MAX, 0.99) <= 30_000);
    }
}
