//! Reading secrets and their values (operations 1–4; logs and the key and trigger lists are in
//! their own modules).

use serde::{Deserialize, Deserializer, Serialize};

use super::{secret_path, validate_secret_id};
use crate::Operation;
use crate::encode::{Query, push_segment};
use crate::http::Method;
use crate::ncp::Ncp;
use crate::ncp::model::{Secret, SecretStage, SecretValueChain, ValueStage};
use crate::secret::SecretString;
use crate::validate::{self, ValidationError};

/// A page of secrets, as Get Secret List returns it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecretList {
    /// Number of pages.
    #[serde(default)]
    pub total_page_no: u32,
    /// This page's number.
    #[serde(default)]
    pub current_page_no: u32,
    /// Number of secrets in all pages.
    #[serde(default)]
    pub total_count: u32,
    /// The secrets of this page (id, name, status, type, region, creation date).
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub secret_list: Vec<Secret>,
}

/// **Get Secret List**: `GET /api/v1/secrets[?pageNo=N]`.
///
/// ```
/// use secretmanager_core::ncp::GetSecretList;
/// use secretmanager_core::ncp::Operation as _;
///
/// let mut path = String::new();
/// GetSecretList::new().page_no(2).write_path(&mut path);
/// assert_eq!(path, "/api/v1/secrets?pageNo=2");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct GetSecretList {
    /// Page to read, from 1 (NCP's default: 1).
    pub page_no: Option<u32>,
}

impl GetSecretList {
    /// The first page.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads page `page_no` (1 or more).
    pub fn page_no(mut self, page_no: u32) -> Self {
        self.page_no = Some(page_no);
        self
    }
}

impl Operation for GetSecretList {
    type Provider = Ncp;
    type Output = SecretList;
    const NAME: &'static str = "Get Secret List";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        match self.page_no {
            Some(page) => validate::range("pageNo", i64::from(page), 1, i64::from(u32::MAX)),
            None => Ok(()),
        }
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/api/v1/secrets");
        Query::new(out).optional("pageNo", self.page_no);
    }
}

secret_action! {
    /// **Get Secret Detail**: `GET /api/v1/secrets/{secretId}`. Answers the secret's metadata
    /// (no value).
    ///
    /// Idempotent: it reads.
    ///
    /// ```
    /// use secretmanager_core::ncp::{self, GetSecretDetail, Operation as _};
    ///
    /// let mut path = String::new();
    /// GetSecretDetail::new("sid").write_path(&mut path);
    /// assert_eq!(path, "/api/v1/secrets/sid");
    /// let secret: ncp::Secret = ncp::decode(200, br#"{"code":"SUCCESS","data":
    ///     {"secretId":"sid","secretName":"db","secretStatus":"ENABLE","rotationPhase":"NONE"}}"#).unwrap();
    /// assert_eq!(secret.secret_status, Some(ncp::SecretStatus::Enable));
    /// ```
    pub struct GetSecretDetail;
    name = "Get Secret Detail", method = Get, suffix = "",
    kind = Repeatable, output = Secret;
}

secret_action! {
    /// **Get Secret Value**: `GET /api/v1/secrets/{secretId}/values`. Answers the decrypted
    /// chain (PREVIOUS / ACTIVE / PENDING) and the rotation targets.
    ///
    /// Idempotent: it reads.
    ///
    /// ```
    /// use secretmanager_core::ncp::{self, GetSecretValue, Operation as _};
    ///
    /// let mut path = String::new();
    /// GetSecretValue::new("sid").write_path(&mut path);
    /// assert_eq!(path, "/api/v1/secrets/sid/values");
    /// let out: ncp::SecretValueChain = ncp::decode(200, br#"{"code":"SUCCESS","data":{
    ///     "decryptedSecretChain":{"active":"{\"pw\":\"x\"}"},"rotationTargets":["pw"]}}"#).unwrap();
    /// assert_eq!(out.chain.active.unwrap().expose(), r#"{"pw":"x"}"#);
    /// ```
    pub struct GetSecretValue;
    name = "Get Secret Value", method = Get, suffix = "/values",
    kind = Repeatable, output = SecretValueChain;
}

/// The value of one stage, as Get Secret Stage Value answers it
/// (`{"decryptedSecretValue":{"value":"<JSON text>","valueStage":"ACTIVE"}}`).
///
/// Written (as JSON answers give it) as `{"value", "valueStage"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecretStageValue {
    /// The decrypted value: the text of a JSON object.
    pub value: SecretString,
    /// The stage it was read from.
    pub value_stage: ValueStage,
}

#[derive(Serialize, Deserialize)]
struct DecryptedSecretValue<V, S> {
    #[serde(rename = "decryptedSecretValue")]
    inner: StageValueWire<V, S>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StageValueWire<V, S> {
    value: V,
    value_stage: S,
}

impl<'de> Deserialize<'de> for SecretStageValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = DecryptedSecretValue::<SecretString, ValueStage>::deserialize(deserializer)?;
        Ok(Self { value: wire.inner.value, value_stage: wire.inner.value_stage })
    }
}

/// **Get Secret Stage Value**: `GET /api/v1/secrets/{secretId}/{stage}` with the stage in
/// lower case (`previous`, `active`, `pending`). Secrets in `REVOKE` cannot be read.
///
/// Idempotent: it reads.
///
/// ```
/// use secretmanager_core::ncp::{self, GetSecretStageValue, Operation as _, SecretStage, ValueStage};
///
/// let mut path = String::new();
/// GetSecretStageValue::new("sid", SecretStage::Active).write_path(&mut path);
/// assert_eq!(path, "/api/v1/secrets/sid/active");
/// let out: ncp::SecretStageValue = ncp::decode(200, br#"{"code":"SUCCESS","data":
///     {"decryptedSecretValue":{"value":"{\"pw\":\"x\"}","valueStage":"ACTIVE"}}}"#).unwrap();
/// assert_eq!((out.value.expose(), out.value_stage), (r#"{"pw":"x"}"#, ValueStage::Active));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct GetSecretStageValue {
    /// Secret id (in the path).
    pub secret_id: String,
    /// The stage to read (in the path).
    pub stage: SecretStage,
}

impl GetSecretStageValue {
    /// Reads `stage` of `secret_id`.
    pub fn new(secret_id: impl Into<String>, stage: SecretStage) -> Self {
        Self { secret_id: secret_id.into(), stage }
    }
}

impl Operation for GetSecretStageValue {
    type Provider = Ncp;
    type Output = SecretStageValue;
    const NAME: &'static str = "Get Secret Stage Value";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_id(&self.secret_id)?;
        self.stage.validate()
    }

    fn write_path(&self, out: &mut String) {
        secret_path(out, &self.secret_id);
        out.push('/');
        push_segment(out, self.stage.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::{SecretStatus, decode};

    #[test]
    fn list_decodes_the_documented_page() {
        let body = br#"{"code":"SUCCESS","data":{"totalPageNo":1,"currentPageNo":1,"totalCount":2,
            "secretList":[{"secretId":"a1","secretName":"one","secretStatus":"ENABLE","secretType":"BASIC",
            "region":"KR","registerDate":1753065580243},{"secretId":"b2","secretName":"two"}]}}"#;
        let list: SecretList = decode(200, body).unwrap();
        assert_eq!((list.total_page_no, list.current_page_no, list.total_count), (1, 1, 2));
        assert_eq!(list.secret_list[0].secret_status, Some(SecretStatus::Enable));
        assert_eq!(list.secret_list[1].secret_status, None);
    }

    #[test]
    fn page_zero_is_rejected_and_no_page_means_no_query() {
        assert_eq!(GetSecretList::new().page_no(0).validate().unwrap_err().field, "pageNo");
        let mut path = String::new();
        GetSecretList::new().write_path(&mut path);
        assert_eq!(path, "/api/v1/secrets");
    }
    fn path_of(op: &impl Operation) -> String {
        assert!(op.body().is_none());
        let mut path = String::new();
        op.write_path(&mut path);
        path
    }

    #[test]
    fn detail_and_value_paths_escape_the_id() {
        assert_eq!(path_of(&GetSecretDetail::new("a b")), "/api/v1/secrets/a%20b");
        assert_eq!(path_of(&GetSecretValue::new("a/b")), "/api/v1/secrets/a%2Fb/values");
        assert_eq!(GetSecretDetail::new("").validate().unwrap_err().field, "secretId");
        assert_eq!(GetSecretValue::new("\u{0}").validate().unwrap_err().field, "secretId");
    }

    #[test]
    fn detail_decodes_the_documented_fields() {
        let body = br#"{"code":"SUCCESS","data":{"secretId":"s1","secretName":"db","secretStatus":"REVOKE",
            "secretType":"BASIC","memo":"m","region":"KR","expectedDestroyDate":1755757313617,
            "updateDate":1753165313617,"registerDate":1753065580243,"autoRotationYN":"N",
            "nextRotationDate":1760842800000,"rotationPhase":"NONE","lastRotationDate":1753065580243,
            "lastRotationResultId":"r1","trigger":{"id":"t1","name":"n","url":"u"},
            "protectionKey":{"type":"DEFAULT","kmsKeyTag":"","kmsKeyName":"Secret Manager Default Key"}}}"#;
        let secret: Secret = decode(200, body).unwrap();
        assert_eq!(secret.secret_status, Some(SecretStatus::Revoke));
        assert_eq!(secret.expected_destroy_date, Some(crate::ncp::EpochMillis(1_755_757_313_617)));
        assert_eq!(secret.auto_rotation, Some(false));
        assert_eq!(secret.last_rotation_result_id.as_deref(), Some("r1"));
        assert_eq!(secret.protection_key.unwrap().key_type, crate::ncp::ProtectionKeyType::Default);
    }

    #[test]
    fn value_answer_is_redacted() {
        let body = br#"{"code":"SUCCESS","data":{"decryptedSecretChain":{"previous":"{\"abc\":\"old-pw\"}",
            "active":"{\"abc\":\"cur-pw\"}","pending":null},"rotationTargets":["abc"]}}"#;
        let out: SecretValueChain = decode(200, body).unwrap();
        assert_eq!(out.chain.active.as_ref().unwrap().expose(), r#"{"abc":"cur-pw"}"#);
        assert_eq!(out.chain.pending, None);
        let printed = format!("{out:?}");
        assert!(!printed.contains("old-pw") && !printed.contains("cur-pw"));
    }

    #[test]
    fn stage_paths_are_lower_case_and_checked() {
        assert_eq!(
            path_of(&GetSecretStageValue::new("s 1", SecretStage::Previous)),
            "/api/v1/secrets/s%201/previous"
        );
        assert_eq!(
            path_of(&GetSecretStageValue::new("s", SecretStage::Pending)),
            "/api/v1/secrets/s/pending"
        );
        assert_eq!(
            GetSecretStageValue::new("", SecretStage::Active).validate().unwrap_err().field,
            "secretId"
        );
        let err = GetSecretStageValue::new("s", SecretStage::Other("ACTIVE".into())).validate().unwrap_err();
        assert_eq!(err.field, "secretValueStage");
        assert!(matches!(err.rule, crate::validate::Rule::OneOf(_)));
    }

    #[test]
    fn stage_value_answer_decodes_and_serializes_redacted() {
        let body = r#"{"code":"SUCCESS","data":{"decryptedSecretValue":{"value":"{\"pw\":\"p3nd\"}","valueStage":"PENDING"}}}"#;
        let out: SecretStageValue = decode(200, body.as_bytes()).unwrap();
        assert_eq!(out.value.expose(), r#"{"pw":"p3nd"}"#);
        assert_eq!(out.value_stage, ValueStage::Pending);
        assert!(!format!("{out:?}").contains("p3nd"));
        let expected = serde_json::json!({"value": crate::secret::REDACTED, "valueStage": "PENDING"});
        assert_eq!(serde_json::to_value(&out).unwrap(), expected);
        let lower =
            br#"{"code":"SUCCESS","data":{"decryptedSecretValue":{"value":"{}","valueStage":"previous"}}}"#;
        assert_eq!(decode::<SecretStageValue>(200, lower).unwrap().value_stage, ValueStage::Previous);
        let missing = decode::<SecretStageValue>(200, br#"{"code":"SUCCESS","data":{"value":"x"}}"#);
        assert!(matches!(missing, Err(crate::Error::Decode(_))));
    }
}
