//! Changing a secret's memo and protection key (operations 11 and 12).

use serde::{Deserialize, Serialize};

use super::{secret_path, validate_secret_id};
use crate::Operation;
use crate::http::Method;
use crate::http::json_body;
use crate::ncp::Ncp;
use crate::ncp::model::{KmsBoundaryType, ProtectionKey, ProtectionKeyType};
use crate::ncp::rules;
use crate::ncp::wire::EpochMillis;
use crate::secret::SecretBytes;
use crate::validate::{Rule, ValidationError};

/// The memo after Update Secret Memo.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecretMemo {
    /// Secret id.
    #[serde(default)]
    pub secret_id: String,
    /// The memo now.
    #[serde(default)]
    pub memo: String,
    /// When it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_date: Option<EpochMillis>,
}

/// **Update Secret Memo**: `PUT /api/v1/secrets/{secretId}/memo` with body `{"memo":"..."}`
/// (at most 1000 bytes; an empty memo clears it).
///
/// Idempotent: it sets the memo; a resend sets the same text.
///
/// ```
/// use secretmanager_core::ncp::{Operation as _, UpdateSecretMemo};
///
/// let op = UpdateSecretMemo::new("sid", "orders \"db\"");
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/api/v1/secrets/sid/memo");
/// assert_eq!(op.body().unwrap().expose(), br#"{"memo":"orders \"db\""}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateSecretMemo {
    /// Secret id (in the path).
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// The new memo, at most 1000 bytes.
    pub memo: String,
}

impl UpdateSecretMemo {
    /// Sets the memo of `secret_id` to `memo`.
    pub fn new(secret_id: impl Into<String>, memo: impl Into<String>) -> Self {
        Self { secret_id: secret_id.into(), memo: memo.into() }
    }
}

impl Operation for UpdateSecretMemo {
    type Provider = Ncp;
    type Output = SecretMemo;
    const NAME: &'static str = "Update Secret Memo";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_id(&self.secret_id)?;
        rules::validate_memo(&self.memo)
    }

    fn write_path(&self, out: &mut String) {
        secret_path(out, &self.secret_id);
        out.push_str("/memo");
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

/// The protection key after Update Protection Key.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProtectionKeyChange {
    /// Secret id.
    #[serde(default)]
    pub secret_id: String,
    /// The key now protecting the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protection_key: Option<ProtectionKey>,
}

/// **Update Protection Key**: `PUT /api/v1/secrets/{secretId}/protection-key` with body
/// `{"protectionKeyType", "kmsKeyTag"?, "kmsBoundaryType"?}`. `kmsKeyTag` is required with
/// `USER_MANAGED_KEY` and refused with `DEFAULT`; `kmsBoundaryType` is required in the KR
/// region (JPN keys are always `ISOLATED`), so it is sent when set and left to NCP to enforce.
///
/// Idempotent: it sets the key; a resend sets the same key.
///
/// ```
/// use secretmanager_core::ncp::{KmsBoundaryType, Operation as _, UpdateProtectionKey};
///
/// let op = UpdateProtectionKey::new("sid").user_managed_key("tag-1").kms_boundary(KmsBoundaryType::Isolated);
/// assert_eq!(
///     op.body().unwrap().expose(),
///     br#"{"protectionKeyType":"USER_MANAGED_KEY","kmsKeyTag":"tag-1","kmsBoundaryType":"ISOLATED"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct UpdateProtectionKey {
    /// Secret id (in the path).
    #[serde(skip_serializing)]
    pub secret_id: String,
    /// The key type.
    pub protection_key_type: ProtectionKeyType,
    /// The KMS key tag (from Get Protection Key List); required with a user-managed key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_tag: Option<String>,
    /// Where the KMS key lives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_boundary_type: Option<KmsBoundaryType>,
}

impl UpdateProtectionKey {
    /// Protects `secret_id` with the Secret Manager default key.
    pub fn new(secret_id: impl Into<String>) -> Self {
        Self {
            secret_id: secret_id.into(),
            protection_key_type: ProtectionKeyType::Default,
            kms_key_tag: None,
            kms_boundary_type: None,
        }
    }

    /// Protects the secret with the user-managed KMS key `kms_key_tag` instead.
    pub fn user_managed_key(mut self, kms_key_tag: impl Into<String>) -> Self {
        self.protection_key_type = ProtectionKeyType::UserManagedKey;
        self.kms_key_tag = Some(kms_key_tag.into());
        self
    }

    /// Sets where the KMS key lives.
    pub fn kms_boundary(mut self, boundary: KmsBoundaryType) -> Self {
        self.kms_boundary_type = Some(boundary);
        self
    }
}

impl Operation for UpdateProtectionKey {
    type Provider = Ncp;
    type Output = ProtectionKeyChange;
    const NAME: &'static str = "Update Protection Key";
    const METHOD: Method = Method::Put;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        validate_secret_id(&self.secret_id)?;
        rules::validate_protection_key(&self.protection_key_type, self.kms_key_tag.as_deref())?;
        if let Some(KmsBoundaryType::Other(_)) = self.kms_boundary_type {
            return Err(ValidationError::new("kmsBoundaryType", Rule::OneOf(KmsBoundaryType::DOCUMENTED)));
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        secret_path(out, &self.secret_id);
        out.push_str("/protection-key");
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
    fn memo_path_body_and_limits() {
        let op = UpdateSecretMemo::new("a b", "메모");
        let mut path = String::new();
        op.write_path(&mut path);
        assert_eq!(path, "/api/v1/secrets/a%20b/memo");
        assert_eq!(op.body().unwrap().expose(), "{\"memo\":\"메모\"}".as_bytes());
        assert!(UpdateSecretMemo::new("s", "").validate().is_ok());
        assert!(UpdateSecretMemo::new("s", "a".repeat(1000)).validate().is_ok());
        let err = UpdateSecretMemo::new("s", "a".repeat(1001)).validate().unwrap_err();
        assert_eq!((err.field, err.rule), ("memo", Rule::ByteLength { max: 1000, actual: 1001 }));
        assert_eq!(UpdateSecretMemo::new("", "m").validate().unwrap_err().field, "secretId");
    }

    #[test]
    fn memo_answer_decodes() {
        let body = br#"{"code":"SUCCESS","data":{"secretId":"s1","memo":"new","updateDate":1753165313617}}"#;
        let out: SecretMemo = decode(200, body).unwrap();
        assert_eq!((out.secret_id.as_str(), out.memo.as_str()), ("s1", "new"));
        assert_eq!(out.update_date, Some(EpochMillis(1_753_165_313_617)));
    }

    #[test]
    fn protection_key_path_and_default_body() {
        let op = UpdateProtectionKey::new("s/1");
        let mut path = String::new();
        op.write_path(&mut path);
        assert_eq!(path, "/api/v1/secrets/s%2F1/protection-key");
        assert!(op.validate().is_ok());
        assert_eq!(op.body().unwrap().expose(), br#"{"protectionKeyType":"DEFAULT"}"#);
        let op = UpdateProtectionKey::new("s").kms_boundary(KmsBoundaryType::Global);
        assert_eq!(
            op.body().unwrap().expose(),
            br#"{"protectionKeyType":"DEFAULT","kmsBoundaryType":"GLOBAL"}"#
        );
    }

    #[test]
    fn protection_key_rules() {
        let rule_of = |op: UpdateProtectionKey| {
            let err = op.validate().unwrap_err();
            (err.field, err.rule)
        };
        assert!(UpdateProtectionKey::new("s").user_managed_key("t").validate().is_ok());
        let mut op = UpdateProtectionKey::new("s");
        op.protection_key_type = ProtectionKeyType::UserManagedKey;
        assert_eq!(
            rule_of(op.clone()),
            ("kmsKeyTag", Rule::RequiredWhen("protectionKeyType is USER_MANAGED_KEY"))
        );
        op.kms_key_tag = Some(String::new());
        assert_eq!(rule_of(op), ("kmsKeyTag", Rule::Required));
        let mut op = UpdateProtectionKey::new("s");
        op.kms_key_tag = Some("t".into());
        assert_eq!(rule_of(op), ("kmsKeyTag", Rule::ForbiddenWhen("protectionKeyType is DEFAULT")));
        let mut op = UpdateProtectionKey::new("s");
        op.protection_key_type = ProtectionKeyType::Other("HSM".into());
        assert_eq!(rule_of(op).0, "protectionKeyType");
        let op = UpdateProtectionKey::new("s").kms_boundary(KmsBoundaryType::Other("x".into()));
        assert_eq!(rule_of(op).0, "kmsBoundaryType");
        assert_eq!(rule_of(UpdateProtectionKey::new("")).0, "secretId");
    }

    #[test]
    fn protection_key_answer_decodes() {
        let body = br#"{"code":"SUCCESS","data":{"secretId":"s1","protectionKey":
            {"type":"USER_MANAGED_KEY","kmsKeyTag":"tag","kmsKeyName":"name"}}}"#;
        let out: ProtectionKeyChange = decode(200, body).unwrap();
        assert_eq!(out.secret_id, "s1");
        let key = out.protection_key.unwrap();
        assert_eq!(key.key_type, ProtectionKeyType::UserManagedKey);
        assert_eq!((key.kms_key_tag.as_deref(), key.kms_key_name.as_deref()), (Some("tag"), Some("name")));
    }
}
