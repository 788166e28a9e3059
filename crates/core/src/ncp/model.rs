//! Types shared by the NCP operations' requests and answers.

use serde::{Deserialize, Serialize};

use super::wire::{EpochMillis, yn};
use crate::secret::SecretString;
use crate::wire::string_enum;

string_enum! {
    /// `secretStatus`.
    pub enum SecretStatus {
        /// Available.
        Enable = "ENABLE",
        /// Suspended.
        Disable = "DISABLE",
        /// Scheduled for deletion.
        Revoke = "REVOKE",
        /// Rotation in progress.
        Rotating = "ROTATING",
        /// Finally deleted.
        Destroyed = "DESTROYED",
    }
}

string_enum! {
    /// `secretType`.
    #[derive(Default)]
    pub enum SecretType {
        /// The default (and only documented) type.
        #[default]
        Basic = "BASIC",
    }
}

string_enum! {
    /// `protectionKeyType`.
    #[derive(Default)]
    pub enum ProtectionKeyType {
        /// The Secret Manager default key.
        #[default]
        Default = "DEFAULT",
        /// A KMS key of the user's, named by `kmsKeyTag`.
        UserManagedKey = "USER_MANAGED_KEY",
    }
}

string_enum! {
    /// `kmsBoundaryType`: where the KMS key lives.
    pub enum KmsBoundaryType {
        /// A KMS global key (KR only, existing secrets).
        Global = "GLOBAL",
        /// A region-isolated KMS key.
        Isolated = "ISOLATED",
    }
}

string_enum! {
    /// `rotationPhase`.
    pub enum RotationPhase {
        /// No rotation yet, or the last one ended normally.
        None = "NONE",
        /// Rotation in progress.
        Rotating = "ROTATING",
        /// The last rotation failed.
        RotationFailed = "ROTATION_FAILED",
    }
}

string_enum! {
    /// A stage of the value chain, as used in paths (`previous`, `active`, `pending`).
    pub enum SecretStage {
        /// The value used before the active one.
        Previous = "previous",
        /// The value in normal use.
        Active = "active",
        /// The value of a rotation waiting to complete.
        Pending = "pending",
    }
}

string_enum! {
    case_insensitive;
    /// A stage of the value chain, as answers name it (`valueStage`: `PREVIOUS`, `ACTIVE`,
    /// `PENDING`). Read in any case, since the reference also shows `active`; written in upper
    /// case. A word that is none of the three is kept, as sent, in `Other`.
    ///
    /// ```
    /// use secretmanager_core::ncp::ValueStage;
    ///
    /// let stage: ValueStage = serde_json::from_str(r#""active""#).unwrap();
    /// assert_eq!(stage, ValueStage::Active);
    /// assert_eq!(stage.as_str(), "ACTIVE");
    /// ```
    pub enum ValueStage {
        /// The value used before the active one.
        Previous = "PREVIOUS",
        /// The value in normal use.
        Active = "ACTIVE",
        /// The value of a rotation waiting to complete.
        Pending = "PENDING",
    }
}

impl SecretStage {
    /// Checks that the stage is one of the documented three, for use in a path.
    pub(crate) fn validate(&self) -> Result<(), crate::validate::ValidationError> {
        use crate::validate::{Rule, ValidationError};
        match self {
            SecretStage::Other(_) => {
                Err(ValidationError::new("secretValueStage", Rule::OneOf(Self::DOCUMENTED)))
            }
            _ => Ok(()),
        }
    }
}

/// `trigger`: the Cloud Functions trigger linked to a secret.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Trigger {
    /// Trigger id.
    #[serde(default)]
    pub id: String,
    /// Trigger name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Trigger console URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Recently executed action, when an action has run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recently_executed_action: Option<String>,
}

/// `protectionKey`: the key protecting a secret.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProtectionKey {
    /// Key type.
    #[serde(rename(deserialize = "type"))]
    pub key_type: ProtectionKeyType,
    /// KMS key tag (user-managed keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_tag: Option<String>,
    /// KMS key name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_name: Option<String>,
}

/// A secret's metadata, as Create Secret and Get Secret Detail return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Secret {
    /// Secret id.
    pub secret_id: String,
    /// Secret name.
    #[serde(default)]
    pub secret_name: String,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_status: Option<SecretStatus>,
    /// Type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_type: Option<SecretType>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// Region code, e.g. `KR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Creation date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_date: Option<EpochMillis>,
    /// Last update date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_date: Option<EpochMillis>,
    /// Date of final deletion, when deletion was requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_destroy_date: Option<EpochMillis>,
    /// Whether the secret rotates automatically.
    #[serde(
        rename(deserialize = "autoRotationYN"),
        default,
        deserialize_with = "yn::option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_rotation: Option<bool>,
    /// Rotation period in days (shown with auto rotation on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_rotation_period: Option<u32>,
    /// Next rotation date (shown with auto rotation on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_rotation_date: Option<EpochMillis>,
    /// Date of the last rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotation_date: Option<EpochMillis>,
    /// Id of the last rotation's result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotation_result_id: Option<String>,
    /// Rotation phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation_phase: Option<RotationPhase>,
    /// Linked trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
    /// Protection key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protection_key: Option<ProtectionKey>,
}

/// The value chain PREVIOUS / ACTIVE / PENDING; each stage is the text of a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretChain {
    /// The value used before the active one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<SecretString>,
    /// The value in normal use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<SecretString>,
    /// The value of a rotation waiting to complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<SecretString>,
}

impl SecretChain {
    /// The value at `stage`.
    pub fn stage(&self, stage: &SecretStage) -> Option<&SecretString> {
        match stage {
            SecretStage::Previous => self.previous.as_ref(),
            SecretStage::Active => self.active.as_ref(),
            SecretStage::Pending => self.pending.as_ref(),
            SecretStage::Other(_) => None,
        }
    }
}

/// The decrypted chain and the rotation targets, as Get Secret Value and Start Rotation Job
/// return them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecretValueChain {
    /// The decrypted chain.
    #[serde(rename(deserialize = "decryptedSecretChain"), default)]
    pub chain: SecretChain,
    /// The keys of the value that rotation replaces.
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub rotation_targets: Vec<String>,
}
