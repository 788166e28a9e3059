//! The helpers around secrets: GenerateRandomPassword, CheckSecrets (secret strength), and the
//! project's check configuration (ShowSecretsConfig, UpdateSecretsConfig).

use serde_json::{Map, Value, json};

use super::secrets::{Outcome, parse};
use super::state::HwError;
use super::store::HuaweiStore;
use crate::random::{self, RandomOptions};

/// The documented password lengths and default.
const PASSWORD_LENGTHS: std::ops::RangeInclusive<usize> = 1..=255;
const DEFAULT_PASSWORD_LENGTH: usize = 32;
/// The only `type` of CheckSecrets the API documents.
const CHECK_TYPE: &str = "1";

/// The project's secret check configuration, kept in the store's group slot.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SecretsConfig {
    pub(crate) checking_secret_strength: bool,
}

/// GenerateRandomPassword: `{password}`.
pub(crate) fn generate_password(store: &mut HuaweiStore, body: &[u8]) -> Outcome {
    let body = parse(body)?;
    let flag = |name: &str| body.bool(name).map_err(HwError::invalid).map(|v| v.unwrap_or(false));
    let length = match body.int("length").map_err(HwError::invalid)? {
        None => DEFAULT_PASSWORD_LENGTH,
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|n| PASSWORD_LENGTHS.contains(n))
            .ok_or_else(|| HwError::invalid("length must be between 1 and 255"))?,
    };
    let exclude_characters = body.string("exclude_characters").map_err(HwError::invalid)?.unwrap_or("");
    if !exclude_characters.chars().all(|c| c.is_ascii_graphic()) {
        return Err(HwError::invalid("exclude_characters must be printable ASCII characters"));
    }
    body.string("password_policy_name").map_err(HwError::invalid)?;
    let options = RandomOptions {
        length,
        exclude_characters: exclude_characters.to_owned(),
        exclude_numbers: flag("exclude_numbers")?,
        exclude_punctuation: flag("exclude_punctuation")?,
        exclude_uppercase: flag("exclude_uppercase")?,
        exclude_lowercase: flag("exclude_lowercase")?,
        include_space: flag("include_space")?,
        require_each_included_type: flag("require_each_included_type")?,
    };
    let password =
        random::random_secret_within(&mut store.rng, &options, PASSWORD_LENGTHS).map_err(HwError::invalid)?;
    Ok(json!({ "password": password }))
}

/// CheckSecrets: rates each string of `data` (`WEAK`, `MEDIUM`, `STRONG`); `{type, data}`.
pub(crate) fn check(body: &[u8]) -> Outcome {
    let body = parse(body)?;
    let kind = body.required_string("type").map_err(HwError::invalid)?;
    if kind != CHECK_TYPE {
        return Err(HwError::invalid("type must be 1"));
    }
    let Some(Value::Object(data)) = body.get("data") else {
        return Err(HwError::invalid("data must be an object"));
    };
    let mut rated = Map::new();
    for (key, value) in data {
        let Value::String(text) = value else {
            return Err(HwError::invalid(format!("data.{key} must be a string")));
        };
        rated.insert(key.clone(), Value::String(strength(text).to_owned()));
    }
    Ok(json!({"type": kind, "data": rated}))
}

/// A rough strength: length and the number of character classes.
fn strength(text: &str) -> &'static str {
    let classes = [
        text.chars().any(|c| c.is_ascii_lowercase()),
        text.chars().any(|c| c.is_ascii_uppercase()),
        text.chars().any(|c| c.is_ascii_digit()),
        text.chars().any(|c| !c.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|present| **present)
    .count();
    match (text.chars().count(), classes) {
        (n, c) if n >= 12 && c >= 3 => "STRONG",
        (n, c) if n >= 8 && c >= 2 => "MEDIUM",
        _ => "WEAK",
    }
}

/// ShowSecretsConfig: `{checking_secret_strength}`.
pub(crate) fn show_config(store: &mut HuaweiStore) -> Outcome {
    let config = *store.groups.get::<SecretsConfig>();
    Ok(json!({"checking_secret_strength": config.checking_secret_strength}))
}

/// UpdateSecretsConfig: sets `checking_secret_strength`; answers the configuration.
pub(crate) fn update_config(store: &mut HuaweiStore, body: &[u8]) -> Outcome {
    let body = parse(body)?;
    let value = body
        .bool("checking_secret_strength")
        .map_err(HwError::invalid)?
        .ok_or_else(|| HwError::invalid("checking_secret_strength is required"))?;
    store.groups.get::<SecretsConfig>().checking_secret_strength = value;
    show_config(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_grows_with_length_and_classes() {
        assert_eq!(strength("abc"), "WEAK");
        assert_eq!(strength("abcdefgh"), "WEAK");
        assert_eq!(strength("abcdefg1"), "MEDIUM");
        assert_eq!(strength("Abcdefghij1!"), "STRONG");
    }
}
