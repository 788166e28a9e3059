//! Generate Random Secret (operation 30): a random string for the rotation function to put in
//! PENDING.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{job_path, validate_job};
use crate::Operation;
use crate::http::Method;
use crate::http::json_body;
use crate::ncp::Ncp;
use crate::ncp::rules::{DEFAULT_RANDOM_SECRET_LENGTH, RANDOM_SECRET_LENGTH};
use crate::secret::{Redacted, SecretBytes, SecretString};
use crate::validate::{self, Rule, ValidationError};

/// The random string Generate Random Secret answers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RandomSecret {
    /// The random string.
    pub random_string: SecretString,
}

/// **Generate Random Secret**:
/// `POST /action/v1/secrets/{secretId}/jobs/{jobToken}/generate-random-secret`.
///
/// Body: `length` (5–32, default 12), `excludeCharacters` (all characters to leave out, no
/// separator; sent only when set), `excludeNumbers`, `excludePunctuation`, `excludeUppercase`,
/// `excludeLowercase` (default `false`), `includeSpace` and `requireEachIncludedType` (default
/// `true`). Every flag is always sent, as a JSON boolean, so the request does not depend on
/// server defaults. Excluding numbers, punctuation and both letter cases is rejected: nothing
/// (or only spaces) would be left to draw from.
///
/// Idempotent: it changes no state; a resend only draws another string.
///
/// ```
/// use secretmanager_core::ncp::{GenerateRandomSecret, Operation as _};
///
/// let op = GenerateRandomSecret::new("sid", "tok").length(16).exclude_characters("\"'\\").include_space(false);
/// assert!(op.validate().is_ok());
/// assert_eq!(
///     op.body().unwrap().expose(),
///     br#"{"length":16,"excludeCharacters":"\"'\\","excludeNumbers":false,"excludePunctuation":false,"excludeUppercase":false,"excludeLowercase":false,"includeSpace":false,"requireEachIncludedType":true}"#
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct GenerateRandomSecret {
    /// Secret id, as given to the rotation function.
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// Job token, as given to the rotation function.
    #[serde(skip_serializing)]
    #[schemars(extend("x-secret" = true))]
    pub job_token: String,
    /// Length, 5–32 (12 when not given).
    #[serde(default = "default_length")]
    pub length: u32,
    /// Characters to leave out, concatenated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_characters: Option<String>,
    /// Leave out digits.
    #[serde(default)]
    pub exclude_numbers: bool,
    /// Leave out punctuation.
    #[serde(default)]
    pub exclude_punctuation: bool,
    /// Leave out upper-case letters.
    #[serde(default)]
    pub exclude_uppercase: bool,
    /// Leave out lower-case letters.
    #[serde(default)]
    pub exclude_lowercase: bool,
    /// Allow the space character.
    #[serde(default = "yes")]
    pub include_space: bool,
    /// Use at least one character of each type not left out.
    #[serde(default = "yes")]
    pub require_each_included_type: bool,
}

/// The length of a random secret when none is given.
fn default_length() -> u32 {
    DEFAULT_RANDOM_SECRET_LENGTH
}

/// The default of the flags that are on unless turned off.
fn yes() -> bool {
    true
}

impl GenerateRandomSecret {
    /// A 12-character string of all character types, for job `job_token` of `secret_id`.
    pub fn new(secret_id: impl Into<String>, job_token: impl Into<String>) -> Self {
        Self {
            secret_id: secret_id.into(),
            job_token: job_token.into(),
            length: DEFAULT_RANDOM_SECRET_LENGTH,
            exclude_characters: None,
            exclude_numbers: false,
            exclude_punctuation: false,
            exclude_uppercase: false,
            exclude_lowercase: false,
            include_space: true,
            require_each_included_type: true,
        }
    }

    /// Sets the length (5–32).
    pub fn length(mut self, length: u32) -> Self {
        self.length = length;
        self
    }

    /// Sets the characters to leave out.
    pub fn exclude_characters(mut self, characters: impl Into<String>) -> Self {
        self.exclude_characters = Some(characters.into());
        self
    }

    /// Leaves out digits, or not.
    pub fn exclude_numbers(mut self, exclude: bool) -> Self {
        self.exclude_numbers = exclude;
        self
    }

    /// Leaves out punctuation, or not.
    pub fn exclude_punctuation(mut self, exclude: bool) -> Self {
        self.exclude_punctuation = exclude;
        self
    }

    /// Leaves out upper-case letters, or not.
    pub fn exclude_uppercase(mut self, exclude: bool) -> Self {
        self.exclude_uppercase = exclude;
        self
    }

    /// Leaves out lower-case letters, or not.
    pub fn exclude_lowercase(mut self, exclude: bool) -> Self {
        self.exclude_lowercase = exclude;
        self
    }

    /// Allows the space character, or not.
    pub fn include_space(mut self, include: bool) -> Self {
        self.include_space = include;
        self
    }

    /// Requires one character of each type not left out, or not.
    pub fn require_each_included_type(mut self, require: bool) -> Self {
        self.require_each_included_type = require;
        self
    }
}

/// Prints every field but the job token, which authorises the job's steps.
impl fmt::Debug for GenerateRandomSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GenerateRandomSecret")
            .field("secret_id", &self.secret_id)
            .field("job_token", &Redacted)
            .field("length", &self.length)
            .field("exclude_characters", &self.exclude_characters)
            .field("exclude_numbers", &self.exclude_numbers)
            .field("exclude_punctuation", &self.exclude_punctuation)
            .field("exclude_uppercase", &self.exclude_uppercase)
            .field("exclude_lowercase", &self.exclude_lowercase)
            .field("include_space", &self.include_space)
            .field("require_each_included_type", &self.require_each_included_type)
            .finish()
    }
}

impl Operation for GenerateRandomSecret {
    type Provider = Ncp;
    type Output = RandomSecret;
    const NAME: &'static str = "Generate Random Secret";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_job(&self.secret_id, &self.job_token)?;
        let (min, max) = RANDOM_SECRET_LENGTH;
        validate::range("length", i64::from(self.length), i64::from(min), i64::from(max))?;
        if let Some(characters) = &self.exclude_characters {
            validate::no_control_characters("excludeCharacters", characters)?;
        }
        if self.exclude_numbers
            && self.exclude_punctuation
            && self.exclude_uppercase
            && self.exclude_lowercase
        {
            return Err(ValidationError::new(
                "excludeLowercase",
                Rule::ForbiddenWhen("numbers, punctuation and upper-case letters are excluded too"),
            ));
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        job_path(out, &self.secret_id, &self.job_token);
        out.push_str("/generate-random-secret");
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        redactor.add(&self.job_token);
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::decode;

    #[test]
    fn default_body_sends_every_flag_as_a_boolean() {
        let op = GenerateRandomSecret::new("s 1", "t");
        let mut path = String::new();
        op.write_path(&mut path);
        assert_eq!(path, "/action/v1/secrets/s%201/jobs/t/generate-random-secret");
        assert_eq!(
            op.body().unwrap().expose(),
            br#"{"length":12,"excludeNumbers":false,"excludePunctuation":false,"excludeUppercase":false,"excludeLowercase":false,"includeSpace":true,"requireEachIncludedType":true}"#
        );
    }

    #[test]
    fn every_setter_reaches_the_body() {
        let op = GenerateRandomSecret::new("s", "t")
            .length(5)
            .exclude_characters("ab")
            .exclude_numbers(true)
            .exclude_punctuation(true)
            .exclude_uppercase(true)
            .include_space(false)
            .require_each_included_type(false);
        assert!(op.validate().is_ok());
        let body: serde_json::Value = serde_json::from_slice(op.body().unwrap().expose()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"length":5,"excludeCharacters":"ab","excludeNumbers":true,
                "excludePunctuation":true,"excludeUppercase":true,"excludeLowercase":false,
                "includeSpace":false,"requireEachIncludedType":false})
        );
    }

    #[test]
    fn length_at_and_beyond_each_limit() {
        let op = |length| GenerateRandomSecret::new("s", "t").length(length);
        assert!(op(5).validate().is_ok());
        assert!(op(32).validate().is_ok());
        for bad in [0, 4, 33, u32::MAX] {
            let err = op(bad).validate().unwrap_err();
            assert_eq!(err.field, "length");
            assert_eq!(err.rule, Rule::Range { min: 5, max: 32, actual: i64::from(bad) });
        }
    }

    #[test]
    fn excluding_every_class_is_rejected() {
        let all = GenerateRandomSecret::new("s", "t")
            .exclude_numbers(true)
            .exclude_punctuation(true)
            .exclude_uppercase(true)
            .exclude_lowercase(true);
        assert!(matches!(all.clone().validate().unwrap_err().rule, Rule::ForbiddenWhen(_)));
        assert!(all.clone().exclude_lowercase(false).validate().is_ok());
        assert!(all.exclude_numbers(false).validate().is_ok());
    }

    #[test]
    fn segments_and_excluded_characters_are_checked() {
        assert_eq!(GenerateRandomSecret::new("", "t").validate().unwrap_err().field, "secretId");
        assert_eq!(GenerateRandomSecret::new("s", "").validate().unwrap_err().field, "jobToken");
        let err = GenerateRandomSecret::new("s", "t").exclude_characters("a\u{7}").validate().unwrap_err();
        assert_eq!((err.field, err.rule), ("excludeCharacters", Rule::ControlCharacter));
    }

    #[test]
    fn answer_is_redacted() {
        let out: RandomSecret =
            decode(200, br#"{"code":"SUCCESS","data":{"randomString":"Zq8#pL2!wX9m"}}"#).unwrap();
        assert_eq!(out.random_string.expose(), "Zq8#pL2!wX9m");
        assert!(!format!("{out:?}").contains("Zq8"));
    }
}
