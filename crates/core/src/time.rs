//! Conversions of a caller-given time into the forms the providers sign. No clock is read here.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::validate::{Rule, ValidationError};

/// Milliseconds since the Unix epoch, or a validation error for a time before it.
pub(crate) fn epoch_millis(time: SystemTime) -> Result<u64, ValidationError> {
    let since = time
        .duration_since(UNIX_EPOCH)
        .map_err(|_| ValidationError::new("timestamp", Rule::BeforeUnixEpoch))?;
    u64::try_from(since.as_millis()).map_err(|_| ValidationError::new("timestamp", Rule::BeforeUnixEpoch))
}

/// Seconds since the Unix epoch, or a validation error for a time before it.
pub(crate) fn epoch_seconds(time: SystemTime) -> Result<u64, ValidationError> {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| ValidationError::new("timestamp", Rule::BeforeUnixEpoch))
}

/// The `X-Sdk-Date` form of `time`: `YYYYMMDDTHHMMSSZ` (UTC), or a validation error for a time
/// before the epoch.
pub(crate) fn basic_iso8601(time: SystemTime) -> Result<String, ValidationError> {
    Ok(UtcDateTime::from_epoch_seconds(epoch_seconds(time)?).to_basic_iso8601())
}

/// A UTC calendar date and time of day, split out of epoch seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UtcDateTime {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
}

impl UtcDateTime {
    /// Splits seconds since the epoch into a proleptic Gregorian UTC date and time
    /// (the days-to-civil algorithm of Howard Hinnant's `chrono`-compatible date library).
    pub(crate) fn from_epoch_seconds(secs: u64) -> Self {
        let days = (secs / 86_400) as i64;
        let rem = secs % 86_400;
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
            hour: (rem / 3_600) as u32,
            minute: (rem % 3_600 / 60) as u32,
            second: (rem % 60) as u32,
        }
    }

    /// The basic ISO 8601 form Huawei signs: `YYYYMMDDTHHMMSSZ`.
    pub(crate) fn to_basic_iso8601(self) -> String {
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_known_dates() {
        let cases = [
            (0, "19700101T000000Z"),
            (951_782_400, "20000229T000000Z"),
            (1_573_789_015, "20191115T033655Z"),
            (1_795_521_600, "20261124T120000Z"),
            (4_102_444_799, "20991231T235959Z"),
        ];
        for (secs, expected) in cases {
            assert_eq!(UtcDateTime::from_epoch_seconds(secs).to_basic_iso8601(), expected);
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
    }
}
