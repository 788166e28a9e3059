//! Writing a secret's value chain (operations 9 and 10).

use serde::{Deserialize, Serialize, Serializer};

use super::{secret_path, validate_secret_id};
use crate::Operation;
use crate::encode::push_segment;
use crate::http::Method;
use crate::http::json_body;
use crate::ncp::Ncp;
use crate::ncp::model::{SecretChain, SecretStage, ValueStage};
use crate::ncp::rules;
use crate::secret::{SecretBytes, SecretString};
use crate::validate::{Rule, ValidationError};

/// What Update Secret Value does to one stage.
///
/// NCP deletes a stage that is sent as an empty string; this type makes that choice explicit,
/// so an empty value can never delete a stage by mistake (`Set("")` is rejected).
///
/// In a JSON request (`sm_call`, the Python package): `{"set": "<JSON text>"}` or `"delete"`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageUpdate {
    /// Sets the stage to this value: a JSON object of 1–100 pairs, at most 10,000 bytes.
    Set(SecretString),
    /// Deletes the stage (sent as `""`).
    Delete,
}

/// Writes `""` for [`StageUpdate::Delete`] and the value as [`SecretString`] writes it (itself
/// in a request body, the redaction marker anywhere else).
impl Serialize for StageUpdate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            StageUpdate::Set(value) => value.serialize(serializer),
            StageUpdate::Delete => serializer.serialize_str(""),
        }
    }
}

/// **Update Secret Value**: `PUT /api/v1/secrets/{secretId}/values` with body
/// `{"previous"?, "active"?, "pending"?}`. Only the stages given change; at least one is
/// required. Not allowed while the secret is `REVOKE`.
///
/// Idempotent: it sets (or deletes) the given stages; a resend leaves the same chain.
///
/// ```
/// use secretmanager_core::ncp::{Operation as _, UpdateSecretValue};
///
/// let op = UpdateSecretValue::new("sid").active(r#"{"pw":"n3w"}"#).delete_pending();
/// assert!(op.validate().is_ok());
/// assert_eq!(op.body().unwrap().expose(), br#"{"active":"{\"pw\":\"n3w\"}","pending":""}"#);
/// assert!(!format!("{op:?}").contains("n3w"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateSecretValue {
    /// Secret id (in the path).
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// PREVIOUS: unchanged when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<StageUpdate>,
    /// ACTIVE: unchanged when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<StageUpdate>,
    /// PENDING: unchanged when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<StageUpdate>,
}

impl UpdateSecretValue {
    /// Changes nothing yet: set or delete at least one stage.
    pub fn new(secret_id: impl Into<String>) -> Self {
        Self { secret_id: secret_id.into(), previous: None, active: None, pending: None }
    }

    /// Sets PREVIOUS to `value`.
    pub fn previous(mut self, value: impl Into<SecretString>) -> Self {
        self.previous = Some(StageUpdate::Set(value.into()));
        self
    }

    /// Sets ACTIVE to `value`.
    pub fn active(mut self, value: impl Into<SecretString>) -> Self {
        self.active = Some(StageUpdate::Set(value.into()));
        self
    }

    /// Sets PENDING to `value`.
    pub fn pending(mut self, value: impl Into<SecretString>) -> Self {
        self.pending = Some(StageUpdate::Set(value.into()));
        self
    }

    /// Deletes PREVIOUS.
    pub fn delete_previous(mut self) -> Self {
        self.previous = Some(StageUpdate::Delete);
        self
    }

    /// Deletes ACTIVE.
    pub fn delete_active(mut self) -> Self {
        self.active = Some(StageUpdate::Delete);
        self
    }

    /// Deletes PENDING.
    pub fn delete_pending(mut self) -> Self {
        self.pending = Some(StageUpdate::Delete);
        self
    }
}

impl Operation for UpdateSecretValue {
    type Provider = Ncp;
    type Output = SecretValueUpdate;
    const NAME: &'static str = "Update Secret Value";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_id(&self.secret_id)?;
        let stages = [("previous", &self.previous), ("active", &self.active), ("pending", &self.pending)];
        if stages.iter().all(|(_, update)| update.is_none()) {
            return Err(ValidationError::new("previous/active/pending", Rule::Required));
        }
        for (field, update) in stages {
            if let Some(StageUpdate::Set(value)) = update {
                rules::validate_secret_value(field, value.expose())?;
            }
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        secret_path(out, &self.secret_id);
        out.push_str("/values");
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_id.as_str())
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        for update in [&self.previous, &self.active, &self.pending].into_iter().flatten() {
            if let StageUpdate::Set(value) = update {
                redactor.add(value.expose());
            }
        }
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// The answer of Update Secret Value: the chain as stored, encrypted (opaque text).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretValueUpdate {
    /// The encrypted chain; kept redacted like a value all the same.
    #[serde(rename(deserialize = "encryptedSecretChain"), default)]
    pub encrypted_chain: SecretChain,
}

/// **Update Secret Stage Value**: `PUT /api/v1/secrets/{secretId}/values/{stage}` (stage in
/// lower case) with body `{"value":"<JSON text>"}`. Not allowed while the secret is `REVOKE`.
///
/// Idempotent: it sets one stage; a resend sets the same value.
///
/// ```
/// use secretmanager_core::ncp::{Operation as _, SecretStage, UpdateSecretStageValue};
///
/// let op = UpdateSecretStageValue::new("sid", SecretStage::Pending, r#"{"pw":"n3w"}"#);
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/api/v1/secrets/sid/values/pending");
/// assert_eq!(op.body().unwrap().expose(), br#"{"value":"{\"pw\":\"n3w\"}"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateSecretStageValue {
    /// Secret id (in the path).
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// The stage to set (in the path).
    #[serde(skip_serializing)]
    pub stage: SecretStage,
    /// The new value: a JSON object of 1–100 pairs, at most 10,000 bytes.
    pub value: SecretString,
}

impl UpdateSecretStageValue {
    /// Sets `stage` of `secret_id` to `value`.
    pub fn new(secret_id: impl Into<String>, stage: SecretStage, value: impl Into<SecretString>) -> Self {
        Self { secret_id: secret_id.into(), stage, value: value.into() }
    }
}

impl Operation for UpdateSecretStageValue {
    type Provider = Ncp;
    type Output = StageValueUpdate;
    const NAME: &'static str = "Update Secret Stage Value";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_id(&self.secret_id)?;
        self.stage.validate()?;
        rules::validate_secret_value("value", self.value.expose()).map(drop)
    }

    fn write_path(&self, out: &mut String) {
        secret_path(out, &self.secret_id);
        out.push_str("/values/");
        push_segment(out, self.stage.as_str());
    }

    fn changed_secret(&self) -> Option<&str> {
        Some(self.secret_id.as_str())
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        redactor.add(self.value.expose());
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// One stage's value as Update Secret Stage Value answers it (encrypted in current API
/// versions, decrypted in older ones: redacted either way).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StoredStageValue {
    /// The stored value.
    pub value: SecretString,
    /// The stage it is stored in.
    pub value_stage: ValueStage,
}

/// The answer of Update Secret Stage Value: `{"encryptedSecretValue":{"value","valueStage"}}`
/// (older API versions: `decryptedSecretValue`, also accepted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct StageValueUpdate {
    /// The stage as stored.
    #[serde(rename(deserialize = "encryptedSecretValue"), alias = "decryptedSecretValue")]
    pub secret_value: StoredStageValue,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::decode;

    fn object(pairs: usize) -> String {
        let body: Vec<String> = (0..pairs).map(|i| format!("\"k{i}\":\"v\"")).collect();
        format!("{{{}}}", body.join(","))
    }

    #[test]
    fn update_value_path_and_bodies() {
        let op = UpdateSecretValue::new("a b").previous("{\"a\":1}").active("{\"b\":2}").pending("{\"c\":3}");
        let mut path = String::new();
        op.write_path(&mut path);
        assert_eq!(path, "/api/v1/secrets/a%20b/values");
        assert_eq!(
            op.body().unwrap().expose(),
            br#"{"previous":"{\"a\":1}","active":"{\"b\":2}","pending":"{\"c\":3}"}"#
        );
        let op = UpdateSecretValue::new("s").delete_previous().delete_active();
        assert!(op.validate().is_ok());
        assert_eq!(op.body().unwrap().expose(), br#"{"previous":"","active":""}"#);
    }

    #[test]
    fn update_value_needs_a_stage_and_valid_values() {
        let err = UpdateSecretValue::new("s").validate().unwrap_err();
        assert_eq!((err.field, err.rule), ("previous/active/pending", Rule::Required));
        assert_eq!(UpdateSecretValue::new("").active("{\"a\":1}").validate().unwrap_err().field, "secretId");
        let err = UpdateSecretValue::new("s").pending("").validate().unwrap_err();
        assert_eq!((err.field, err.rule), ("pending", Rule::NotJsonObject));
        let err = UpdateSecretValue::new("s").delete_active().previous("[]").validate().unwrap_err();
        assert_eq!(err.field, "previous");
        assert!(UpdateSecretValue::new("s").active(object(100)).validate().is_ok());
        let err = UpdateSecretValue::new("s").active(object(101)).validate().unwrap_err();
        assert!(matches!(err.rule, Rule::PairCount { actual: 101, .. }));
        let err = UpdateSecretValue::new("s").active(object(0)).validate().unwrap_err();
        assert!(matches!(err.rule, Rule::PairCount { actual: 0, .. }));
        let at_limit = format!("{{\"k\":\"{}\"}}", "x".repeat(10_000 - 8));
        assert!(UpdateSecretValue::new("s").active(at_limit).validate().is_ok());
        let over = format!("{{\"k\":\"{}\"}}", "x".repeat(10_000 - 7));
        let err = UpdateSecretValue::new("s").active(over).validate().unwrap_err();
        assert_eq!(err.rule, Rule::ByteLength { max: 10_000, actual: 10_001 });
    }

    #[test]
    fn update_value_answer_is_redacted() {
        let body = br#"{"code":"SUCCESS","data":{"encryptedSecretChain":
            {"previous":"ncp:kms:v1:AAA","active":"ncp:kms:v1:BBB","pending":"ncp:kms:v1:CCC"}}}"#;
        let out: SecretValueUpdate = decode(200, body).unwrap();
        assert_eq!(out.encrypted_chain.active.as_ref().unwrap().expose(), "ncp:kms:v1:BBB");
        assert_eq!(out.encrypted_chain.pending.as_ref().unwrap().expose(), "ncp:kms:v1:CCC");
        assert!(!format!("{out:?}").contains("kms"));
    }

    #[test]
    fn stage_value_path_body_and_rules() {
        let op = UpdateSecretStageValue::new("s/1", SecretStage::Previous, "{\"a\":\"b\"}");
        let mut path = String::new();
        op.write_path(&mut path);
        assert_eq!(path, "/api/v1/secrets/s%2F1/values/previous");
        assert_eq!(op.body().unwrap().expose(), br#"{"value":"{\"a\":\"b\"}"}"#);
        assert!(!format!("{op:?}").contains("\"b\""));
        let rule = |op: UpdateSecretStageValue| op.validate().unwrap_err();
        assert_eq!(rule(UpdateSecretStageValue::new("", SecretStage::Active, "{\"a\":1}")).field, "secretId");
        let err = rule(UpdateSecretStageValue::new("s", SecretStage::Other("current".into()), "{\"a\":1}"));
        assert_eq!(err.field, "secretValueStage");
        assert_eq!(rule(UpdateSecretStageValue::new("s", SecretStage::Active, "{}")).field, "value");
        assert!(UpdateSecretStageValue::new("s", SecretStage::Active, object(100)).validate().is_ok());
        let err = rule(UpdateSecretStageValue::new("s", SecretStage::Active, object(101)));
        assert!(matches!(err.rule, Rule::PairCount { actual: 101, .. }));
    }

    #[test]
    fn stage_value_answer_reads_the_stage_in_any_case() {
        for (word, stage) in [
            ("active", ValueStage::Active),
            ("Active", ValueStage::Active),
            ("previous", ValueStage::Previous),
            ("PREVIOUS", ValueStage::Previous),
            ("pEnDiNg", ValueStage::Pending),
            ("current", ValueStage::Other("current".into())),
        ] {
            let body = format!(
                r#"{{"code":"SUCCESS","data":{{"encryptedSecretValue":{{"value":"blob","valueStage":"{word}"}}}}}}"#
            );
            let out: StageValueUpdate = decode(200, body.as_bytes()).unwrap();
            assert_eq!(out.secret_value.value_stage, stage, "{word}");
        }
    }

    #[test]
    fn stage_value_answer_in_both_documented_shapes() {
        for key in ["encryptedSecretValue", "decryptedSecretValue"] {
            let body = format!(
                r#"{{"code":"SUCCESS","data":{{"{key}":{{"value":"blob-123","valueStage":"PENDING"}}}}}}"#
            );
            let out: StageValueUpdate = decode(200, body.as_bytes()).unwrap();
            assert_eq!(out.secret_value.value.expose(), "blob-123");
            assert_eq!(out.secret_value.value_stage, ValueStage::Pending);
            assert!(!format!("{out:?}").contains("blob-123"));
        }
    }
}
