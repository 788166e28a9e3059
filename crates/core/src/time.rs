//! Calendar dates in the two text forms the SDK meets on the wire, with no clock read here:
//!
//! * the Huawei `X-Sdk-Date` form, `YYYYMMDDTHHMMSSZ` (basic ISO 8601, UTC), which requests are
//!   signed with;
//! * the RFC 7231 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`, which servers send in `Date`
//!   and `Retry-After` headers.
//!
//! [`UtcDateTime`] is a UTC instant with whole-second precision between
//! 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the span both forms can write with a
//! four-digit year. It converts to and from [`SystemTime`] and milliseconds since the Unix
//! epoch; the calendar arithmetic is the proleptic Gregorian days-to-civil / civil-to-days
//! algorithm of Howard Hinnant. No input makes anything here panic.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use secretmanager_core::time::UtcDateTime;
//!
//! let date = UtcDateTime::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT")?;
//! assert_eq!(date.epoch_millis(), 784_111_777_000);
//! assert_eq!(date.to_sdk_date(), "19941106T084937Z");
//! assert_eq!(date.to_system_time(), UNIX_EPOCH + Duration::from_secs(784_111_777));
//! # Ok::<(), secretmanager_core::time::ParseDateError>(())
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::validate::{Rule, ValidationError};

/// Seconds in one day.
const DAY_SECS: u64 = 86_400;
/// Seconds since the epoch of 9999-12-31T23:59:59Z, the last representable instant.
const MAX_SECS: u64 = 253_402_300_799;
/// Day names, Sunday first (1970-01-01 was a Thursday, index 4).
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/// Month names as IMF-fixdate writes them.
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A UTC instant with whole-second precision, from 1970-01-01T00:00:00Z ([`UtcDateTime::MIN`])
/// to 9999-12-31T23:59:59Z ([`UtcDateTime::MAX`]).
///
/// ```
/// use secretmanager_core::time::UtcDateTime;
///
/// let date = UtcDateTime::from_epoch_millis(1_795_521_600_999).expect("in range");
/// assert_eq!(date.to_sdk_date(), "20261124T120000Z");
/// assert_eq!(date.to_http_date(), "Tue, 24 Nov 2026 12:00:00 GMT");
/// assert_eq!(UtcDateTime::parse_sdk_date("20261124T120000Z"), Ok(date));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcDateTime {
    /// Seconds since the epoch, at most [`MAX_SECS`].
    secs: u64,
}

impl UtcDateTime {
    /// The Unix epoch, 1970-01-01T00:00:00Z: the earliest representable instant.
    pub const MIN: UtcDateTime = UtcDateTime { secs: 0 };
    /// 9999-12-31T23:59:59Z: the latest representable instant.
    pub const MAX: UtcDateTime = UtcDateTime { secs: MAX_SECS };

    /// The instant `millis` milliseconds after the epoch, truncated to the second; `None` after
    /// [`UtcDateTime::MAX`].
    pub fn from_epoch_millis(millis: u64) -> Option<Self> {
        Self::from_epoch_secs(millis / 1_000)
    }

    /// The instant `time`, truncated to the second; `None` before the epoch or after
    /// [`UtcDateTime::MAX`].
    pub fn from_system_time(time: SystemTime) -> Option<Self> {
        Self::from_epoch_secs(time.duration_since(UNIX_EPOCH).ok()?.as_secs())
    }

    /// Milliseconds since the epoch (always a whole number of seconds).
    pub fn epoch_millis(self) -> u64 {
        // At most 253_402_300_799_000: far from overflowing.
        self.secs * 1_000
    }

    /// The instant as a [`SystemTime`].
    pub fn to_system_time(self) -> SystemTime {
        // Year 9999 is within the range of `SystemTime` on every platform Rust supports.
        UNIX_EPOCH + Duration::from_secs(self.secs)
    }

    /// The Huawei `X-Sdk-Date` form: `YYYYMMDDTHHMMSSZ`.
    pub fn to_sdk_date(self) -> String {
        let c = Civil::from_epoch_secs(self.secs);
        format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", c.year, c.month, c.day, c.hour, c.minute, c.second)
    }

    /// The RFC 7231 IMF-fixdate form: `Wed, 25 Nov 2026 14:49:44 GMT`.
    pub fn to_http_date(self) -> String {
        let c = Civil::from_epoch_secs(self.secs);
        let weekday = WEEKDAYS.get(c.weekday).copied().unwrap_or("Sun");
        let month = MONTHS.get(c.month.saturating_sub(1) as usize).copied().unwrap_or("Jan");
        format!(
            "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
            c.day, c.year, c.hour, c.minute, c.second
        )
    }

    /// Parses the Huawei `X-Sdk-Date` form, exactly `YYYYMMDDTHHMMSSZ` (16 ASCII characters).
    ///
    /// Month 1–12, day 1–31, hour 0–23, minute 0–59 and second 0–60 are accepted; a day past
    /// the end of its month or a leap second carries into what follows (`20260231T000000Z` is
    /// 2026-03-03). Dates outside [`UtcDateTime::MIN`]..=[`UtcDateTime::MAX`] are refused.
    ///
    /// ```
    /// use secretmanager_core::time::UtcDateTime;
    ///
    /// let date = UtcDateTime::parse_sdk_date("20191115T033655Z")?;
    /// assert_eq!(date.epoch_millis(), 1_573_789_015_000);
    /// assert!(UtcDateTime::parse_sdk_date("2019-11-15T03:36:55Z").is_err());
    /// # Ok::<(), secretmanager_core::time::ParseDateError>(())
    /// ```
    pub fn parse_sdk_date(text: &str) -> Result<Self, ParseDateError> {
        let error = ParseDateError { form: DateForm::SdkDate };
        let bytes = text.as_bytes();
        if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
            return Err(error);
        }
        let number = |range: std::ops::Range<usize>| -> Option<u64> {
            let digits = bytes.get(range)?;
            digits
                .iter()
                .try_fold(0_u64, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u64::from(b - b'0')))
        };
        let parsed = (|| {
            let year = i64::try_from(number(0..4)?).ok()?;
            let (month, day) = (number(4..6)?, number(6..8)?);
            let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
            Self::from_fields(year, month, day, hour, minute, second)
        })();
        parsed.ok_or(error)
    }

    /// Parses an HTTP date in the IMF-fixdate form every server sends
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`).
    ///
    /// The parser is lenient where servers are sloppy: surrounding and repeated whitespace is
    /// ignored, the day name is not checked, and day, year and time are read as decimal
    /// numbers of any width. The year must be 1–9999, the month an English three-letter name,
    /// the zone `GMT`; day, hour, minute and second ranges and carrying are as in
    /// [`UtcDateTime::parse_sdk_date`]. Dates before the epoch are refused.
    ///
    /// ```
    /// use secretmanager_core::time::UtcDateTime;
    ///
    /// let date = UtcDateTime::parse_http_date("Wed, 25 Nov 2026 14:49:45 GMT")?;
    /// assert_eq!(date.epoch_millis(), 1_795_618_185_000);
    /// assert!(UtcDateTime::parse_http_date("Sun, 06 Nov 1969 08:49:37 GMT").is_err());
    /// # Ok::<(), secretmanager_core::time::ParseDateError>(())
    /// ```
    pub fn parse_http_date(text: &str) -> Result<Self, ParseDateError> {
        Self::parse_http_date_fields(text).ok_or(ParseDateError { form: DateForm::HttpDate })
    }

    fn parse_http_date_fields(text: &str) -> Option<Self> {
        let mut parts = text.trim().split_ascii_whitespace();
        let _weekday = parts.next()?;
        let day: u64 = parts.next()?.parse().ok()?;
        let month_name = parts.next()?;
        let month = MONTHS.iter().position(|m| *m == month_name)? as u64 + 1;
        let year: i64 = parts.next()?.parse().ok()?;
        let mut hms = parts.next()?.split(':');
        let hour: u64 = hms.next()?.parse().ok()?;
        let minute: u64 = hms.next()?.parse().ok()?;
        let second: u64 = hms.next()?.parse().ok()?;
        if parts.next()? != "GMT" || !(1..=9999).contains(&year) {
            return None;
        }
        Self::from_fields(year, month, day, hour, minute, second)
    }

    /// The instant of a calendar date and time after range checks; `None` outside them or
    /// outside `MIN..=MAX`.
    fn from_fields(year: i64, month: u64, day: u64, hour: u64, minute: u64, second: u64) -> Option<Self> {
        if !(0..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        // All bounded above, so nothing below can overflow.
        let days = u64::try_from(days_from_civil(year, month, day)).ok()?;
        Self::from_epoch_secs(days * DAY_SECS + hour * 3_600 + minute * 60 + second)
    }

    fn from_epoch_secs(secs: u64) -> Option<Self> {
        (secs <= MAX_SECS).then_some(Self { secs })
    }
}

/// Which text form a [`ParseDateError`] concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateForm {
    SdkDate,
    HttpDate,
}

/// The text is not a valid date in the expected form, or is outside the representable span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseDateError {
    form: DateForm,
}

impl fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.form {
            DateForm::SdkDate => f.write_str(
                "invalid X-Sdk-Date: expected YYYYMMDDTHHMMSSZ between 1970 and 9999",
            ),
            DateForm::HttpDate => f.write_str(
                "invalid HTTP date: expected an IMF-fixdate like `Sun, 06 Nov 1994 08:49:37 GMT` between 1970 and 9999",
            ),
        }
    }
}

impl std::error::Error for ParseDateError {}

/// A UTC calendar date and time of day, split out of epoch seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// Index into [`WEEKDAYS`], Sunday = 0.
    weekday: usize,
}

impl Civil {
    /// Splits seconds since the epoch into a proleptic Gregorian UTC date and time
    /// (days-to-civil). Callers pass at most [`MAX_SECS`].
    fn from_epoch_secs(secs: u64) -> Self {
        let days = (secs / DAY_SECS) as i64;
        let rem = (secs % DAY_SECS) as u32;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year,
            month,
            day,
            hour: rem / 3_600,
            minute: rem % 3_600 / 60,
            second: rem % 60,
            weekday: (days + 4).rem_euclid(7) as usize,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (civil-to-days). Callers pass a year in
/// `0..=9999`, a month in `1..=12` and a day in `1..=31`.
fn days_from_civil(year: i64, month: u64, day: u64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Milliseconds since the Unix epoch (negative before it) of an RFC 3339 date-time:
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, the `T` also as `t` or a space and `Z` as `z`.
/// The fraction is truncated to the millisecond. `None` for any other text, including a
/// date-time without a zone (its instant is unknown) and fields out of range (day past 31,
/// hour past 23, minute past 59, second past 60).
pub(crate) fn rfc3339_epoch_millis(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        bytes
            .get(range)?
            .iter()
            .try_fold(0_i64, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0')))
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(at, sep)| bytes.get(at) != Some(&sep))
        || !matches!(bytes.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    let mut millis = 0;
    if bytes.get(at) == Some(&b'.') {
        let digits =
            bytes.get(at + 1..).unwrap_or_default().iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        let kept = digits.min(3);
        millis = number(at + 1..at + 1 + kept)? * [100, 10, 1][kept - 1];
        at += 1 + digits;
    }
    let offset_minutes = match bytes.get(at..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (number(at + 1..at + 3)?, number(at + 4..at + 6)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let magnitude = hours * 60 + minutes;
            if *sign == b'-' { -magnitude } else { magnitude }
        }
        _ => return None,
    };
    // Year, month and day are bounded by their digit counts, so nothing below can overflow.
    let days = days_from_civil(year, month.unsigned_abs(), day.unsigned_abs());
    let secs = days * DAY_SECS as i64 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(secs * 1_000 + millis)
}

/// Milliseconds since the Unix epoch, or a validation error for a time before it.
pub(crate) fn epoch_millis(time: SystemTime) -> Result<u64, ValidationError> {
    let since = time
        .duration_since(UNIX_EPOCH)
        .map_err(|_| ValidationError::new("timestamp", Rule::BeforeUnixEpoch))?;
    u64::try_from(since.as_millis()).map_err(|_| ValidationError::new("timestamp", Rule::BeforeUnixEpoch))
}

/// The `X-Sdk-Date` form of `time`: `YYYYMMDDTHHMMSSZ` (UTC), or a validation error for a time
/// before the epoch or after 9999-12-31T23:59:59Z.
pub(crate) fn basic_iso8601(time: SystemTime) -> Result<String, ValidationError> {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map_err(|_| ValidationError::new("timestamp", Rule::BeforeUnixEpoch))?
        .as_secs();
    let date = UtcDateTime::from_epoch_secs(secs).ok_or_else(|| {
        ValidationError::new(
            "timestamp",
            Rule::Range { min: 0, max: MAX_SECS as i64, actual: i64::try_from(secs).unwrap_or(i64::MAX) },
        )
    })?;
    Ok(date.to_sdk_date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(secs: u64) -> UtcDateTime {
        UtcDateTime::from_epoch_secs(secs).unwrap()
    }

    #[test]
    fn formats_known_dates() {
        let cases = [
            (0, "19700101T000000Z"),
            (951_782_400, "20000229T000000Z"),
            (1_573_789_015, "20191115T033655Z"),
            (1_795_521_600, "20261124T120000Z"),
            (4_102_444_799, "20991231T235959Z"),
            (MAX_SECS, "99991231T235959Z"),
        ];
        for (secs, expected) in cases {
            assert_eq!(at(secs).to_sdk_date(), expected);
            assert_eq!(UtcDateTime::parse_sdk_date(expected), Ok(at(secs)), "{expected}");
        }
    }

    #[test]
    fn rfc3339_dates_parse_to_epoch_millis() {
        let ms = rfc3339_epoch_millis;
        assert_eq!(ms("2025-07-21T03:06:36Z"), Some(1_753_067_196_000));
        assert_eq!(ms("2025-07-21t03:06:36.123456z"), Some(1_753_067_196_123));
        assert_eq!(ms("2025-07-21 12:06:36.5+09:00"), Some(1_753_067_196_500));
        assert_eq!(ms("2025-07-20T22:36:36-04:30"), Some(1_753_067_196_000));
        assert_eq!(ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(ms("1969-12-31T23:59:59.999Z"), Some(-1));
        assert_eq!(ms("0000-01-01T00:00:00Z"), Some(-62_167_219_200_000));
        assert_eq!(ms("9999-12-31T23:59:60.999+00:00"), Some(253_402_300_800_999));
        for bad in [
            "",
            "2025-07-21",
            "2025-07-21T03:06:36",
            "2025-07-21T03:06:36+0900",
            "2025-07-21T03:06:36.Z",
            "2025-13-21T03:06:36Z",
            "2025-07-32T03:06:36Z",
            "2025-07-21T24:06:36Z",
            "2025-07-21T03:06:36+24:00",
            "2025-07-21T03:06:36Zjunk",
            "+025-07-21T03:06:36Z",
            "2025/07/21T03:06:36Z",
            "1753067196000",
        ] {
            assert_eq!(ms(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn times_before_the_epoch_are_rejected() {
        let before = UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(epoch_millis(before).unwrap_err().rule, Rule::BeforeUnixEpoch);
        assert_eq!(epoch_millis(UNIX_EPOCH + Duration::from_millis(1_234)).unwrap(), 1_234);
        assert_eq!(basic_iso8601(before).unwrap_err().field, "timestamp");
        assert_eq!(
            basic_iso8601(UNIX_EPOCH + Duration::from_millis(1_795_521_600_999)).unwrap(),
            "20261124T120000Z"
        );
        assert_eq!(UtcDateTime::from_system_time(before), None);
    }

    #[test]
    fn times_after_year_9999_are_rejected() {
        let after = UNIX_EPOCH + Duration::from_secs(MAX_SECS + 1);
        assert_eq!(UtcDateTime::from_system_time(after), None);
        assert_eq!(UtcDateTime::from_epoch_millis((MAX_SECS + 1) * 1_000), None);
        assert_eq!(UtcDateTime::from_epoch_millis(u64::MAX), None);
        let err = basic_iso8601(after).unwrap_err();
        assert_eq!(err.field, "timestamp");
        assert!(matches!(err.rule, Rule::Range { min: 0, max, .. } if max == MAX_SECS as i64));
        assert_eq!(UtcDateTime::from_epoch_millis(MAX_SECS * 1_000 + 999), Some(UtcDateTime::MAX));
        assert_eq!(UtcDateTime::MAX.to_http_date(), "Fri, 31 Dec 9999 23:59:59 GMT");
        assert_eq!(UtcDateTime::MIN.to_system_time(), UNIX_EPOCH);
    }

    #[test]
    fn http_date_matches_rfc_7231_examples() {
        // RFC 7231 example: Sun, 06 Nov 1994 08:49:37 GMT = 784111777.
        assert_eq!(at(784_111_777).to_http_date(), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(at(0).to_http_date(), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(at(951_782_400).to_http_date(), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(at(1_795_618_184).to_http_date(), "Wed, 25 Nov 2026 14:49:44 GMT");
    }

    #[test]
    fn sdk_date_round_trips() {
        let ms = 1_795_521_600_000; // 2026-11-24T12:00:00Z
        let date = UtcDateTime::from_epoch_millis(ms).unwrap();
        assert_eq!(date.to_sdk_date(), "20261124T120000Z");
        assert_eq!(UtcDateTime::parse_sdk_date("20261124T120000Z").map(UtcDateTime::epoch_millis), Ok(ms));
        for bad in [
            "",
            "20261124120000Z",
            "20261324T120000Z",
            "2026112xT120000Z",
            "20261124T120000",
            "20261124T240000Z",
            "20261124T126000Z",
            "20261124T120061Z",
            "20261100T120000Z",
            "20261132T120000Z",
            "19691231T235959Z",
            "99991231T235960Z",
            "+0261124T120000Z",
            "2026-1124T120000Z",
            "2026112é120000Z",
            "20261124t120000z",
        ] {
            let err = UtcDateTime::parse_sdk_date(bad).unwrap_err();
            assert!(err.to_string().contains("X-Sdk-Date"), "{bad}");
        }
    }

    #[test]
    fn parses_imf_fixdate() {
        let t = UtcDateTime::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap().to_system_time();
        assert_eq!(t.duration_since(UNIX_EPOCH).unwrap().as_secs(), 784_111_777);
        let t = UtcDateTime::parse_http_date("Wed, 25 Nov 2026 14:49:45 GMT").unwrap().to_system_time();
        assert_eq!(t.duration_since(UNIX_EPOCH).unwrap().as_secs(), 1_795_618_185);
        // What servers send besides the canonical form, accepted as before.
        assert_eq!(
            UtcDateTime::parse_http_date("  Sun,  06 Nov 1994 08:49:37 GMT \r\n")
                .map(UtcDateTime::epoch_millis),
            Ok(784_111_777_000)
        );
        for bad in [
            "",
            "yesterday",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 0 08:49:37 GMT",
            "Sun, 06 Nov 10000 08:49:37 GMT",
            "Fri, 31 Dec 9999 23:59:60 GMT",
            // Years that would overflow the day arithmetic, or predate the epoch.
            "Sun, 06 Nov 9223372036854775807 08:49:37 GMT",
            "Sun, 06 Nov 99999999999999 08:49:37 GMT",
            "Sun, 06 Nov -9223372036854775808 08:49:37 GMT",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun, 06 Nov 1994 18446744073709551615:49:37 GMT",
        ] {
            let err = UtcDateTime::parse_http_date(bad).unwrap_err();
            assert!(err.to_string().contains("HTTP date"), "{bad}");
        }
    }

    #[test]
    fn http_date_round_trips() {
        for secs in [0, 784_111_777, 951_782_400, 1_795_618_185, MAX_SECS] {
            let date = at(secs);
            assert_eq!(UtcDateTime::parse_http_date(&date.to_http_date()), Ok(date));
            assert_eq!(UtcDateTime::from_system_time(date.to_system_time()), Some(date));
            assert_eq!(UtcDateTime::from_epoch_millis(date.epoch_millis()), Some(date));
        }
    }

    /// Epoch seconds of 1970-01-01 to 9999-12-31T23:59:59Z.
    fn any_instant() -> impl Strategy<Value = UtcDateTime> {
        (0..=MAX_SECS).prop_map(at)
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(date in any_instant()) {
            prop_assert_eq!(UtcDateTime::parse_sdk_date(&date.to_sdk_date()), Ok(date));
            prop_assert_eq!(UtcDateTime::parse_http_date(&date.to_http_date()), Ok(date));
            prop_assert_eq!(UtcDateTime::from_system_time(date.to_system_time()), Some(date));
        }

        #[test]
        fn formats_agree_on_the_calendar(date in any_instant()) {
            let sdk = date.to_sdk_date();
            let http = date.to_http_date();
            // `YYYYMMDDTHHMMSSZ` and `Www, DD Mon YYYY HH:MM:SS GMT` name the same fields.
            prop_assert_eq!(&sdk[0..4], &http[12..16]);
            prop_assert_eq!(&sdk[6..8], &http[5..7]);
            let month = MONTHS.iter().position(|m| *m == &http[8..11]).unwrap() + 1;
            prop_assert_eq!(sdk[4..6].parse::<usize>().unwrap(), month);
            prop_assert_eq!(&sdk[9..11], &http[17..19]);
            prop_assert_eq!(&sdk[11..13], &http[20..22]);
            prop_assert_eq!(&sdk[13..15], &http[23..25]);
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(text in any::<String>()) {
            let sdk = UtcDateTime::parse_sdk_date(&text);
            let http = UtcDateTime::parse_http_date(&text);
            // Whatever parses is in range and survives formatting.
            if let Ok(date) = sdk {
                prop_assert!(date <= UtcDateTime::MAX);
                prop_assert_eq!(UtcDateTime::parse_sdk_date(&date.to_sdk_date()), Ok(date));
            }
            if let Ok(date) = http {
                prop_assert!(date <= UtcDateTime::MAX);
                prop_assert_eq!(UtcDateTime::parse_http_date(&date.to_http_date()), Ok(date));
            }
            // Whatever parses as RFC 3339 is within years 0..=9999 give or take a day.
            if let Some(ms) = rfc3339_epoch_millis(&text) {
                prop_assert!((-62_167_305_600_000..=253_402_387_200_999).contains(&ms));
            }
        }

        #[test]
        fn parsing_date_shaped_text_never_panics(
            weekday in "[A-Za-z]{0,4},?",
            day in "[+-]?[0-9]{0,22}",
            month in prop::sample::select(vec!["Jan", "Feb", "Nov", "Dec", "nov", ""]),
            year in "[+-]?[0-9]{0,22}",
            time in "[0-9]{0,21}(:[0-9]{0,21}){0,3}",
            zone in prop::sample::select(vec!["GMT", "UTC", ""]),
            sdk in "[0-9]{8}T[0-9]{6}Z",
        ) {
            let text = format!("{weekday} {day} {month} {year} {time} {zone}");
            if let Ok(date) = UtcDateTime::parse_http_date(&text) {
                prop_assert!(date <= UtcDateTime::MAX);
            }
            if let Ok(date) = UtcDateTime::parse_sdk_date(&sdk) {
                prop_assert!(date <= UtcDateTime::MAX);
            }
        }
    }
}
