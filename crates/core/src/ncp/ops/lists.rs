//! The lists that other calls refer to: protection keys (for `kmsKeyTag`) and rotation
//! triggers (for `triggerId`) (operations 6 and 7). Both are plain reads without parameters.

use serde::{Deserialize, Deserializer, Serialize};

use crate::Operation;
use crate::http::Method;
use crate::ncp::Ncp;
use crate::ncp::wire::string_or_number;
use crate::validate::ValidationError;
use crate::wire::string_enum;

string_enum! {
    /// `keyStatus` of a KMS key.
    pub enum KeyStatus {
        /// Usable.
        Enable = "ENABLE",
        /// Disabled.
        Disable = "DISABLE",
    }
}

string_enum! {
    /// `keyType` of a KMS key.
    pub enum KeyType {
        /// AES-256.
        Aes256 = "AES256",
        /// RSA-2048.
        Rsa2048 = "RSA2048",
    }
}

/// Reads an optional word where NCP sends `""` for "none" (the default key has no status or
/// type).
fn empty_as_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.filter(|t| !t.is_empty()).map(|t| T::from(t.as_str())))
}

/// A key that can protect secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct KmsKey {
    /// Key id; documented as a string, sent as a number (`0` for the default key): both are
    /// read, and kept as text.
    #[schemars(with = "String")]
    #[serde(default, with = "string_or_number")]
    pub key_id: String,
    /// Key tag, the `kmsKeyTag` of Create Secret and Update Protection Key (empty for the
    /// default key).
    #[serde(default)]
    pub key_tag: String,
    /// Key name.
    #[serde(default)]
    pub key_name: String,
    /// Status; `None` for the default key.
    #[serde(default, deserialize_with = "empty_as_none", skip_serializing_if = "Option::is_none")]
    pub key_status: Option<KeyStatus>,
    /// Type; `None` for the default key.
    #[serde(default, deserialize_with = "empty_as_none", skip_serializing_if = "Option::is_none")]
    pub key_type: Option<KeyType>,
}

/// The answer of Get Protection Key List.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProtectionKeyList {
    /// The keys, the Secret Manager default key included.
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub key_list: Vec<KmsKey>,
}

/// **Get Protection Key List**: `GET /api/v1/keys`. The keys that can protect a secret.
///
/// Idempotent: it reads.
///
/// ```
/// use secretmanager_core::ncp::{self, GetProtectionKeyList, Operation as _};
///
/// let mut path = String::new();
/// GetProtectionKeyList::new().write_path(&mut path);
/// assert_eq!(path, "/api/v1/keys");
/// let list: ncp::ProtectionKeyList = ncp::decode(200, br#"{"code":"SUCCESS","data":{"keyList":[
///     {"keyId":12345,"keyTag":"tag-1","keyName":"mine","keyStatus":"ENABLE","keyType":"AES256"}]}}"#).unwrap();
/// assert_eq!(list.key_list[0].key_id, "12345");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct GetProtectionKeyList {}

impl GetProtectionKeyList {
    /// Lists the keys.
    pub fn new() -> Self {
        Self {}
    }
}

impl Operation for GetProtectionKeyList {
    type Provider = Ncp;
    type Output = ProtectionKeyList;
    const NAME: &'static str = "Get Protection Key List";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/api/v1/keys");
    }
}

/// An action a trigger runs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TriggerAction {
    /// Action name.
    #[serde(default)]
    pub name: String,
    /// Action description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A Cloud Functions trigger of type "Secret Manager", as Get Trigger List answers it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TriggerSummary {
    /// Trigger id, the `triggerId` of other calls.
    #[serde(default)]
    pub id: String,
    /// Trigger name.
    #[serde(default)]
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Console URL of the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// Platform (e.g. `VPC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// Region code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Ids of the secrets linked to the trigger.
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub linked_secret_list: Vec<String>,
    /// The actions the trigger runs.
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub action_list: Vec<TriggerAction>,
}

/// The answer of Get Trigger List.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TriggerList {
    /// The triggers.
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub trigger_list: Vec<TriggerSummary>,
}

/// **Get Trigger List**: `GET /api/v1/triggers`. The triggers a secret can rotate through.
///
/// Idempotent: it reads.
///
/// ```
/// use secretmanager_core::ncp::{GetTriggerList, Operation as _};
///
/// let mut path = String::new();
/// GetTriggerList::new().write_path(&mut path);
/// assert_eq!(path, "/api/v1/triggers");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct GetTriggerList {}

impl GetTriggerList {
    /// Lists the triggers.
    pub fn new() -> Self {
        Self {}
    }
}

impl Operation for GetTriggerList {
    type Provider = Ncp;
    type Output = TriggerList;
    const NAME: &'static str = "Get Trigger List";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/api/v1/triggers");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncp::decode;

    #[test]
    fn key_ids_as_numbers_or_strings_and_empty_words() {
        let body = br#"{"code":"SUCCESS","data":{"keyList":[
            {"keyId":0,"keyTag":"","keyName":"Secret Manager Default Key","keyStatus":"","keyType":""},
            {"keyId":"12345","keyTag":"tag-1","keyName":"k","keyStatus":"DISABLE","keyType":"RSA2048"},
            {"keyId":12345678901,"keyTag":"tag-2","keyName":"k2","keyStatus":"ENABLE","keyType":"AES256"}]}}"#;
        let list: ProtectionKeyList = decode(200, body).unwrap();
        let keys = &list.key_list;
        assert_eq!(
            (keys[0].key_id.as_str(), keys[0].key_status.as_ref(), keys[0].key_type.as_ref()),
            ("0", None, None)
        );
        assert_eq!(keys[1].key_id, "12345");
        assert_eq!(
            (keys[1].key_status.as_ref(), keys[1].key_type.as_ref()),
            (Some(&KeyStatus::Disable), Some(&KeyType::Rsa2048))
        );
        assert_eq!(keys[2].key_id, "12345678901");
        assert_eq!(keys[2].key_type, Some(KeyType::Aes256));
        let bad =
            decode::<ProtectionKeyList>(200, br#"{"code":"SUCCESS","data":{"keyList":[{"keyId":[1]}]}}"#);
        assert!(matches!(bad, Err(crate::Error::Decode(_))));
    }

    #[test]
    fn trigger_list_decodes() {
        let body = br#"{"code":"SUCCESS","data":{"triggerList":[{"id":"t1","name":"rotate-db",
            "description":"d","pageUrl":"https://console.ncloud.com/vpcCloudFunctions/trigger/t1",
            "platform":"VPC","region":"KR","linkedSecretList":["s1","s2"],
            "actionList":[{"name":"rotate","description":"changes the password"}]}]}}"#;
        let list: TriggerList = decode(200, body).unwrap();
        let trigger = &list.trigger_list[0];
        assert_eq!((trigger.id.as_str(), trigger.name.as_str()), ("t1", "rotate-db"));
        assert_eq!(trigger.linked_secret_list, ["s1", "s2"]);
        assert_eq!(trigger.action_list[0].name, "rotate");
        assert_eq!(trigger.platform.as_deref(), Some("VPC"));
    }

    #[test]
    fn list_paths_take_no_parameters() {
        for (path, body) in [
            (written(&GetProtectionKeyList::new()), GetProtectionKeyList::new().body()),
            (written(&GetTriggerList::new()), GetTriggerList::new().body()),
        ] {
            assert!(path == "/api/v1/keys" || path == "/api/v1/triggers", "{path}");
            assert!(body.is_none());
        }
        assert!(GetProtectionKeyList::new().validate().is_ok() && GetTriggerList::new().validate().is_ok());
    }

    fn written(op: &impl Operation) -> String {
        let mut path = String::new();
        op.write_path(&mut path);
        path
    }
}
