//! Generating a random password.

use serde::{Deserialize, Serialize};

use crate::Operation;
use crate::http::{Method, json_body};
use crate::huawei::Huawei;
use crate::huawei::model::RandomPassword;
use crate::huawei::rules;
use crate::secret::SecretBytes;
use crate::validate::{self, Rule, ValidationError};

/// The characters `exclude_characters` may list: ASCII letters, digits and punctuation.
const PASSWORD_CHARACTERS: &str = "letters, digits and the punctuation !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// **GenerateRandomPassword**: `POST /v1/{project_id}/csms/generate-password`, a body of the
/// password's rules (every one optional). Answers the password ([`RandomPassword`], a
/// [`SecretString`](crate::SecretString)).
///
/// [`Repeatable`](crate::OperationKind::Repeatable): it changes nothing at CSMS; a repeat
/// answers another password, which is as good as the first.
///
/// ```
/// use secretmanager_core::huawei::{self, GenerateRandomPassword, Operation as _};
///
/// let op = GenerateRandomPassword::new().length(24).exclude_characters("\"'\\").require_each_included_type(true);
/// op.validate()?;
/// assert_eq!(
///     op.body().unwrap().expose(),
///     br#"{"length":24,"exclude_characters":"\"'\\","require_each_included_type":true}"#
/// );
/// assert_eq!(GenerateRandomPassword::new().length(256).validate().unwrap_err().field, "length");
///
/// let answer: huawei::RandomPassword = huawei::decode(200, br#"{"password":"x7#Qm2!pLz9@"}"#)?;
/// assert_eq!(answer.password.expose(), "x7#Qm2!pLz9@");
/// assert!(!format!("{answer:?}").contains("x7#Q"));
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GenerateRandomPassword {
    /// The password policy to follow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_policy_name: Option<String>,
    /// The length, 1 to 255 (32 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
    /// Characters the password must not hold (ASCII letters, digits and punctuation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_characters: Option<String>,
    /// No lower-case letters (`false` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_lowercase: Option<bool>,
    /// No upper-case letters (`false` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_uppercase: Option<bool>,
    /// No digits (`false` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_numbers: Option<bool>,
    /// No punctuation (`false` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_punctuation: Option<bool>,
    /// Spaces allowed (`false` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_space: Option<bool>,
    /// At least one character of every included kind (`false` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_each_included_type: Option<bool>,
}

impl GenerateRandomPassword {
    /// A password of CSMS's defaults (32 characters of every kind but spaces).
    pub fn new() -> Self {
        Self::default()
    }

    /// Follows the password policy `name`.
    pub fn password_policy_name(mut self, name: impl Into<String>) -> Self {
        self.password_policy_name = Some(name.into());
        self
    }

    /// Sets the length (1 to 255).
    pub fn length(mut self, length: u32) -> Self {
        self.length = Some(length);
        self
    }

    /// Leaves these characters out.
    pub fn exclude_characters(mut self, characters: impl Into<String>) -> Self {
        self.exclude_characters = Some(characters.into());
        self
    }

    /// Leaves lower-case letters out, or not.
    pub fn exclude_lowercase(mut self, exclude: bool) -> Self {
        self.exclude_lowercase = Some(exclude);
        self
    }

    /// Leaves upper-case letters out, or not.
    pub fn exclude_uppercase(mut self, exclude: bool) -> Self {
        self.exclude_uppercase = Some(exclude);
        self
    }

    /// Leaves digits out, or not.
    pub fn exclude_numbers(mut self, exclude: bool) -> Self {
        self.exclude_numbers = Some(exclude);
        self
    }

    /// Leaves punctuation out, or not.
    pub fn exclude_punctuation(mut self, exclude: bool) -> Self {
        self.exclude_punctuation = Some(exclude);
        self
    }

    /// Allows spaces, or not.
    pub fn include_space(mut self, include: bool) -> Self {
        self.include_space = Some(include);
        self
    }

    /// Requires a character of every included kind, or not.
    pub fn require_each_included_type(mut self, require: bool) -> Self {
        self.require_each_included_type = Some(require);
        self
    }
}

impl Operation for GenerateRandomPassword {
    type Provider = Huawei;
    type Output = RandomPassword;
    const NAME: &'static str = "GenerateRandomPassword";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(name) = &self.password_policy_name {
            rules::validate_identifier("password_policy_name", name)?;
        }
        if let Some(length) = self.length {
            let (min, max) = rules::PASSWORD_LENGTH;
            validate::range("length", i64::from(length), i64::from(min), i64::from(max))?;
        }
        if let Some(characters) = &self.exclude_characters
            && !characters.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(ValidationError::new("exclude_characters", Rule::Pattern(PASSWORD_CHARACTERS)));
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/generate-password");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::huawei::decode;

    #[test]
    fn every_rule_is_checked() {
        let field = |op: GenerateRandomPassword| op.validate().unwrap_err().field;
        GenerateRandomPassword::new().validate().unwrap();
        GenerateRandomPassword::new().length(1).validate().unwrap();
        GenerateRandomPassword::new().length(255).validate().unwrap();
        assert_eq!(field(GenerateRandomPassword::new().length(0)), "length");
        assert_eq!(field(GenerateRandomPassword::new().length(256)), "length");
        GenerateRandomPassword::new()
            .exclude_characters("aZ9!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
            .validate()
            .unwrap();
        for bad in [" ", "é", "a\tb", "\u{7f}"] {
            assert_eq!(
                field(GenerateRandomPassword::new().exclude_characters(bad)),
                "exclude_characters",
                "{bad:?}"
            );
        }
        assert_eq!(field(GenerateRandomPassword::new().password_policy_name("")), "password_policy_name");
    }

    #[test]
    fn body_holds_what_is_set_and_the_answer_is_a_secret() {
        assert_eq!(GenerateRandomPassword::new().body().unwrap().expose(), b"{}");
        let op = GenerateRandomPassword::new()
            .password_policy_name("strong")
            .exclude_lowercase(true)
            .exclude_uppercase(false)
            .exclude_numbers(true)
            .exclude_punctuation(true)
            .include_space(true);
        let body: serde_json::Value = serde_json::from_slice(op.body().unwrap().expose()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"password_policy_name":"strong","exclude_lowercase":true,"exclude_uppercase":false,
                "exclude_numbers":true,"exclude_punctuation":true,"include_space":true})
        );
        let mut path = String::new();
        op.write_path(&mut path);
        assert_eq!(path, "/csms/generate-password");
        // GenerateRandomPasswordResponse: {"password": str}.
        let answer: RandomPassword = decode(200, br#"{"password":"Qm2!pLz9@x7#"}"#).unwrap();
        assert_eq!(answer.password.expose(), "Qm2!pLz9@x7#");
        assert!(!serde_json::to_string(&answer).unwrap().contains("Qm2!"));
        assert!(decode::<RandomPassword>(200, br#"{"password":null}"#).is_err());
    }
}
