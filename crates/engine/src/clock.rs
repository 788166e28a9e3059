//! The local clock, corrected by an offset learned from the server when the gateway refused a
//! signature because the local clock was wrong.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secretmanager_core::time::UtcDateTime;

/// How far the server's `Date` may be from the local clock before the offset is corrected.
pub(crate) const SKEW_TOLERANCE: Duration = Duration::from_secs(60);

/// A clock offset shared by every clone of a client (and every thread using it).
#[derive(Debug, Clone, Default)]
pub(crate) struct SkewedClock {
    offset_ms: Arc<AtomicI64>,
}

impl SkewedClock {
    /// The local time plus the learned offset: the time to sign requests with.
    pub(crate) fn now(&self) -> SystemTime {
        let local = SystemTime::now();
        let corrected = shift(local, self.offset_ms());
        if signable(corrected) { corrected } else { local }
    }

    /// The learned offset in milliseconds (server minus local); 0 until one is learned.
    pub(crate) fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// Sets the offset explicitly.
    pub(crate) fn set_offset_ms(&self, offset_ms: i64) {
        self.offset_ms.store(offset_ms, Ordering::Relaxed);
    }

    /// Compares the server's `Date` with the local time the answer arrived at (corrected by
    /// the current offset). If they differ by more than [`SKEW_TOLERANCE`], stores the new
    /// offset and returns `true`.
    pub(crate) fn observe(&self, server_date: SystemTime, local_received: SystemTime) -> bool {
        let current = self.offset_ms();
        let corrected = shift(local_received, current);
        let diff = signed_millis(server_date).saturating_sub(signed_millis(corrected));
        if diff.unsigned_abs() as u128 <= SKEW_TOLERANCE.as_millis() {
            return false;
        }
        let learned = current.saturating_add(diff);
        // An offset that puts the signing time where no request can be dated (before 1970,
        // after 9999) would make every later request unbuildable: discard it.
        if !signable(shift(local_received, learned)) {
            return false;
        }
        self.set_offset_ms(learned);
        true
    }
}

/// Whether a request can be signed at `t`: both providers' date formats hold it.
fn signable(t: SystemTime) -> bool {
    UtcDateTime::from_system_time(t).is_some()
}

fn signed_millis(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

fn shift(t: SystemTime, offset_ms: i64) -> SystemTime {
    let magnitude = Duration::from_millis(offset_ms.unsigned_abs());
    if offset_ms >= 0 { t.checked_add(magnitude).unwrap_or(t) } else { t.checked_sub(magnitude).unwrap_or(t) }
}

/// Parses an HTTP date in the IMF-fixdate form every server sends
/// (`Sun, 06 Nov 1994 08:49:37 GMT`); `None` for anything else, or a date before 1970 or after
/// 9999.
pub fn parse_http_date(text: &str) -> Option<SystemTime> {
    UtcDateTime::parse_http_date(text).ok().map(UtcDateTime::to_system_time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_imf_fixdate() {
        let t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(t.duration_since(UNIX_EPOCH).unwrap().as_secs(), 784_111_777);
        let t = parse_http_date("Wed, 25 Nov 2026 14:49:45 GMT").unwrap();
        assert_eq!(t.duration_since(UNIX_EPOCH).unwrap().as_secs(), 1_795_618_185);
        for bad in [
            "",
            "yesterday",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            // Years that would overflow the day arithmetic, or predate the epoch.
            "Sun, 06 Nov 9223372036854775807 08:49:37 GMT",
            "Sun, 06 Nov 99999999999999 08:49:37 GMT",
            "Sun, 06 Nov -9223372036854775808 08:49:37 GMT",
            "Sun, 06 Nov 1969 08:49:37 GMT",
        ] {
            assert!(parse_http_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn small_differences_are_ignored_and_large_ones_learned() {
        let clock = SkewedClock::default();
        let local = UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert!(!clock.observe(local + Duration::from_secs(30), local));
        assert_eq!(clock.offset_ms(), 0);
        assert!(clock.observe(local + Duration::from_secs(600), local));
        assert_eq!(clock.offset_ms(), 600_000);
        // Once corrected, the same server time is within tolerance.
        assert!(!clock.observe(local + Duration::from_secs(600), local));
        assert!(clock.observe(local - Duration::from_secs(300), local));
        assert_eq!(clock.offset_ms(), -300_000);
    }

    #[test]
    fn an_offset_that_would_make_requests_undatable_is_discarded() {
        let clock = SkewedClock::default();
        let local = SystemTime::now();
        let year_9999 = parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT").unwrap();
        // A server past 9999-12-31 23:59:59, or before 1970: no request could be dated with
        // that offset. Discarded.
        assert!(!clock.observe(year_9999 + Duration::from_secs(1), local));
        assert!(!clock.observe(UNIX_EPOCH - Duration::from_secs(1), local));
        assert_eq!(clock.offset_ms(), 0);
        // A sane server clock is still learned afterwards.
        assert!(clock.observe(local + Duration::from_secs(3600), local));
        assert_eq!(clock.offset_ms(), 3_600_000);
        // An offset set by hand that is out of range signs with the local time.
        clock.set_offset_ms(i64::MAX);
        assert!(signable(clock.now()));
        clock.set_offset_ms(i64::MIN);
        assert!(signable(clock.now()));
        // Learning from there cannot overflow, and leaves a clock that can date requests.
        for server in [local, local + Duration::from_secs(3600), UNIX_EPOCH] {
            clock.set_offset_ms(i64::MIN);
            let _ = clock.observe(server, local);
            assert!(signable(clock.now()));
            clock.set_offset_ms(i64::MAX);
            let _ = clock.observe(server, local);
            assert!(signable(clock.now()));
        }
    }

    #[test]
    fn clones_share_the_offset() {
        let clock = SkewedClock::default();
        let other = clock.clone();
        clock.set_offset_ms(-5000);
        assert_eq!(other.offset_ms(), -5000);
        let now = SystemTime::now();
        assert!(other.now() < now);
    }
}
