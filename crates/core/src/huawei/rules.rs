//! The documented input rules of CSMS.

use crate::validate::{self, Rule, ValidationError};

/// Secret values (`secret_string`, or the bytes of `secret_binary`): at most 32 KiB.
pub const SECRET_VALUE_MAX_BYTES: usize = 32 * 1024;
/// `description`: at most 2048 bytes.
pub const DESCRIPTION_MAX_BYTES: usize = 2048;
/// `rotation_config`: at most 1024 characters.
pub const ROTATION_CONFIG_MAX_CHARS: usize = 1024;
/// `rotation_period`: 6 hours to 8760 hours (365 days), in seconds.
pub const ROTATION_PERIOD_SECONDS: (u64, u64) = (6 * 3_600, 8_760 * 3_600);
/// `event_subscriptions`: a secret subscribes to at most one event.
pub const MAX_EVENT_SUBSCRIPTIONS: usize = 1;
/// `recovery_window_in_days` of Delete Secret For Schedule: 7 to 30 days (30 by default).
pub const RECOVERY_WINDOW_DAYS: (u32, u32) = (7, 30);
/// `length` of Generate Random Password: 1 to 255 characters (32 by default).
pub const PASSWORD_LENGTH: (u32, u32) = (1, 255);
/// A secret holds at most 12 stages.
pub const MAX_STAGES: usize = 12;

const NAME_PATTERN: &str = "^[a-zA-Z0-9_-]{1,64}$";

/// A secret name (`name` in Create Secret, `secret_name` in paths): `^[a-zA-Z0-9_-]{1,64}$`.
///
/// ```
/// use secretmanager_core::huawei::validate_secret_name;
///
/// assert!(validate_secret_name("secret_name", "db-password_01").is_ok());
/// assert_eq!(validate_secret_name("secret_name", "db.password").unwrap_err().field, "secret_name");
/// ```
pub fn validate_secret_name(field: &'static str, name: &str) -> Result<(), ValidationError> {
    validate_name_like(field, name)
}

/// A version stage name (`SYSCURRENT`, `SYSPREVIOUS` or a custom one): `^[a-zA-Z0-9_-]{1,64}$`.
pub fn validate_stage_name(field: &'static str, name: &str) -> Result<(), ValidationError> {
    validate_name_like(field, name)
}

fn validate_name_like(field: &'static str, name: &str) -> Result<(), ValidationError> {
    if name.is_empty() {
        return Err(ValidationError::new(field, Rule::Required));
    }
    validate::char_length(field, name, 1, 64)?;
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return Err(ValidationError::new(field, Rule::Pattern(NAME_PATTERN)));
    }
    Ok(())
}

/// A version id in a path: `v` and 1–10 digits, or `latest`.
///
/// ```
/// use secretmanager_core::huawei::validate_version_id;
///
/// assert!(validate_version_id("v3").is_ok() && validate_version_id("latest").is_ok());
/// assert!(validate_version_id("SYSCURRENT").is_err());
/// ```
pub fn validate_version_id(version_id: &str) -> Result<(), ValidationError> {
    const FIELD: &str = "version_id";
    if version_id.is_empty() {
        return Err(ValidationError::new(FIELD, Rule::Required));
    }
    let digits = version_id.strip_prefix('v').unwrap_or("");
    let numbered = (1..=10).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    if version_id == "latest" || numbered {
        Ok(())
    } else {
        Err(ValidationError::new(FIELD, Rule::Pattern("^v[0-9]{1,10}$ or latest")))
    }
}

/// A rotation period: a whole number and a unit, `d` (days), `h` (hours), `m` (minutes) or `s`
/// (seconds), between 6 hours and 8760 hours (365 days). Returns it in seconds.
///
/// CSMS documents the period as `Integer[unit]` with those four units and the range "6 hours
/// to 8,760 hours (365 days)"; the earlier notes allowed only `d` and `h` with at most four
/// digits, which the unit list and `m`/`s` contradict (`21600s` is 6 hours). Both readings are
/// accepted: any number of digits (leading zeros too) with any of the four units, checked in
/// seconds against 21 600 to 31 536 000; the range is the same whichever unit gives it.
///
/// ```
/// use secretmanager_core::huawei::validate_rotation_period;
///
/// assert_eq!(validate_rotation_period("30d").unwrap(), 30 * 86_400);
/// assert_eq!(validate_rotation_period("360m").unwrap(), 21_600);
/// assert_eq!(validate_rotation_period("31536000s").unwrap(), 31_536_000);
/// assert!(validate_rotation_period("5h").is_err());
/// assert!(validate_rotation_period("30 days").is_err());
/// ```
pub fn validate_rotation_period(period: &str) -> Result<u64, ValidationError> {
    const FIELD: &str = "rotation_period";
    if period.is_empty() {
        return Err(ValidationError::new(FIELD, Rule::Required));
    }
    let shape = || ValidationError::new(FIELD, Rule::Pattern("^[0-9]+[dhms]$ (e.g. 30d, 12h, 360m)"));
    let (number, unit) = period.split_at(period.len() - period.chars().last().map_or(0, char::len_utf8));
    let seconds_per_unit: u64 = match unit {
        "d" => 86_400,
        "h" => 3_600,
        "m" => 60,
        "s" => 1,
        _ => return Err(shape()),
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(shape());
    }
    let (min, max) = ROTATION_PERIOD_SECONDS;
    let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let out_of_range =
        |actual: i64| ValidationError::new(FIELD, Rule::Range { min: as_i64(min), max: as_i64(max), actual });
    // Leading zeros do not count towards the size: "0000030d" is 30 days.
    let significant = number.trim_start_matches('0');
    if significant.len() > 12 {
        return Err(out_of_range(i64::MAX));
    }
    let value: u64 = if significant.is_empty() { 0 } else { significant.parse().map_err(|_| shape())? };
    let seconds = value.saturating_mul(seconds_per_unit);
    if !(min..=max).contains(&seconds) {
        return Err(out_of_range(as_i64(seconds)));
    }
    Ok(seconds)
}

/// An event subscription list (`event_subscriptions` of Create Secret and Update Secret): at
/// most [`MAX_EVENT_SUBSCRIPTIONS`] event names, each `^[a-zA-Z0-9_-]{1,64}$`.
///
/// ```
/// use secretmanager_core::huawei::validate_event_subscriptions;
///
/// assert!(validate_event_subscriptions(&["version_expiry".to_owned()]).is_ok());
/// assert!(validate_event_subscriptions(&["a".to_owned(), "b".to_owned()]).is_err());
/// ```
pub fn validate_event_subscriptions(events: &[String]) -> Result<(), ValidationError> {
    const FIELD: &str = "event_subscriptions";
    validate_count(FIELD, events.len(), 0, MAX_EVENT_SUBSCRIPTIONS)?;
    events.iter().try_for_each(|event| validate_name_like(FIELD, event))
}

/// A number of list entries within `min..=max`, as a [`Rule::Range`].
pub(crate) fn validate_count(
    field: &'static str,
    count: usize,
    min: usize,
    max: usize,
) -> Result<(), ValidationError> {
    let as_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    validate::range(field, as_i64(count), as_i64(min), as_i64(max))
}

/// An event name (`^[a-zA-Z0-9_-]{1,64}$`), as Create Secret Event documents it.
pub fn validate_event_name(field: &'static str, name: &str) -> Result<(), ValidationError> {
    validate_name_like(field, name)
}

/// An identifier sent in a body or query (KMS key id, function URN, marker…): non-empty,
/// printable and at most [`validate::IDENTIFIER_MAX_BYTES`] (1024) bytes.
pub fn validate_identifier(field: &'static str, value: &str) -> Result<(), ValidationError> {
    validate::identifier(field, value, validate::IDENTIFIER_MAX_BYTES)
}

/// A secret value: at most 32 KiB.
pub fn validate_secret_value(field: &'static str, len: usize) -> Result<(), ValidationError> {
    if len > SECRET_VALUE_MAX_BYTES {
        return Err(ValidationError::new(
            field,
            Rule::ByteLength { max: SECRET_VALUE_MAX_BYTES, actual: len },
        ));
    }
    Ok(())
}

/// A page size (`limit`): 1 or more.
pub fn validate_limit(limit: u32) -> Result<(), ValidationError> {
    validate::range("limit", i64::from(limit), 1, i64::from(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_at_and_beyond_each_limit() {
        for ok in ["a", "A-_9", &"x".repeat(64)] {
            assert!(validate_secret_name("name", ok).is_ok(), "{ok}");
        }
        assert_eq!(validate_secret_name("name", "").unwrap_err().rule, Rule::Required);
        assert!(matches!(
            validate_secret_name("name", &"x".repeat(65)).unwrap_err().rule,
            Rule::CharLength { actual: 65, .. }
        ));
        for bad in ["a b", "a/b", "é", "a.b", "a\0"] {
            assert_eq!(
                validate_secret_name("name", bad).unwrap_err().rule,
                Rule::Pattern(NAME_PATTERN),
                "{bad}"
            );
        }
    }

    #[test]
    fn version_ids() {
        for ok in ["v1", "v0", "v1234567890", "latest"] {
            assert!(validate_version_id(ok).is_ok(), "{ok}");
        }
        for bad in ["v", "v12345678901", "1", "V1", "v1a", "LATEST", "SYSCURRENT"] {
            assert_eq!(validate_version_id(bad).unwrap_err().field, "version_id", "{bad}");
        }
        assert_eq!(validate_version_id("").unwrap_err().rule, Rule::Required);
    }

    #[test]
    fn rotation_periods_at_and_beyond_each_limit() {
        assert_eq!(validate_rotation_period("6h").unwrap(), 21_600);
        assert_eq!(validate_rotation_period("8760h").unwrap(), 31_536_000);
        assert_eq!(validate_rotation_period("365d").unwrap(), 31_536_000);
        assert_eq!(validate_rotation_period("1d").unwrap(), 86_400);
        assert_eq!(validate_rotation_period("360m").unwrap(), 21_600);
        assert_eq!(validate_rotation_period("21600s").unwrap(), 21_600);
        assert_eq!(validate_rotation_period("525600m").unwrap(), 31_536_000);
        assert_eq!(validate_rotation_period("0030d").unwrap(), 30 * 86_400);
        let range = |p: &str| matches!(validate_rotation_period(p).unwrap_err().rule, Rule::Range { .. });
        for bad in
            ["5h", "8761h", "366d", "0d", "359m", "21599s", "31536001s", "99999d", "99999999999999999999999s"]
        {
            assert!(range(bad), "{bad}");
        }
        assert_eq!(
            validate_rotation_period("5h").unwrap_err().rule,
            Rule::Range { min: 21_600, max: 31_536_000, actual: 18_000 }
        );
        let shape = |p: &str| matches!(validate_rotation_period(p).unwrap_err().rule, Rule::Pattern(_));
        for bad in ["30", "d", "-1d", "1.5d", "30D", "30dd", " 30d", "30d ", "3é", "30w", "+30d", "1e3s"] {
            assert!(shape(bad), "{bad}");
        }
        assert_eq!(validate_rotation_period("").unwrap_err().rule, Rule::Required);
    }

    #[test]
    fn event_subscriptions_hold_at_most_one_valid_name() {
        let events = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert!(validate_event_subscriptions(&[]).is_ok());
        assert!(validate_event_subscriptions(&events(&["ev-1_A"])).is_ok());
        assert_eq!(
            validate_event_subscriptions(&events(&["a", "b"])).unwrap_err().rule,
            Rule::Range { min: 0, max: 1, actual: 2 }
        );
        for bad in ["", "a b", &"e".repeat(65)] {
            assert_eq!(
                validate_event_subscriptions(&events(&[bad])).unwrap_err().field,
                "event_subscriptions"
            );
        }
    }

    #[test]
    fn secret_values_up_to_32_kib() {
        assert!(validate_secret_value("secret_string", 32 * 1024).is_ok());
        assert_eq!(
            validate_secret_value("secret_string", 32 * 1024 + 1).unwrap_err().rule,
            Rule::ByteLength { max: 32 * 1024, actual: 32 * 1024 + 1 }
        );
    }
}
