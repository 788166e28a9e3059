//! The documented input rules of NCP Secret Manager, as pure checks.

use serde_json::{Map, Value};

/// `secretName`: 3–15 characters of letters, digits, `-` and `_`, starting with a letter.
pub(crate) fn check_name(name: &str) -> Result<(), String> {
    let count = name.chars().count();
    if !(3..=15).contains(&count) {
        return Err("secretName must be 3 to 15 characters".to_owned());
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("secretName must start with a letter".to_owned());
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err("secretName may hold only letters, digits, '-' and '_'".to_owned());
    }
    Ok(())
}

/// `memo`: at most 1000 bytes.
pub(crate) fn check_memo(memo: &str) -> Result<(), String> {
    if memo.len() > 1000 {
        return Err("memo must be at most 1000 bytes".to_owned());
    }
    Ok(())
}

/// A secret value: the text of a JSON object with 1–100 pairs, at most 10,000 bytes.
/// Returns the parsed object.
pub(crate) fn check_value(field: &str, text: &str) -> Result<Map<String, Value>, String> {
    if text.len() > 10_000 {
        return Err(format!("{field} must be at most 10000 bytes"));
    }
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return Err(format!("{field} must be the text of a JSON object"));
    };
    if !(1..=100).contains(&map.len()) {
        return Err(format!("{field} must hold 1 to 100 key-value pairs"));
    }
    Ok(map)
}

/// `rotationTargets`: at least one, each a key of the value, no duplicates.
pub(crate) fn check_targets(targets: &[String], value: &Map<String, Value>) -> Result<(), String> {
    if targets.is_empty() {
        return Err("rotationTargets must name at least one key".to_owned());
    }
    for (i, target) in targets.iter().enumerate() {
        if !value.contains_key(target) {
            return Err(format!("rotationTargets entry '{target}' is not a key of the secret value"));
        }
        if targets[..i].contains(target) {
            return Err(format!("rotationTargets entry '{target}' is repeated"));
        }
    }
    Ok(())
}

/// A rotation period: 1–730 days.
pub(crate) fn check_period(field: &str, days: i64) -> Result<u32, String> {
    if !(1..=730).contains(&days) {
        return Err(format!("{field} must be between 1 and 730 days"));
    }
    u32::try_from(days).map_err(|_| format!("{field} must be between 1 and 730 days"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for good in ["abc", "a-b_c", "A23456789012345"] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        for bad in ["ab", "1abc", "-abc", "abc def", "a234567890123456", "abç"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn memos_count_bytes() {
        assert!(check_memo(&"a".repeat(1000)).is_ok());
        assert!(check_memo(&"é".repeat(501)).is_err());
    }

    #[test]
    fn values_and_targets() {
        let value = check_value("value", r#"{"user":"u","password":"p"}"#).unwrap();
        assert_eq!(check_targets(&["password".into()], &value), Ok(()));
        assert!(check_targets(&[], &value).is_err());
        assert!(check_targets(&["other".into()], &value).is_err());
        assert!(check_targets(&["user".into(), "user".into()], &value).is_err());
        assert!(check_value("value", "{}").is_err());
        assert!(check_value("value", "[1]").is_err());
        assert!(check_value("value", "not json").is_err());
        let big: Map<String, Value> = (0..101).map(|i| (format!("k{i}"), Value::from(1))).collect();
        assert!(check_value("value", &Value::Object(big).to_string()).is_err());
        let long = format!(r#"{{"k":"{}"}}"#, "x".repeat(10_000));
        assert!(check_value("value", &long).is_err());
    }

    #[test]
    fn periods() {
        assert_eq!(check_period("p", 1), Ok(1));
        assert_eq!(check_period("p", 730), Ok(730));
        assert!(check_period("p", 0).is_err());
        assert!(check_period("p", 731).is_err());
    }
}
