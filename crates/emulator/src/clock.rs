//! The emulator's clock: the real clock shifted by a settable offset, plus the date formats the
//! two APIs use (RFC 7231 `Date` headers, Huawei `X-Sdk-Date`).

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use secretmanager_core::time::UtcDateTime;

/// Milliseconds in one day.
pub(crate) const DAY_MS: i64 = 86_400_000;

/// The real clock plus an offset in milliseconds.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// Sets the offset added to the real clock.
    pub(crate) fn set_offset_ms(&self, offset_ms: i64) {
        self.offset_ms.store(offset_ms, Ordering::SeqCst);
    }

    /// The current offset.
    pub(crate) fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::SeqCst)
    }

    /// The emulator's time, in milliseconds since the epoch.
    pub(crate) fn now_ms(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        real.saturating_add(self.offset_ms())
    }
}

/// `Wed, 25 Nov 2026 14:49:44 GMT` for a time in milliseconds since the epoch; a time outside
/// 1970..=9999 (reachable with a hostile clock offset) is clamped into it.
pub(crate) fn http_date(ms: i64) -> String {
    let date = u64::try_from(ms).map_or(Some(UtcDateTime::MIN), UtcDateTime::from_epoch_millis);
    date.unwrap_or(UtcDateTime::MAX).to_http_date()
}

/// Parses a Huawei `X-Sdk-Date` (`YYYYMMDDTHHMMSSZ`) into milliseconds since the epoch.
pub(crate) fn parse_sdk_date(text: &str) -> Option<i64> {
    let date = UtcDateTime::parse_sdk_date(text).ok()?;
    i64::try_from(date.epoch_millis()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_date_matches_rfc_7231_examples() {
        // RFC 7231 example: Sun, 06 Nov 1994 08:49:37 GMT = 784111777.
        assert_eq!(http_date(784_111_777_000), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(951_782_400_000), "Tue, 29 Feb 2000 00:00:00 GMT");
        // A hostile offset cannot push the header out of its four-digit-year form.
        assert_eq!(http_date(-1), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(i64::MIN), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(i64::MAX), "Fri, 31 Dec 9999 23:59:59 GMT");
    }

    #[test]
    fn sdk_date_round_trips() {
        let ms = 1_795_521_600_000; // 2026-11-24T12:00:00Z
        let formatted = UtcDateTime::from_epoch_millis(ms as u64).unwrap().to_sdk_date();
        assert_eq!(formatted, "20261124T120000Z");
        assert_eq!(parse_sdk_date("20261124T120000Z"), Some(ms));
        for bad in ["", "20261124120000Z", "20261324T120000Z", "2026112xT120000Z", "20261124T120000"] {
            assert_eq!(parse_sdk_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn offset_moves_the_clock() {
        let clock = Clock::default();
        let before = clock.now_ms();
        clock.set_offset_ms(-3_600_000);
        let after = clock.now_ms();
        assert!(after < before - 3_000_000);
        assert_eq!(clock.offset_ms(), -3_600_000);
    }
}
