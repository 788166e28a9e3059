//! The documented input rules of NCP Secret Manager.

use super::model::ProtectionKeyType;
use crate::validate::{self, Rule, ValidationError};

/// Secret names: 3 to 15 characters.
pub const SECRET_NAME_LENGTH: (usize, usize) = (3, 15);
/// Memos: at most 1000 bytes.
pub const MEMO_MAX_BYTES: usize = 1000;
/// Secret values: at most 10,000 bytes of JSON object text.
pub const SECRET_VALUE_MAX_BYTES: usize = 10_000;
/// Secret values: 1 to 100 key-value pairs.
pub const SECRET_VALUE_PAIRS: (usize, usize) = (1, 100);
/// Rotation periods: 1 to 730 days.
pub const ROTATION_PERIOD_DAYS: (u32, u32) = (1, 730);
/// The rotation period NCP uses when none is given.
pub const DEFAULT_ROTATION_PERIOD_DAYS: u32 = 90;
/// Random secrets: 5 to 32 characters.
pub const RANDOM_SECRET_LENGTH: (u32, u32) = (5, 32);
/// The random-secret length NCP uses when none is given.
pub const DEFAULT_RANDOM_SECRET_LENGTH: u32 = 12;

/// `secretName`: 3–15 letters, digits, `-` or `_`, starting with a letter.
pub fn validate_secret_name(name: &str) -> Result<(), ValidationError> {
    const FIELD: &str = "secretName";
    validate::char_length(FIELD, name, SECRET_NAME_LENGTH.0, SECRET_NAME_LENGTH.1)?;
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_allowed = chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !starts_with_letter || !rest_allowed {
        return Err(ValidationError::new(FIELD, Rule::Pattern("^[A-Za-z][A-Za-z0-9_-]{2,14}$")));
    }
    Ok(())
}

/// `memo`: at most 1000 bytes.
pub fn validate_memo(memo: &str) -> Result<(), ValidationError> {
    validate::byte_length("memo", memo, MEMO_MAX_BYTES)
}

/// A secret value: the text of a JSON object of 1–100 pairs and at most 10,000 bytes.
/// Returns its keys.
pub fn validate_secret_value(field: &'static str, value: &str) -> Result<Vec<String>, ValidationError> {
    validate::json_object_keys(
        field,
        value,
        SECRET_VALUE_PAIRS.0,
        SECRET_VALUE_PAIRS.1,
        SECRET_VALUE_MAX_BYTES,
    )
}

/// `rotationTargets`: non-empty, each entry a key of the secret value (`keys`).
pub fn validate_rotation_targets(targets: &[String], keys: &[String]) -> Result<(), ValidationError> {
    const FIELD: &str = "rotationTargets";
    if targets.is_empty() {
        return Err(ValidationError::new(FIELD, Rule::Required));
    }
    match targets.iter().position(|t| !keys.contains(t)) {
        Some(index) => Err(ValidationError::new(FIELD, Rule::NotAKeyOfValue { index })),
        None => Ok(()),
    }
}

/// A rotation period in days: 1–730.
pub fn validate_rotation_period(field: &'static str, days: u32) -> Result<(), ValidationError> {
    let (min, max) = ROTATION_PERIOD_DAYS;
    validate::range(field, i64::from(days), i64::from(min), i64::from(max))
}

/// `protectionKeyType` with its `kmsKeyTag`: a documented type; a tag, required with
/// `USER_MANAGED_KEY`, and absent with `DEFAULT` (the default key has no tag).
pub fn validate_protection_key(
    key_type: &ProtectionKeyType,
    kms_key_tag: Option<&str>,
) -> Result<(), ValidationError> {
    match (key_type, kms_key_tag) {
        (ProtectionKeyType::Other(_), _) => {
            Err(ValidationError::new("protectionKeyType", Rule::OneOf(ProtectionKeyType::DOCUMENTED)))
        }
        (ProtectionKeyType::UserManagedKey, Some(tag)) => validate_identifier("kmsKeyTag", tag),
        (ProtectionKeyType::UserManagedKey, None) => Err(ValidationError::new(
            "kmsKeyTag",
            Rule::RequiredWhen("protectionKeyType is USER_MANAGED_KEY"),
        )),
        (ProtectionKeyType::Default, Some(_)) => {
            Err(ValidationError::new("kmsKeyTag", Rule::ForbiddenWhen("protectionKeyType is DEFAULT")))
        }
        (ProtectionKeyType::Default, None) => Ok(()),
    }
}

/// An identifier sent in a body (trigger id, KMS key tag): non-empty, printable and at most
/// [`validate::IDENTIFIER_MAX_BYTES`] (1024) bytes.
pub fn validate_identifier(field: &'static str, value: &str) -> Result<(), ValidationError> {
    validate::identifier(field, value, validate::IDENTIFIER_MAX_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_at_and_beyond_each_limit() {
        for ok in ["abc", "a-_", "A23456789012345", "db_password-01"] {
            assert!(validate_secret_name(ok).is_ok(), "{ok}");
        }
        let length =
            |name: &str| matches!(validate_secret_name(name).unwrap_err().rule, Rule::CharLength { .. });
        assert!(length("") && length("ab") && length("a234567890123456"));
        let pattern = |name: &str| matches!(validate_secret_name(name).unwrap_err().rule, Rule::Pattern(_));
        assert!(pattern("1ab") && pattern("-ab") && pattern("ab c") && pattern("abé") && pattern("ab.c"));
    }

    #[test]
    fn memo_is_measured_in_bytes() {
        assert!(validate_memo(&"a".repeat(1000)).is_ok());
        assert!(validate_memo(&"a".repeat(1001)).is_err());
        assert!(validate_memo(&"가".repeat(334)).is_err()); // 1002 bytes, 334 characters
    }

    #[test]
    fn secret_values_at_and_beyond_each_limit() {
        let object = |pairs: usize, pad: usize| {
            let body: Vec<String> = (0..pairs).map(|i| format!("\"k{i}\":\"{}\"", "x".repeat(pad))).collect();
            format!("{{{}}}", body.join(","))
        };
        assert!(validate_secret_value("value", &object(1, 0)).is_ok());
        assert!(validate_secret_value("value", &object(100, 0)).is_ok());
        assert!(matches!(
            validate_secret_value("value", &object(101, 0)).unwrap_err().rule,
            Rule::PairCount { actual: 101, .. }
        ));
        let big = format!("{{\"k\":\"{}\"}}", "x".repeat(10_000 - 8));
        assert_eq!(big.len(), 10_000);
        assert!(validate_secret_value("value", &big).is_ok());
        let too_big = format!("{{\"k\":\"{}\"}}", "x".repeat(10_000 - 7));
        assert!(matches!(
            validate_secret_value("value", &too_big).unwrap_err().rule,
            Rule::ByteLength { .. }
        ));
        for bad in ["", "null", "\"text\"", "[]", "{", "{\"a\":1", "{'a':1}"] {
            let rule = validate_secret_value("value", bad).unwrap_err().rule;
            assert!(matches!(rule, Rule::NotJsonObject | Rule::PairCount { .. }), "{bad}: {rule:?}");
        }
    }

    #[test]
    fn rotation_targets_must_be_keys() {
        let keys = vec!["user".to_owned(), "password".to_owned()];
        assert!(validate_rotation_targets(&["password".into()], &keys).is_ok());
        assert_eq!(validate_rotation_targets(&[], &keys).unwrap_err().rule, Rule::Required);
        assert_eq!(
            validate_rotation_targets(&["password".into(), "pw".into()], &keys).unwrap_err().rule,
            Rule::NotAKeyOfValue { index: 1 }
        );
    }

    #[test]
    fn rotation_periods_at_and_beyond_each_limit() {
        assert!(validate_rotation_period("p", 1).is_ok());
        assert!(validate_rotation_period("p", 730).is_ok());
        assert!(validate_rotation_period("p", 0).is_err());
        assert!(validate_rotation_period("p", 731).is_err());
    }
}
