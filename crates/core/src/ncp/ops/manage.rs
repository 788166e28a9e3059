//! Creating a secret (operation 8 of the API reference); the other management operations
//! (9–17) are in `values`, `settings` and `lifecycle`.

use serde::{Deserialize, Serialize};

use crate::Operation;
use crate::http::Method;
use crate::http::json_body;
use crate::ncp::Ncp;
use crate::ncp::model::{KmsBoundaryType, ProtectionKeyType, Secret, SecretType};
use crate::ncp::rules;
use crate::ncp::wire::yn;
use crate::secret::{SecretBytes, SecretString};
use crate::validate::{Rule, ValidationError};

/// `secretValue` of Create Secret: the value and the keys that rotation replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewSecretValue {
    /// The text of a JSON object of 1–100 pairs, at most 10,000 bytes.
    pub value: SecretString,
    /// Keys of `value` that rotation replaces (at least one).
    pub rotation_targets: Vec<String>,
}

/// **Create Secret**: `POST /api/v1/secrets`. Answers the new [`Secret`].
///
/// ```
/// use secretmanager_core::ncp::CreateSecret;
/// use secretmanager_core::ncp::Operation as _;
///
/// let op = CreateSecret::new("db-password", r#"{"user":"app","password":"s3cr3t"}"#, ["password"])
///     .memo("orders database")
///     .auto_rotation(30, "trigger-1");
/// assert!(op.validate().is_ok());
/// assert!(!format!("{op:?}").contains("s3cr3t"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct CreateSecret {
    /// 3–15 letters, digits, `-` or `_`, starting with a letter.
    pub secret_name: String,
    /// Description, at most 1000 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// The value and its rotation targets.
    pub secret_value: NewSecretValue,
    /// Always [`SecretType::Basic`].
    #[serde(default)]
    pub secret_type: SecretType,
    /// Whether to rotate automatically (`autoRotationYN` on the wire).
    #[serde(rename(serialize = "autoRotationYN"), serialize_with = "yn::serialize", default)]
    #[schemars(extend("default" = false))]
    pub auto_rotation: bool,
    /// Rotation period in days, 1–730; required with auto rotation on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_rotation_period: Option<u32>,
    /// The rotation trigger; required with auto rotation on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_id: Option<String>,
    /// The key protecting the secret.
    #[serde(default)]
    pub protection_key_type: ProtectionKeyType,
    /// The KMS key tag; required with [`ProtectionKeyType::UserManagedKey`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_tag: Option<String>,
    /// Where the KMS key lives (newer API versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_boundary_type: Option<KmsBoundaryType>,
}

impl CreateSecret {
    /// A basic secret under the default key, without auto rotation.
    pub fn new<T: Into<String>>(
        secret_name: impl Into<String>,
        value: impl Into<SecretString>,
        rotation_targets: impl IntoIterator<Item = T>,
    ) -> Self {
        Self {
            secret_name: secret_name.into(),
            memo: None,
            secret_value: NewSecretValue {
                value: value.into(),
                rotation_targets: rotation_targets.into_iter().map(Into::into).collect(),
            },
            secret_type: SecretType::Basic,
            auto_rotation: false,
            auto_rotation_period: None,
            trigger_id: None,
            protection_key_type: ProtectionKeyType::Default,
            kms_key_tag: None,
            kms_boundary_type: None,
        }
    }

    /// Sets the description.
    pub fn memo(mut self, memo: impl Into<String>) -> Self {
        self.memo = Some(memo.into());
        self
    }

    /// Turns auto rotation on, every `period_days` days, through `trigger_id`.
    pub fn auto_rotation(mut self, period_days: u32, trigger_id: impl Into<String>) -> Self {
        self.auto_rotation = true;
        self.auto_rotation_period = Some(period_days);
        self.trigger_id = Some(trigger_id.into());
        self
    }

    /// Protects the secret with the user-managed KMS key `kms_key_tag`.
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

impl Operation for CreateSecret {
    type Provider = Ncp;
    type Output = Secret;
    const NAME: &'static str = "Create Secret";
    const METHOD: Method = Method::Post;
    const KIND: crate::OperationKind = crate::OperationKind::Create;
    const SETTLED_BY: &'static str = "Get Secret List";

    fn validate(&self) -> Result<(), ValidationError> {
        rules::validate_secret_name(&self.secret_name)?;
        if let Some(memo) = &self.memo {
            rules::validate_memo(memo)?;
        }
        let keys = rules::validate_secret_value("secretValue.value", self.secret_value.value.expose())?;
        rules::validate_rotation_targets(&self.secret_value.rotation_targets, &keys)?;
        if let SecretType::Other(_) = self.secret_type {
            return Err(ValidationError::new("secretType", Rule::OneOf(SecretType::DOCUMENTED)));
        }
        match (self.auto_rotation, self.auto_rotation_period) {
            (_, Some(days)) => rules::validate_rotation_period("autoRotationPeriod", days)?,
            (true, None) => {
                return Err(ValidationError::new(
                    "autoRotationPeriod",
                    Rule::RequiredWhen("autoRotationYN is Y"),
                ));
            }
            (false, None) => {}
        }
        match (&self.trigger_id, self.auto_rotation) {
            (Some(id), _) => rules::validate_identifier("triggerId", id)?,
            (None, true) => {
                return Err(ValidationError::new("triggerId", Rule::RequiredWhen("autoRotationYN is Y")));
            }
            (None, false) => {}
        }
        rules::validate_protection_key(&self.protection_key_type, self.kms_key_tag.as_deref())?;
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/api/v1/secrets");
    }

    fn collect_secrets(&self, redactor: &mut crate::Redactor) {
        redactor.add(self.secret_value.value.expose());
    }

    fn body(&self) -> Option<SecretBytes> {
        json_body(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::{EpochMillis, ProtectionKey, RotationPhase, SecretStatus, Trigger, decode};

    /// The request body of the Create Secret document, verbatim.
    const DOC_REQUEST: &str = r#"{
    "secretName": "test-***",
    "memo": "Secret Manager Description",
    "secretValue": {
        "value": "{\"abc\":\"cba\"}",
        "rotationTargets": [
            "abc"
        ]
    },
    "secretType": "BASIC",
    "autoRotationYN": "Y",
    "autoRotationPeriod": 90,
    "triggerId": "*****",
    "protectionKeyType": "USER_MANAGED_KEY",
    "kmsKeyTag": "*****a8e99ef1ba49b9c190a0cb4f6fb20cff86dd3a3017fd6ee05aea8b*****"
}"#;

    /// The response of the Create Secret document, verbatim.
    const DOC_RESPONSE: &str = r#"{
    "code": "SUCCESS",
    "data": {
        "secretId": "*****687685109842348f7358629bca2a6b2491e8c2352718e7d312b183*****",
        "secretName": "test-***",
        "secretStatus": "ENABLE",
        "secretType": "BASIC",
        "memo": "Secret Manager Description",
        "region": "KR",
        "registerDate": 1753065580243,
        "autoRotationYN": "Y",
        "autoRotationPeriod": 90,
        "nextRotationDate": 1760842800000,
        "rotationPhase": "NONE",
        "trigger": {
            "id": "*****",
            "name": "test",
            "url": "https://console.ncloud.com/vpcCloudFunctions/trigger/detail/test"
        },
        "protectionKey": {
            "type": "USER_MANAGED_KEY",
            "kmsKeyTag": "*****a8e99ef1ba49b9c190a0cb4f6fb20cff86dd3a3017fd6ee05aea8b*****",
            "kmsKeyName": "test-***"
        }
    }
}"#;

    const KMS_TAG: &str = "*****a8e99ef1ba49b9c190a0cb4f6fb20cff86dd3a3017fd6ee05aea8b*****";

    #[test]
    fn document_request_round_trips_field_for_field() {
        // A caller's JSON names the flag `autoRotation`, a boolean; the wire's `autoRotationYN`.
        let as_called = DOC_REQUEST.replace(r#""autoRotationYN": "Y""#, r#""autoRotation": true"#);
        assert_ne!(as_called, DOC_REQUEST);
        let op: CreateSecret = serde_json::from_str(&as_called).unwrap();
        let expected = CreateSecret::new("test-***", "{\"abc\":\"cba\"}", ["abc"])
            .memo("Secret Manager Description")
            .auto_rotation(90, "*****")
            .user_managed_key(KMS_TAG);
        assert_eq!(op, expected);
        let written: serde_json::Value = serde_json::from_slice(op.body().unwrap().expose()).unwrap();
        let original: serde_json::Value = serde_json::from_str(DOC_REQUEST).unwrap();
        assert_eq!(written, original);
    }

    #[test]
    fn document_response_decodes_field_for_field() {
        let secret: Secret = decode(200, DOC_RESPONSE.as_bytes()).unwrap();
        assert_eq!(secret.secret_id, "*****687685109842348f7358629bca2a6b2491e8c2352718e7d312b183*****");
        assert_eq!(secret.secret_name, "test-***");
        assert_eq!(secret.secret_status, Some(SecretStatus::Enable));
        assert_eq!(secret.secret_type, Some(SecretType::Basic));
        assert_eq!(secret.memo.as_deref(), Some("Secret Manager Description"));
        assert_eq!(secret.region.as_deref(), Some("KR"));
        assert_eq!(secret.register_date, Some(EpochMillis(1_753_065_580_243)));
        assert_eq!(secret.auto_rotation, Some(true));
        assert_eq!(secret.auto_rotation_period, Some(90));
        assert_eq!(secret.next_rotation_date, Some(EpochMillis(1_760_842_800_000)));
        assert_eq!(secret.rotation_phase, Some(RotationPhase::None));
        assert_eq!(
            secret.trigger,
            Some(Trigger {
                id: "*****".into(),
                name: Some("test".into()),
                url: Some("https://console.ncloud.com/vpcCloudFunctions/trigger/detail/test".into()),
                recently_executed_action: None,
            })
        );
        assert_eq!(
            secret.protection_key,
            Some(ProtectionKey {
                key_type: ProtectionKeyType::UserManagedKey,
                kms_key_tag: Some(KMS_TAG.into()),
                kms_key_name: Some("test-***".into()),
            })
        );
        // Serialized in the caller's shape: the wire's `autoRotationYN: "Y"` is
        // `autoRotation: true`, the key's `type` is `keyType`.
        let as_called = DOC_RESPONSE
            .replace(r#""autoRotationYN": "Y""#, r#""autoRotation": true"#)
            .replace(r#""type": "USER_MANAGED_KEY""#, r#""keyType": "USER_MANAGED_KEY""#);
        let envelope: serde_json::Value = serde_json::from_str(&as_called).unwrap();
        assert_eq!(serde_json::to_value(&secret).unwrap(), envelope["data"]);
    }

    fn rule_of(op: CreateSecret) -> (&'static str, Rule) {
        let err = op.validate().unwrap_err();
        (err.field, err.rule)
    }

    #[test]
    fn conditional_fields_are_enforced() {
        let base = || CreateSecret::new("db-pass", r#"{"pw":"x"}"#, ["pw"]);
        assert!(base().validate().is_ok());
        let mut op = base();
        op.auto_rotation = true;
        assert_eq!(rule_of(op.clone()).0, "autoRotationPeriod");
        op.auto_rotation_period = Some(90);
        assert_eq!(rule_of(op.clone()), ("triggerId", Rule::RequiredWhen("autoRotationYN is Y")));
        op.trigger_id = Some("t".into());
        assert!(op.validate().is_ok());
        let mut op = base();
        op.protection_key_type = ProtectionKeyType::UserManagedKey;
        assert_eq!(rule_of(op).0, "kmsKeyTag");
        let mut op = base();
        op.kms_key_tag = Some("tag".into());
        assert_eq!(rule_of(op), ("kmsKeyTag", Rule::ForbiddenWhen("protectionKeyType is DEFAULT")));
        assert_eq!(rule_of(base().auto_rotation(0, "t")).0, "autoRotationPeriod");
        assert_eq!(rule_of(base().auto_rotation(731, "t")).0, "autoRotationPeriod");
        assert!(base().auto_rotation(730, "t").validate().is_ok());
        assert!(base().auto_rotation(1, "t").validate().is_ok());
    }

    #[test]
    fn every_field_is_checked() {
        assert_eq!(rule_of(CreateSecret::new("ab", r#"{"pw":"x"}"#, ["pw"])).0, "secretName");
        assert_eq!(rule_of(CreateSecret::new("abc", "not json", ["pw"])).0, "secretValue.value");
        assert_eq!(
            rule_of(CreateSecret::new("abc", r#"{"pw":"x"}"#, Vec::<String>::new())).0,
            "rotationTargets"
        );
        assert_eq!(
            rule_of(CreateSecret::new("abc", r#"{"pw":"x"}"#, ["user"])),
            ("rotationTargets", Rule::NotAKeyOfValue { index: 0 })
        );
        assert_eq!(
            rule_of(CreateSecret::new("abc", r#"{"pw":"x"}"#, ["pw"]).memo("m".repeat(1001))).0,
            "memo"
        );
        let mut op = CreateSecret::new("abc", r#"{"pw":"x"}"#, ["pw"]);
        op.secret_type = SecretType::Other("FANCY".into());
        assert_eq!(rule_of(op).0, "secretType");
    }
}
