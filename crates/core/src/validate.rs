//! Checks run on every operation before a request is built.
//!
//! Each failure is a [`ValidationError`] naming the field and the [`Rule`] it broke. Messages
//! describe the rule and the measured size, never the value itself, so a secret given in the
//! wrong field does not leak into a log.

use std::fmt;

/// A rule that an input value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// The field is required and was absent or empty.
    Required,
    /// The number of characters is outside `min..=max`.
    CharLength {
        /// Smallest allowed length.
        min: usize,
        /// Largest allowed length.
        max: usize,
        /// Length given.
        actual: usize,
    },
    /// The number of bytes (UTF-8) is above `max`.
    ByteLength {
        /// Largest allowed size in bytes.
        max: usize,
        /// Size given.
        actual: usize,
    },
    /// The text does not match the described pattern.
    Pattern(&'static str),
    /// A number is outside `min..=max`.
    Range {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
        /// Value given.
        actual: i64,
    },
    /// The text is not a JSON object (`{"key":"value",...}`).
    NotJsonObject,
    /// The JSON object has a number of pairs outside `min..=max`.
    PairCount {
        /// Smallest allowed number of pairs.
        min: usize,
        /// Largest allowed number of pairs.
        max: usize,
        /// Number of pairs given.
        actual: usize,
    },
    /// Entry `index` of a list is not a key of the secret value.
    NotAKeyOfValue {
        /// Position of the offending entry in the list.
        index: usize,
    },
    /// The field is required because of another field's value; the text says which.
    RequiredWhen(&'static str),
    /// The field must be absent because of another field's value; the text says which.
    ForbiddenWhen(&'static str),
    /// The value is not one of the allowed words.
    OneOf(&'static [&'static str]),
    /// A time before 1970-01-01T00:00:00Z was given.
    BeforeUnixEpoch,
    /// The text contains a control character or NUL, which cannot be sent.
    ControlCharacter,
    /// A path segment is `.` or `..`, which HTTP stacks and proxies remove from a path (so the
    /// request would reach another resource than the one named).
    DotSegment,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("is required"),
            Rule::CharLength { min, max, actual } => {
                write!(f, "must be {min} to {max} characters long (got {actual})")
            }
            Rule::ByteLength { max, actual } => {
                write!(f, "must be at most {max} bytes (got {actual})")
            }
            Rule::Pattern(pattern) => write!(f, "must match {pattern}"),
            Rule::Range { min, max, actual } => {
                write!(f, "must be between {min} and {max} (got {actual})")
            }
            Rule::NotJsonObject => f.write_str("must be the text of a JSON object"),
            Rule::PairCount { min, max, actual } => {
                write!(f, "must hold {min} to {max} key-value pairs (got {actual})")
            }
            Rule::NotAKeyOfValue { index } => {
                write!(f, "entry {index} is not a key of the secret value")
            }
            Rule::RequiredWhen(when) => write!(f, "is required when {when}"),
            Rule::ForbiddenWhen(when) => write!(f, "must be absent when {when}"),
            Rule::OneOf(words) => write!(f, "must be one of {}", words.join(", ")),
            Rule::BeforeUnixEpoch => f.write_str("must not be before 1970-01-01T00:00:00Z"),
            Rule::ControlCharacter => f.write_str("must not contain control characters"),
            Rule::DotSegment => f.write_str("must not be `.` or `..`"),
        }
    }
}

/// An input that broke a rule; the request was not built.
///
/// ```
/// use secretmanager_core::ncp::validate_secret_name;
/// use secretmanager_core::Rule;
///
/// let err = validate_secret_name("1abc").unwrap_err();
/// assert_eq!(err.field, "secretName");
/// assert!(matches!(err.rule, Rule::Pattern(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The field, named as on the wire (`secretName`, `rotationPeriod`, `secret_name`...).
    pub field: &'static str,
    /// The rule it broke.
    pub rule: Rule,
}

impl ValidationError {
    /// A new error for `field`.
    pub fn new(field: &'static str, rule: Rule) -> Self {
        Self { field, rule }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {}", self.field, self.rule)
    }
}

impl std::error::Error for ValidationError {}

/// Checks that `value` has `min..=max` characters.
pub fn char_length(field: &'static str, value: &str, min: usize, max: usize) -> Result<(), ValidationError> {
    let actual = value.chars().count();
    if actual < min || actual > max {
        return Err(ValidationError::new(field, Rule::CharLength { min, max, actual }));
    }
    Ok(())
}

/// Checks that `value` is at most `max` bytes long.
pub fn byte_length(field: &'static str, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.len() > max {
        let actual = value.len();
        return Err(ValidationError::new(field, Rule::ByteLength { max, actual }));
    }
    Ok(())
}

/// Checks that `value` lies in `min..=max`.
pub fn range(field: &'static str, value: i64, min: i64, max: i64) -> Result<(), ValidationError> {
    if value < min || value > max {
        return Err(ValidationError::new(field, Rule::Range { min, max, actual: value }));
    }
    Ok(())
}

/// The largest path segment (secret id, job token...) accepted: 256 bytes.
///
/// The APIs document no limit for these ids (NCP's secret ids are 64 characters, its job
/// tokens shorter); 256 bytes leaves room for any id they hand out while keeping a request
/// line far below what HTTP servers and gateways accept.
pub const PATH_SEGMENT_MAX_BYTES: usize = 256;

/// The largest identifier sent in a query or a body (marker, KMS key id, function URN...)
/// accepted: 1024 bytes. No API documents a limit; this one keeps the request well below what
/// servers accept while leaving room for long URNs and opaque page markers.
pub const IDENTIFIER_MAX_BYTES: usize = 1024;

/// Checks that a path segment (secret id, job token, stage...) is non-empty, printable, at
/// most [`PATH_SEGMENT_MAX_BYTES`] long, and neither `.` nor `..` ([`Rule::DotSegment`]).
/// The segment is percent-encoded when the request is built, so any other text is allowed.
pub fn path_segment(field: &'static str, value: &str) -> Result<(), ValidationError> {
    identifier(field, value, PATH_SEGMENT_MAX_BYTES)?;
    if matches!(value, "." | "..") {
        return Err(ValidationError::new(field, Rule::DotSegment));
    }
    Ok(())
}

/// Checks that an identifier (a path segment, or a value sent in a query or body) is non-empty,
/// printable and at most `max_bytes` long.
pub fn identifier(field: &'static str, value: &str, max_bytes: usize) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new(field, Rule::Required));
    }
    byte_length(field, value, max_bytes)?;
    no_control_characters(field, value)
}

/// Checks that `value` holds no control character (including NUL).
pub fn no_control_characters(field: &'static str, value: &str) -> Result<(), ValidationError> {
    if value.chars().any(char::is_control) {
        return Err(ValidationError::new(field, Rule::ControlCharacter));
    }
    Ok(())
}

/// Checks that `value` is the text of a JSON object of string keys with `min..=max` pairs
/// and at most `max_bytes` bytes, and returns its keys.
pub fn json_object_keys(
    field: &'static str,
    value: &str,
    min_pairs: usize,
    max_pairs: usize,
    max_bytes: usize,
) -> Result<Vec<String>, ValidationError> {
    byte_length(field, value, max_bytes)?;
    let ObjectKeys(keys) =
        serde_json::from_str(value).map_err(|_| ValidationError::new(field, Rule::NotJsonObject))?;
    let actual = keys.len();
    if actual < min_pairs || actual > max_pairs {
        let rule = Rule::PairCount { min: min_pairs, max: max_pairs, actual };
        return Err(ValidationError::new(field, rule));
    }
    Ok(keys.into_iter().collect())
}

/// The distinct keys of a JSON object, read without copying its values (which may be
/// secrets): each value is skipped as it is parsed.
struct ObjectKeys(std::collections::BTreeSet<String>);

impl<'de> serde::Deserialize<'de> for ObjectKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysOnly;

        impl<'de> serde::de::Visitor<'de> for KeysOnly {
            type Value = ObjectKeys;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ObjectKeys, A::Error> {
                let mut keys = std::collections::BTreeSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.insert(key);
                }
                Ok(ObjectKeys(keys))
            }
        }

        deserializer.deserialize_map(KeysOnly)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_length_counts_characters_not_bytes() {
        assert!(char_length("f", "ééé", 3, 3).is_ok());
        let err = char_length("f", "ab", 3, 15).unwrap_err();
        assert_eq!(err.rule, Rule::CharLength { min: 3, max: 15, actual: 2 });
        assert_eq!(err.to_string(), "invalid f: must be 3 to 15 characters long (got 2)");
    }

    #[test]
    fn json_object_keys_enforces_shape_pairs_and_size() {
        assert_eq!(json_object_keys("v", r#"{"a":"1","b":2}"#, 1, 100, 10_000).unwrap(), ["a", "b"]);
        assert_eq!(json_object_keys("v", "[1]", 1, 100, 10).unwrap_err().rule, Rule::NotJsonObject);
        assert_eq!(json_object_keys("v", "{\"a\":", 1, 100, 10).unwrap_err().rule, Rule::NotJsonObject);
        assert_eq!(json_object_keys("v", r#"{"a":1} x"#, 1, 100, 100).unwrap_err().rule, Rule::NotJsonObject);
        assert_eq!(
            json_object_keys("v", r#"{"b":{"c":[1]},"a":"x","b":2}"#, 1, 100, 100).unwrap(),
            ["a", "b"]
        );
        assert_eq!(
            json_object_keys("v", "{}", 1, 100, 10).unwrap_err().rule,
            Rule::PairCount { min: 1, max: 100, actual: 0 }
        );
        assert_eq!(
            json_object_keys("v", r#"{"a":"1"}"#, 1, 100, 5).unwrap_err().rule,
            Rule::ByteLength { max: 5, actual: 9 }
        );
    }

    #[test]
    fn messages_never_repeat_the_value() {
        let secret = "{\"password\":\"do-not-print\"";
        let err = json_object_keys("secretValue", secret, 1, 100, 10_000).unwrap_err();
        assert!(!err.to_string().contains("do-not-print"));
        assert!(!format!("{err:?}").contains("do-not-print"));
    }

    #[test]
    fn path_segments_must_be_present_and_printable() {
        assert_eq!(path_segment("secretId", "").unwrap_err().rule, Rule::Required);
        assert_eq!(path_segment("secretId", "a\0b").unwrap_err().rule, Rule::ControlCharacter);
        assert!(path_segment("secretId", "a b/c").is_ok());
    }

    #[test]
    fn path_segments_are_at_most_256_bytes_and_never_dot_segments() {
        let table: &[(&str, Option<Rule>)] = &[
            (".", Some(Rule::DotSegment)),
            ("..", Some(Rule::DotSegment)),
            ("...", None),
            (".a", None),
            ("a..", None),
            ("./", None),
            ("%2e%2e", None),
        ];
        for (value, rule) in table {
            assert_eq!(path_segment("jobToken", value).err().map(|e| e.rule), rule.clone(), "{value:?}");
        }
        let err = path_segment("jobToken", "..").unwrap_err();
        assert_eq!(err.field, "jobToken");
        assert_eq!(err.to_string(), "invalid jobToken: must not be `.` or `..`");
        assert!(path_segment("secretId", &"a".repeat(PATH_SEGMENT_MAX_BYTES)).is_ok());
        for len in [PATH_SEGMENT_MAX_BYTES + 1, 64 * 1024] {
            let err = path_segment("secretId", &"a".repeat(len)).unwrap_err();
            assert_eq!((err.field, err.rule), ("secretId", Rule::ByteLength { max: 256, actual: len }));
        }
        // Bytes, not characters: 129 two-byte characters are 258 bytes.
        let err = path_segment("secretId", &"é".repeat(129)).unwrap_err();
        assert_eq!(err.rule, Rule::ByteLength { max: 256, actual: 258 });
    }

    #[test]
    fn identifiers_have_their_own_limit_and_may_be_dots() {
        assert!(identifier("marker", "..", IDENTIFIER_MAX_BYTES).is_ok());
        assert!(identifier("marker", &"m".repeat(IDENTIFIER_MAX_BYTES), IDENTIFIER_MAX_BYTES).is_ok());
        let err =
            identifier("marker", &"m".repeat(IDENTIFIER_MAX_BYTES + 1), IDENTIFIER_MAX_BYTES).unwrap_err();
        assert_eq!((err.field, err.rule), ("marker", Rule::ByteLength { max: 1024, actual: 1025 }));
        assert_eq!(identifier("marker", "", 8).unwrap_err().rule, Rule::Required);
        assert_eq!(identifier("marker", "a\nb", 8).unwrap_err().rule, Rule::ControlCharacter);
    }
}
