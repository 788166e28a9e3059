//! The cache's clock: monotonic and cheap to read, at most a scheduler tick coarse.
//!
//! Every hit checks its entry's age, so the clock is read on every read. On Linux it is the
//! coarse monotonic clock, read through libc (which valgrind and other tools understand): a
//! few nanoseconds where `Instant::now` costs twenty or more, moving once a scheduler tick
//! (1 to 10 ms). TTLs are seconds; a few milliseconds make no difference to them. Elsewhere
//! the clock is `Instant`.

use std::ops::{Add, Sub};
use std::time::Duration;

/// A point in time: nanoseconds on the cache's monotonic clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Moment(u64);

impl Moment {
    /// Now.
    pub(crate) fn now() -> Self {
        Self(now_nanos())
    }

    /// Milliseconds since the clock's origin: the order of reads, for the LRU bound.
    pub(crate) fn millis(self) -> u64 {
        self.0 / 1_000_000
    }
}

impl Add<Duration> for Moment {
    type Output = Self;

    /// Saturates: a TTL of `Duration::MAX` never ends.
    fn add(self, duration: Duration) -> Self {
        let nanos = u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX);
        Self(self.0.saturating_add(nanos))
    }
}

impl Sub<Duration> for Moment {
    type Output = Self;

    /// Saturates at the clock's origin.
    fn sub(self, duration: Duration) -> Self {
        let nanos = u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX);
        Self(self.0.saturating_sub(nanos))
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn now_nanos() -> u64 {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::MonotonicCoarse);
    let seconds = u64::try_from(now.tv_sec).unwrap_or(0);
    let nanos = u64::try_from(now.tv_nsec).unwrap_or(0);
    seconds.saturating_mul(1_000_000_000).saturating_add(nanos)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn now_nanos() -> u64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    let origin = *ORIGIN.get_or_init(Instant::now);
    u64::try_from(origin.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_forward_and_sums_saturate() {
        let before = Moment::now();
        std::thread::sleep(Duration::from_millis(25));
        let after = Moment::now();
        assert!(after > before, "{before:?} then {after:?}");
        assert!(after.millis() - before.millis() >= 10, "{before:?} then {after:?}");
        assert_eq!(before + Duration::MAX, Moment(u64::MAX));
        assert_eq!(Moment(5) + Duration::from_nanos(7), Moment(12));
        assert_eq!(Moment(5) - Duration::from_nanos(7), Moment(0));
    }
}
