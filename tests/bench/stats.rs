//! Latency samples and their summary (p50, p99, max), and the bench's one
//! time base: every timestamp a message carries in its body is microseconds
//! since [`epoch`], so the process that sent it and the one that received
//! it (the same process) compare them without a shared table.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::Serialize;

/// The instant the bench started; message bodies carry times relative to it.
pub fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

/// Microseconds since [`epoch`].
pub fn micros_now() -> u64 {
    micros(epoch().elapsed())
}

/// A duration in whole microseconds (saturating).
pub fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

/// Milliseconds as a float, for reports.
pub fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// A summary of latency samples, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Latency {
    /// How many samples.
    pub count: usize,
    /// Median.
    pub p50_ms: f64,
    /// 99th percentile (nearest rank).
    pub p99_ms: f64,
    /// Largest.
    pub max_ms: f64,
}

impl Latency {
    /// Summarises samples in microseconds; `None` when there are none.
    pub fn of(samples: &[u64]) -> Option<Latency> {
        if samples.is_empty() {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        let at = |fraction: f64| {
            // Nearest rank: the smallest sample with at least `fraction` of
            // the samples at or below it.
            let rank = (fraction * sorted.len() as f64).ceil() as usize;
            sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
        };
        Some(Latency {
            count: sorted.len(),
            p50_ms: at(0.50),
            p99_ms: at(0.99),
            max_ms: sorted[sorted.len() - 1] as f64 / 1000.0,
        })
    }
}

/// `value / floor`, when both exist and the floor is not zero.
pub fn ratio(value: Option<f64>, floor: Option<f64>) -> Option<f64> {
    match (value, floor) {
        (Some(value), Some(floor)) if floor > 0.0 => Some(value / floor),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let samples: Vec<u64> = (1..=100).map(|n| n * 1000).collect();
        let latency = Latency::of(&samples).expect("samples");
        assert_eq!(latency.count, 100);
        assert_eq!(latency.p50_ms, 50.0);
        assert_eq!(latency.p99_ms, 99.0);
        assert_eq!(latency.max_ms, 100.0);
        assert_eq!(Latency::of(&[]), None);
        let one = Latency::of(&[2500]).expect("one sample");
        assert_eq!((one.p50_ms, one.p99_ms, one.max_ms), (2.5, 2.5, 2.5));
    }
}
