//! Types of the CSMS answers. Unknown fields are ignored and absent optional fields are `None`,
//! so answers of a newer API version still decode. Times are integers as CSMS sends them
//! (epoch seconds or milliseconds, depending on the field and the API version).

use serde::{Deserialize, Serialize};

use crate::secret::SecretString;
use crate::wire::string_enum;

string_enum! {
    /// `secret_type`.
    pub enum SecretType {
        /// A secret holding any value, rotated by creating versions (the default).
        Common = "COMMON",
        /// An RDS database account that CSMS rotates through FunctionGraph.
        RdsFg = "RDS-FG",
        /// A GaussDB database account that CSMS rotates through FunctionGraph.
        GaussDbFg = "GaussDB-FG",
    }
}

string_enum! {
    /// `state` of a secret.
    pub enum SecretState {
        /// Usable.
        Enabled = "ENABLED",
        /// Disabled.
        Disabled = "DISABLED",
        /// Scheduled for deletion.
        PendingDelete = "PENDING_DELETE",
        /// Frozen.
        Frozen = "FROZEN",
    }
}

string_enum! {
    /// A version stage name: the two system stages, or a custom one.
    pub enum StageName {
        /// The version in use.
        SysCurrent = "SYSCURRENT",
        /// The version in use before the last rotation.
        SysPrevious = "SYSPREVIOUS",
    }
}

/// A secret's metadata (never its value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Secret {
    /// The secret's id.
    #[serde(default)]
    pub id: String,
    /// The secret's name.
    pub name: String,
    /// Its state.
    #[serde(default)]
    pub state: Option<SecretState>,
    /// The KMS key encrypting its values.
    #[serde(default)]
    pub kms_key_id: Option<String>,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub create_time: Option<i64>,
    /// When it was last changed.
    #[serde(default)]
    pub update_time: Option<i64>,
    /// When it will be deleted, if scheduled.
    #[serde(default)]
    pub scheduled_delete_time: Option<i64>,
    /// Its type.
    #[serde(default)]
    pub secret_type: Option<SecretType>,
    /// Whether CSMS rotates it automatically.
    #[serde(default)]
    pub auto_rotation: Option<bool>,
    /// The automatic rotation period, e.g. `30d`.
    #[serde(default)]
    pub rotation_period: Option<String>,
    /// The rotation configuration (RDS-FG / GaussDB-FG secrets).
    #[serde(default)]
    pub rotation_config: Option<String>,
    /// When it was last rotated.
    #[serde(default)]
    pub rotation_time: Option<i64>,
    /// When it will next be rotated.
    #[serde(default)]
    pub next_rotation_time: Option<i64>,
    /// Event subscriptions.
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub event_subscriptions: Vec<String>,
    /// The enterprise project it belongs to.
    #[serde(default)]
    pub enterprise_project_id: Option<String>,
    /// The FunctionGraph function that rotates it.
    #[serde(default)]
    pub rotation_func_urn: Option<String>,
}

/// The answer of Create Secret, Show Secret and Update Secret: `{"secret": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretResponse {
    /// The secret.
    pub secret: Secret,
}

/// Where a listing stands: `page_info`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct PageInfo {
    /// The marker to pass for the next page; `None` on the last page.
    #[serde(default)]
    pub next_marker: Option<String>,
    /// The marker of the previous page.
    #[serde(default)]
    pub previous_marker: Option<String>,
    /// Number of entries on this page.
    #[serde(default)]
    pub current_count: Option<u32>,
}

/// The answer of List Secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretList {
    /// The secrets of this page.
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub secrets: Vec<Secret>,
    /// Paging state.
    #[serde(default)]
    pub page_info: Option<PageInfo>,
}

/// A version's metadata (never its value): `version_metadata`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct VersionMetadata {
    /// The version id, e.g. `v3`.
    pub id: String,
    /// When it was created.
    #[serde(default)]
    pub create_time: Option<i64>,
    /// When it expires.
    #[serde(default)]
    pub expire_time: Option<i64>,
    /// The KMS key encrypting it.
    #[serde(default)]
    pub kms_key_id: Option<String>,
    /// The secret it belongs to.
    #[serde(default)]
    pub secret_name: Option<String>,
    /// Its stages (`SYSCURRENT`, `SYSPREVIOUS`, custom).
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub version_stages: Vec<String>,
}

/// The answer of Create Secret Version: `{"version_metadata": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct VersionMetadataResponse {
    /// The new version.
    pub version_metadata: VersionMetadata,
}

/// The answer of List Secret Versions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct VersionList {
    /// The versions of this page.
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub version_metadatas: Vec<VersionMetadata>,
    /// Paging state.
    #[serde(default)]
    pub page_info: Option<PageInfo>,
}

/// A version with its value. `Debug` redacts the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretVersion {
    /// The version's metadata.
    pub version_metadata: VersionMetadata,
    /// The text value, when the version holds one.
    #[serde(default)]
    pub secret_string: Option<SecretString>,
    /// The binary value as CSMS sends it (base64 text), when the version holds one.
    #[serde(default)]
    pub secret_binary: Option<SecretString>,
}

/// The answer of Show Secret Version: `{"version": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretVersionResponse {
    /// The version and its value.
    pub version: SecretVersion,
}

/// A stage and the version it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Stage {
    /// The stage name.
    pub name: String,
    /// When the stage last moved.
    #[serde(default)]
    pub update_time: Option<i64>,
    /// The secret.
    #[serde(default)]
    pub secret_name: Option<String>,
    /// The version the stage points at.
    pub version_id: String,
}

/// The answer of Show Secret Stage: `{"stage": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct StageResponse {
    /// The stage.
    pub stage: Stage,
}

/// The answer of Rotate Secret. Every field is optional: the documented example carries only
/// `rotation_task_id`, older services do not send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct RotateSecretResponse {
    /// The new version (`^v[0-9]{0,63}`).
    #[serde(default)]
    pub version_id: Option<String>,
    /// The secret rotated.
    #[serde(default)]
    pub secret_name: Option<String>,
    /// The rotation task (a UUID), to look up with
    /// [`ListSecretTask`](crate::huawei::ListSecretTask).
    #[serde(default)]
    pub rotation_task_id: Option<String>,
}

string_enum! {
    /// `task_status` of a rotation task (and the `status` filter of List Secret Task).
    pub enum TaskStatus {
        /// The rotation finished.
        Success = "SUCCESS",
        /// The rotation failed; `task_error_code` and `task_error_msg` tell why.
        Failed = "FAILED",
    }
}

/// A rotation task: what CSMS did when asked to rotate a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretTask {
    /// The task id (the `rotation_task_id` of Rotate Secret).
    pub task_id: String,
    /// The secret the task rotated.
    #[serde(default)]
    pub secret_name: Option<String>,
    /// The FunctionGraph function that ran the rotation.
    #[serde(default)]
    pub rotation_func_urn: Option<String>,
    /// How the task ended.
    #[serde(default)]
    pub task_status: Option<TaskStatus>,
    /// What the task did, e.g. `ROTATE`.
    #[serde(default)]
    pub operate_type: Option<String>,
    /// When the task ran.
    #[serde(default)]
    pub task_time: Option<i64>,
    /// How many attempts it took.
    #[serde(default)]
    pub attempt_nums: Option<u32>,
    /// The error code of a failed task.
    #[serde(default)]
    pub task_error_code: Option<String>,
    /// The error message of a failed task.
    #[serde(default)]
    pub task_error_msg: Option<String>,
}

/// The answer of List Secret Task.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct TaskList {
    /// The tasks of this page.
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire::bounded_list")]
    pub tasks: Vec<SecretTask>,
    /// Paging state.
    #[serde(default)]
    pub page_info: Option<PageInfo>,
}
