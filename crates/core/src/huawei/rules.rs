//! The documented input rules of CSMS.

use crate::validate::{self, Rule, ValidationError};

/// Secret values (`secret_string`, or the bytes of `secret_binary`): at most 32 KiB.
pub const SECRET_VALUE_MAX_BYTES: usize = 32 * 1024;
/// `description`: at most 2048 bytes.
pub const DESCRIPTION_MAX_BYTES: usize = 2048;
/// `rotation_config`: at most 1024 characters.
pub const ROTATION_CONFIG_MAX_CHARS: usize = 1024;
/// `rotation_period`: 6 hours to 8760 hours (365 days).
pub const ROTATION_PERIOD_HOURS: (u32, u32) = (6, 8760);
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

/// A rotation period such as `30d` or `12h`, between 6 hours and 8760 hours. Returns it in
/// hours.
///
/// ```
/// use secretmanager_core::huawei::validate_rotation_period;
///
/// assert_eq!(validate_rotation_period("30d").unwrap(), 720);
/// assert!(validate_rotation_period("5h").is_err());
/// assert!(validate_rotation_period("30 days").is_err());
/// ```
pub fn validate_rotation_period(period: &str) -> Result<u32, ValidationError> {
    const FIELD: &str = "rotation_period";
    if period.is_empty() {
        return Err(ValidationError::new(FIELD, Rule::Required));
    }
    let shape = || ValidationError::new(FIELD, Rule::Pattern("^[0-9]{1,4}[dh]$ (e.g. 30d, 12h)"));
    let (number, unit) = period.split_at(period.len() - period.chars().last().map_or(0, char::len_utf8));
    let hours_per_unit = match unit {
        "d" => 24,
        "h" => 1,
        _ => return Err(shape()),
    };
    if number.is_empty() || number.len() > 4 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(shape());
    }
    let value: u32 = number.parse().map_err(|_| shape())?;
    let hours = value * hours_per_unit;
    let (min, max) = ROTATION_PERIOD_HOURS;
    validate::range(FIELD, i64::from(hours), i64::from(min), i64::from(max))?;
    Ok(hours)
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
        assert_eq!(validate_rotation_period("6h").unwrap(), 6);
        assert_eq!(validate_rotation_period("8760h").unwrap(), 8760);
        assert_eq!(validate_rotation_period("365d").unwrap(), 8760);
        assert_eq!(validate_rotation_period("1d").unwrap(), 24);
        let range = |p: &str| matches!(validate_rotation_period(p).unwrap_err().rule, Rule::Range { .. });
        assert!(range("5h") && range("8761h") && range("366d") && range("0d"));
        let shape = |p: &str| matches!(validate_rotation_period(p).unwrap_err().rule, Rule::Pattern(_));
        for bad in ["30", "d", "30m", "-1d", "1.5d", "99999d", "30D", "30dd", " 30d", "3é"] {
            assert!(shape(bad), "{bad}");
        }
        assert_eq!(validate_rotation_period("").unwrap_err().rule, Rule::Required);
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
