//! Secret checking: checking values, and the project's checking configuration.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::Operation;
use crate::http::{Method, json_body};
use crate::huawei::Huawei;
use crate::huawei::model::{CheckResult, SecretsConfig};
use crate::huawei::rules;
use crate::secret::{SecretBytes, SecretString};
use crate::validate::{self, Rule, ValidationError};

/// The check type CSMS documents: the only value it takes.
pub const CHECK_TYPE: &str = "1";

/// **CheckSecrets**: `POST /v1/{project_id}/secrets/checker/check` `{"type", "data"}`. Checks
/// the strength of the secrets in `data` (used by the password vault); answers the check type
/// and its result ([`CheckResult`]).
///
/// `data` is an object CSMS does not describe further, which holds the values to check: it is
/// given as the text of a JSON object in a [`SecretString`] and sent as that object, and it is
/// collected by [`Operation::collect_secrets`]. `type` is required (CSMS documents the value
/// `1`, [`CHECK_TYPE`]; another value is sent as given).
///
/// [`Repeatable`](crate::OperationKind::Repeatable): a check changes nothing.
///
/// ```
/// use secretmanager_core::huawei::{CheckSecrets, Operation as _};
///
/// let op = CheckSecrets::new(r#"{"password":"s3cr3t!"}"#);
/// op.validate().unwrap();
/// assert_eq!(op.body().unwrap().expose(), br#"{"type":"1","data":{"password":"s3cr3t!"}}"#);
/// assert!(!format!("{op:?}").contains("s3cr3t"));
/// assert_eq!(CheckSecrets::new("s3cr3t!").validate().unwrap_err().field, "data");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CheckSecrets {
    /// The check type (`1`).
    #[serde(rename = "type")]
    pub check_type: String,
    /// What to check: the text of a JSON object, sent as that object.
    pub data: SecretString,
}

impl CheckSecrets {
    /// Checks `data` (the text of a JSON object) with the check type [`CHECK_TYPE`].
    pub fn new(data: impl Into<SecretString>) -> Self {
        Self { check_type: CHECK_TYPE.to_owned(), data: data.into() }
    }

    /// Sets another check type.
    pub fn check_type(mut self, check_type: impl Into<String>) -> Self {
        self.check_type = check_type.into();
        self
    }
}

impl Operation for CheckSecrets {
    type Provider = Huawei;
    type Output = CheckResult;
    const NAME: &'static str = "CheckSecrets";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_identifier("type", &self.check_type)?;
        if self.data.expose().is_empty() {
            return Err(ValidationError::new("data", Rule::Required));
        }
        // Reads the keys only: the values are never copied, nor quoted in the error.
        validate::json_object_keys("data", self.data.expose(), 0, usize::MAX, usize::MAX).map(drop)
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/secrets/checker/check");
    }

    /// `{"type":…,"data":…}` with `data` written as the object its text is (validated to be
    /// one), in a buffer of the final size so that no partial copy is left behind.
    fn body(&self) -> Option<SecretBytes> {
        let check_type = Zeroizing::new(serde_json::to_vec(&self.check_type).ok()?);
        let data = self.data.expose().as_bytes();
        let mut body = Vec::with_capacity(check_type.len() + data.len() + 18);
        body.extend_from_slice(b"{\"type\":");
        body.extend_from_slice(&check_type);
        body.extend_from_slice(b",\"data\":");
        body.extend_from_slice(data);
        body.push(b'}');
        Some(SecretBytes::from(body))
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        redactor.add(self.data.expose());
    }
}

/// **ShowSecretsConfig**: `GET /v1/{project_id}/secrets/checker/config`. Answers the project's
/// secret checking configuration ([`SecretsConfig`]).
///
/// ```
/// use secretmanager_core::huawei::{self, Operation as _, ShowSecretsConfig};
///
/// let mut path = String::new();
/// ShowSecretsConfig::new().write_path(&mut path);
/// assert_eq!(path, "/secrets/checker/config");
/// let answer: huawei::SecretsConfig = huawei::decode(200, br#"{"checking_secret_strength":true}"#)?;
/// assert_eq!(answer.checking_secret_strength, Some(true));
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShowSecretsConfig {}

impl ShowSecretsConfig {
    /// Reads the configuration.
    pub fn new() -> Self {
        Self {}
    }
}

impl Operation for ShowSecretsConfig {
    type Provider = Huawei;
    type Output = SecretsConfig;
    const NAME: &'static str = "ShowSecretsConfig";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/secrets/checker/config");
    }
}

/// **UpdateSecretsConfig**: `POST /v1/{project_id}/secrets/checker/config`
/// `{"checking_secret_strength"}`. Turns the checking of secret strength on or off; answers
/// the configuration.
///
/// [`Repeatable`](crate::OperationKind::Repeatable): it sets a given value.
///
/// ```
/// use secretmanager_core::huawei::{Operation as _, UpdateSecretsConfig};
///
/// let op = UpdateSecretsConfig::new().checking_secret_strength(true);
/// assert_eq!(op.body().unwrap().expose(), br#"{"checking_secret_strength":true}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateSecretsConfig {
    /// Whether CSMS checks the strength of secret values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checking_secret_strength: Option<bool>,
}

impl UpdateSecretsConfig {
    /// Changes nothing yet; say what with the setter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Turns strength checking on or off.
    pub fn checking_secret_strength(mut self, on: bool) -> Self {
        self.checking_secret_strength = Some(on);
        self
    }
}

impl Operation for UpdateSecretsConfig {
    type Provider = Huawei;
    type Output = SecretsConfig;
    const NAME: &'static str = "UpdateSecretsConfig";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/secrets/checker/config");
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
    fn check_secrets_sends_data_as_an_object() {
        let op = CheckSecrets::new(r#"{"items":[{"name":"db","password":"pa\"ss"}]}"#).check_type("2");
        op.validate().unwrap();
        let body: serde_json::Value = serde_json::from_slice(op.body().unwrap().expose()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"type":"2","data":{"items":[{"name":"db","password":"pa\"ss"}]}})
        );
        let field = |op: CheckSecrets| op.validate().unwrap_err();
        assert_eq!(field(CheckSecrets::new("")).rule, Rule::Required);
        for bad in ["[1]", "\"text\"", "{\"a\":1} trailing", "{\"a\":"] {
            let err = field(CheckSecrets::new(bad));
            assert_eq!((err.field, err.rule), ("data", Rule::NotJsonObject), "{bad}");
        }
        assert_eq!(field(CheckSecrets::new("{}").check_type("")).field, "type");
        let mut redactor = crate::Redactor::default();
        CheckSecrets::new(r#"{"password":"hunter22"}"#).collect_secrets(&mut redactor);
        assert!(!redactor.redact("weak: hunter22").unwrap().contains("hunter22"));
        // CheckSecretsResponse: {"type": str, "data": object}.
        let answer: CheckResult =
            decode(200, br#"{"type":"1","data":{"strength":"weak","score":2}}"#).unwrap();
        assert_eq!(answer.check_type.as_deref(), Some("1"));
        assert_eq!(answer.data.unwrap()["strength"], "weak");
        assert_eq!(
            serde_json::to_value(CheckResult::default()).unwrap(),
            serde_json::json!({"type":null,"data":null})
        );
    }

    #[test]
    fn config_read_and_update() {
        let mut path = String::new();
        ShowSecretsConfig::new().write_path(&mut path);
        assert_eq!(path, "/secrets/checker/config");
        assert!(ShowSecretsConfig::new().body().is_none());
        assert_eq!(UpdateSecretsConfig::new().body().unwrap().expose(), b"{}");
        assert_eq!(
            UpdateSecretsConfig::new().checking_secret_strength(false).body().unwrap().expose(),
            br#"{"checking_secret_strength":false}"#
        );
        assert_eq!((ShowSecretsConfig::METHOD, UpdateSecretsConfig::METHOD), (Method::Get, Method::Post));
        // ShowSecretsConfigResponse and UpdateSecretsConfigResponse: {"checking_secret_strength": bool}.
        let config: SecretsConfig = decode(200, br#"{"checking_secret_strength":false}"#).unwrap();
        assert_eq!(config.checking_secret_strength, Some(false));
        let unset: SecretsConfig = decode(200, b"{}").unwrap();
        assert_eq!(unset.checking_secret_strength, None);
    }
}
