//! Types of the CSMS answers. Unknown fields are ignored and absent optional fields are `None`,
//! so answers of a newer API version still decode. Times are integers as CSMS sends them
//! (epoch seconds or milliseconds, depending on the field and the API version). Every list
//! field reads an absent list or `null` as empty ([`list`]).

use serde::{Deserialize, Serialize};

use crate::secret::SecretString;
use crate::wire::string_enum;

/// Serde `deserialize_with` for every list field of every CSMS answer: `null` (which CSMS
/// sends for an empty `event_subscriptions`, `version_stages`, `tasks`...) reads as an empty
/// list, and so does an absent field with `#[serde(default)]`; a list is read as
/// [`crate::wire::bounded_list`] reads it (at most [`crate::wire::MAX_LIST_ITEMS`] items).
pub(crate) fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    /// The list itself, when it is not `null`.
    #[derive(Deserialize)]
    #[serde(bound(deserialize = "T: Deserialize<'de>"))]
    struct Items<T>(#[serde(deserialize_with = "crate::wire::bounded_list")] Vec<T>);

    Ok(Option::<Items<T>>::deserialize(d)?.map(|items| items.0).unwrap_or_default())
}

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
    #[serde(deserialize_with = "list")]
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
    #[serde(deserialize_with = "list")]
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
    #[serde(deserialize_with = "list")]
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
    #[serde(deserialize_with = "list")]
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

/// The answer of List Secret Task: `{"total", "tasks", "next_marker"}`, as the official
/// `ListSecretTaskResponse` and the API page describe it (the marker at the top level, no
/// `page_info`). A `page_info` object, as the other listings send it, is read too:
/// [`TaskList::next_page_marker`] takes the marker from either place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct TaskList {
    /// The number of tasks matching the filters.
    #[serde(default)]
    pub total: Option<u64>,
    /// The tasks of this page.
    #[serde(default)]
    #[serde(deserialize_with = "list")]
    pub tasks: Vec<SecretTask>,
    /// The marker to pass for the next page (the id of this page's last task); `None` on the
    /// last page.
    #[serde(default)]
    pub next_marker: Option<String>,
    /// Paging state, when the service sends it the way the other listings do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_info: Option<PageInfo>,
}

impl TaskList {
    /// The marker of the next page: the top-level `next_marker`, else that of `page_info`.
    ///
    /// ```
    /// use secretmanager_core::huawei::{self, TaskList};
    ///
    /// let page: TaskList = huawei::decode(200, br#"{"total":3,"tasks":null,"next_marker":"t-2"}"#)?;
    /// assert_eq!((page.total, page.next_page_marker()), (Some(3), Some("t-2")));
    /// # Ok::<(), secretmanager_core::Error>(())
    /// ```
    pub fn next_page_marker(&self) -> Option<&str> {
        self.next_marker
            .as_deref()
            .or_else(|| self.page_info.as_ref().and_then(|page| page.next_marker.as_deref()))
            .filter(|marker| !marker.is_empty())
    }
}

/// The answer of Download Secret Blob: `{"secret_blob"}`, the secret's backup (every version,
/// encrypted and encoded by CSMS), to give back to
/// [`UploadSecretBlob`](crate::huawei::UploadSecretBlob). Held as a secret: `Debug` and
/// ordinary serialization redact it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretBlob {
    /// The backup, as CSMS sends it (text, not to be read or changed).
    pub secret_blob: SecretString,
}

/// The answer of Generate Random Password: `{"password"}`. `Debug` and ordinary
/// serialization redact it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct RandomPassword {
    /// The generated password.
    pub password: SecretString,
}

/// One secret Batch Import Secrets could not create: `ErrorInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ImportError {
    /// The name of the secret.
    pub name: String,
    /// Why it failed.
    pub error_msg: String,
}

/// The answer of Batch Import Secrets: how many secrets were given, created and refused, and
/// why each refused one was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ImportResult {
    /// The secrets that failed, with the reason.
    #[serde(default)]
    #[serde(deserialize_with = "list")]
    pub error_list: Vec<ImportError>,
    /// How many secrets the request held.
    #[serde(default)]
    pub total: Option<u64>,
    /// How many were created.
    #[serde(default)]
    pub success: Option<u64>,
    /// How many failed.
    #[serde(default)]
    pub failed: Option<u64>,
}

/// The answer of Check Secrets: the check type and its result, an object CSMS does not
/// describe further.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct CheckResult {
    /// The check type (`1`).
    #[serde(default, rename = "type")]
    pub check_type: Option<String>,
    /// The result of the check, as CSMS sends it.
    #[serde(default)]
    pub data: Option<serde_json::Value>,
}

/// The answer of Show Secrets Config and Update Secrets Config: the project's secret checking
/// configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SecretsConfig {
    /// Whether CSMS checks the strength of secret values.
    #[serde(default)]
    pub checking_secret_strength: Option<bool>,
}
