//! Maps a Huawei request to one of the 45 CSMS operations of the official SDK, and an operation
//! to the group of handlers that serves it.
//!
//! Paths are `/v1/{project_id}/…`, except the account-wide ones under `/v1/csms/…` (agencies,
//! users, function templates), which carry no project id ([`HwRoute::project_id`] is `None`).
//!
//! # How a group of operations plugs in
//!
//! A group (secrets, tags, events, grants, account…) is one module under `huawei/` with one
//! entry point of type [`Handler`]:
//!
//! ```text
//! pub(crate) fn handle(store: &mut HuaweiStore, route: &HwRoute, query: &Query<'_>, body: &[u8])
//!     -> Result<serde_json::Value, HwError>
//! ```
//!
//! It matches `route.op` on the variants of its group (their fields are the path parameters),
//! reads query parameters with [`Query::get`], parses `body` (e.g. with `JsonBody::parse`), and
//! answers the official response model as JSON (or an [`HwError`] from the DEW error table).
//! `store.now()` is the emulator's clock in milliseconds; `store.secrets` are the secrets; a
//! group keeps its own state in `store.groups.get::<T>()` (any `T: Default + Send`), so it adds
//! no field to the store. Plugging in is then ONE arm of [`handler`]: replace the group's
//! `=> None` by `=> Some(tags::handle)` (and add `mod tags;` in `huawei/mod.rs`). An operation
//! whose arm yields `None` answers 501 `CSMS.0003` "not implemented by the emulator".

use serde_json::Value;

use super::state::HwError;
use super::store::HuaweiStore;
use crate::exchange::decode;

/// The handler of a group of operations (see the module documentation).
pub(crate) type Handler = fn(&mut HuaweiStore, &HwRoute, &Query<'_>, &[u8]) -> Result<Value, HwError>;

/// The 45 CSMS operations, each with its path parameters (decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HwOp {
    // Secrets, versions, stages, blobs, checks (group A).
    /// `POST /v1/{project_id}/secrets`
    CreateSecret,
    /// `GET /v1/{project_id}/secrets`
    ListSecrets,
    /// `GET /v1/{project_id}/secrets/{secret_name}`
    ShowSecret { secret_name: String },
    /// `PUT /v1/{project_id}/secrets/{secret_name}`
    UpdateSecret { secret_name: String },
    /// `DELETE /v1/{project_id}/secrets/{secret_name}`
    DeleteSecret { secret_name: String },
    /// `POST /v1/{project_id}/secrets/{secret_name}/scheduled-deleted-tasks/create`
    DeleteSecretForSchedule { secret_name: String },
    /// `POST /v1/{project_id}/secrets/{secret_name}/scheduled-deleted-tasks/cancel`
    RestoreSecret { secret_name: String },
    /// `POST /v1/{project_id}/secrets/{secret_name}/rotate`
    RotateSecret { secret_name: String },
    /// `POST /v1/{project_id}/secrets/{secret_name}/versions`
    CreateSecretVersion { secret_name: String },
    /// `GET /v1/{project_id}/secrets/{secret_name}/versions`
    ListSecretVersions { secret_name: String },
    /// `GET /v1/{project_id}/secrets/{secret_name}/versions/{version_id}`
    ShowSecretVersion { secret_name: String, version_id: String },
    /// `PUT /v1/{project_id}/secrets/{secret_name}/versions/{version_id}`
    UpdateVersion { secret_name: String, version_id: String },
    /// `GET /v1/{project_id}/secrets/{secret_name}/stages/{stage_name}`
    ShowSecretStage { secret_name: String, stage_name: String },
    /// `PUT /v1/{project_id}/secrets/{secret_name}/stages/{stage_name}`
    UpdateSecretStage { secret_name: String, stage_name: String },
    /// `DELETE /v1/{project_id}/secrets/{secret_name}/stages/{stage_name}`
    DeleteSecretStage { secret_name: String, stage_name: String },
    /// `POST /v1/{project_id}/secrets/{secret_name}/backup`
    DownloadSecretBlob { secret_name: String },
    /// `POST /v1/{project_id}/secrets/restore`
    UploadSecretBlob,
    /// `POST /v1/{project_id}/secrets/batch-import`
    BatchImportSecrets,
    /// `POST /v1/{project_id}/secrets/checker/check`
    CheckSecrets,
    /// `GET /v1/{project_id}/secrets/checker/config`
    ShowSecretsConfig,
    /// `POST /v1/{project_id}/secrets/checker/config`
    UpdateSecretsConfig,
    /// `POST /v1/{project_id}/csms/generate-password`
    GenerateRandomPassword,
    /// `GET /v1/{project_id}/csms/tasks`
    ListSecretTask,

    // Tags.
    /// `POST /v1/{project_id}/csms/{secret_id}/tags`
    CreateSecretTag { secret_id: String },
    /// `DELETE /v1/{project_id}/csms/{secret_id}/tags/{key}`
    DeleteSecretTag { secret_id: String, key: String },
    /// `GET /v1/{project_id}/csms/{secret_id}/tags`
    ListSecretTags { secret_id: String },
    /// `POST /v1/{project_id}/csms/{secret_id}/tags/action`
    BatchCreateOrDeleteTags { secret_id: String },
    /// `GET /v1/{project_id}/csms/tags`
    ListProjectSecretsTags,
    /// `POST /v1/{project_id}/csms/{resource_instances}/action`
    ListResourceInstances { resource_instances: String },

    // Events and notification records.
    /// `POST /v1/{project_id}/csms/events`
    CreateSecretEvent,
    /// `GET /v1/{project_id}/csms/events`
    ListSecretEvents,
    /// `GET /v1/{project_id}/csms/events/{event_name}`
    ShowSecretEvent { event_name: String },
    /// `PUT /v1/{project_id}/csms/events/{event_name}`
    UpdateSecretEvent { event_name: String },
    /// `DELETE /v1/{project_id}/csms/events/{event_name}`
    DeleteSecretEvent { event_name: String },
    /// `GET /v1/{project_id}/csms/notification-records`
    ListNotificationRecords,

    // Grants.
    /// `POST /v1/{project_id}/csms/grants`
    CreateGrants,
    /// `GET /v1/{project_id}/csms/grants`
    ListGrants,
    /// `PUT /v1/{project_id}/csms/grants`
    UpdateGrant,
    /// `DELETE /v1/{project_id}/csms/grants`
    DeleteGrant,

    // Account-wide (no project id in the path).
    /// `POST /v1/csms/agencies`
    CreateAgency,
    /// `GET /v1/csms/agencies`
    ShowAgency,
    /// `GET /v1/csms/users`
    ListUsers,
    /// `GET /v1/csms/users/{user_id}`
    ShowUserDetail { user_id: String },
    /// `POST /v1/csms/users/change-password`
    UpdateUserPassword,
    /// `GET /v1/csms/function-templates`
    ShowSecretFunctionTemplates,
}

impl HwOp {
    /// The operation's name in the official SDK (`ShowSecret`).
    pub(crate) fn name(&self) -> &'static str {
        use HwOp::*;
        match self {
            CreateSecret => "CreateSecret",
            ListSecrets => "ListSecrets",
            ShowSecret { .. } => "ShowSecret",
            UpdateSecret { .. } => "UpdateSecret",
            DeleteSecret { .. } => "DeleteSecret",
            DeleteSecretForSchedule { .. } => "DeleteSecretForSchedule",
            RestoreSecret { .. } => "RestoreSecret",
            RotateSecret { .. } => "RotateSecret",
            CreateSecretVersion { .. } => "CreateSecretVersion",
            ListSecretVersions { .. } => "ListSecretVersions",
            ShowSecretVersion { .. } => "ShowSecretVersion",
            UpdateVersion { .. } => "UpdateVersion",
            ShowSecretStage { .. } => "ShowSecretStage",
            UpdateSecretStage { .. } => "UpdateSecretStage",
            DeleteSecretStage { .. } => "DeleteSecretStage",
            DownloadSecretBlob { .. } => "DownloadSecretBlob",
            UploadSecretBlob => "UploadSecretBlob",
            BatchImportSecrets => "BatchImportSecrets",
            CheckSecrets => "CheckSecrets",
            ShowSecretsConfig => "ShowSecretsConfig",
            UpdateSecretsConfig => "UpdateSecretsConfig",
            GenerateRandomPassword => "GenerateRandomPassword",
            ListSecretTask => "ListSecretTask",
            CreateSecretTag { .. } => "CreateSecretTag",
            DeleteSecretTag { .. } => "DeleteSecretTag",
            ListSecretTags { .. } => "ListSecretTags",
            BatchCreateOrDeleteTags { .. } => "BatchCreateOrDeleteTags",
            ListProjectSecretsTags => "ListProjectSecretsTags",
            ListResourceInstances { .. } => "ListResourceInstances",
            CreateSecretEvent => "CreateSecretEvent",
            ListSecretEvents => "ListSecretEvents",
            ShowSecretEvent { .. } => "ShowSecretEvent",
            UpdateSecretEvent { .. } => "UpdateSecretEvent",
            DeleteSecretEvent { .. } => "DeleteSecretEvent",
            ListNotificationRecords => "ListNotificationRecords",
            CreateGrants => "CreateGrants",
            ListGrants => "ListGrants",
            UpdateGrant => "UpdateGrant",
            DeleteGrant => "DeleteGrant",
            CreateAgency => "CreateAgency",
            ShowAgency => "ShowAgency",
            ListUsers => "ListUsers",
            ShowUserDetail { .. } => "ShowUserDetail",
            UpdateUserPassword => "UpdateUserPassword",
            ShowSecretFunctionTemplates => "ShowSecretFunctionTemplates",
        }
    }
}

/// The handler serving `op`, `None` when the emulator does not implement it (yet). One arm per
/// group; see the module documentation.
pub(crate) fn handler(op: &HwOp) -> Option<Handler> {
    use HwOp::*;
    match op {
        CreateSecret
        | ListSecrets
        | ShowSecret { .. }
        | UpdateSecret { .. }
        | DeleteSecret { .. }
        | DeleteSecretForSchedule { .. }
        | RestoreSecret { .. }
        | RotateSecret { .. }
        | CreateSecretVersion { .. }
        | ListSecretVersions { .. }
        | ShowSecretVersion { .. }
        | UpdateVersion { .. }
        | ShowSecretStage { .. }
        | UpdateSecretStage { .. }
        | DeleteSecretStage { .. }
        | DownloadSecretBlob { .. }
        | UploadSecretBlob
        | BatchImportSecrets
        | CheckSecrets
        | ShowSecretsConfig
        | UpdateSecretsConfig
        | GenerateRandomPassword
        | ListSecretTask => Some(super::secrets::handle),
        CreateSecretTag { .. }
        | DeleteSecretTag { .. }
        | ListSecretTags { .. }
        | BatchCreateOrDeleteTags { .. }
        | ListProjectSecretsTags
        | ListResourceInstances { .. } => Some(super::tags::handle),
        CreateSecretEvent
        | ListSecretEvents
        | ShowSecretEvent { .. }
        | UpdateSecretEvent { .. }
        | DeleteSecretEvent { .. }
        | ListNotificationRecords => Some(super::events::handle),
        CreateGrants | ListGrants | UpdateGrant | DeleteGrant => Some(super::grants::handle),
        CreateAgency
        | ShowAgency
        | ListUsers
        | ShowUserDetail { .. }
        | UpdateUserPassword
        | ShowSecretFunctionTemplates => Some(super::account::handle),
    }
}

/// Runs the operation of `route`, or answers that the emulator does not implement it.
pub(crate) fn dispatch(
    store: &mut HuaweiStore,
    route: &HwRoute,
    query: &Query<'_>,
    body: &[u8],
) -> Result<Value, HwError> {
    match handler(&route.op) {
        Some(handle) => handle(store, route, query, body),
        None => Err(HwError {
            status: 501,
            code: "CSMS.0003",
            message: format!("{} is not implemented by the emulator", route.op.name()),
        }),
    }
}

/// A matched route: the project id in the path (`None` for the account-wide operations) and
/// the operation with its path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HwRoute {
    pub(crate) project_id: Option<String>,
    pub(crate) op: HwOp,
}

/// The query string of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Query<'a>(pub(crate) &'a str);

impl Query<'_> {
    /// The decoded value of parameter `name` (`+` is a space), first occurrence.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        self.0.split('&').filter(|p| !p.is_empty()).find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key) == name).then(|| decode(value))
        })
    }

    /// Parameter `name`, unless absent or empty.
    pub(crate) fn non_empty(&self, name: &str) -> Option<String> {
        self.get(name).filter(|v| !v.is_empty())
    }
}

/// Whether `path` is a Huawei path (`/v1/…`).
pub(crate) fn is_huawei_path(path: &str) -> bool {
    path.starts_with("/v1/")
}

/// Matches `method` and `path`.
pub(crate) fn route(method: &str, path: &str) -> Option<HwRoute> {
    let rest = path.strip_prefix("/v1/")?;
    // A `+` in a path segment is itself, not a space.
    let segments: Vec<String> =
        rest.trim_end_matches('/').split('/').map(|s| decode(&s.replace('+', "%2B"))).collect();
    if segments.iter().any(String::is_empty) {
        return None;
    }
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    match s.as_slice() {
        ["csms", tail @ ..] => account_op(method, tail).map(|op| HwRoute { project_id: None, op }),
        [project, tail @ ..] => {
            project_op(method, tail).map(|op| HwRoute { project_id: Some((*project).to_owned()), op })
        }
        [] => None,
    }
}

/// The operations under `/v1/csms/`.
fn account_op(method: &str, tail: &[&str]) -> Option<HwOp> {
    use HwOp::*;
    Some(match (method, tail) {
        ("POST", ["agencies"]) => CreateAgency,
        ("GET", ["agencies"]) => ShowAgency,
        ("GET", ["users"]) => ListUsers,
        ("POST", ["users", "change-password"]) => UpdateUserPassword,
        ("GET", ["users", id]) => ShowUserDetail { user_id: (*id).to_owned() },
        ("GET", ["function-templates"]) => ShowSecretFunctionTemplates,
        _ => return None,
    })
}

/// The operations under `/v1/{project_id}/`.
fn project_op(method: &str, tail: &[&str]) -> Option<HwOp> {
    use HwOp::*;
    let own = |s: &&str| (*s).to_owned();
    Some(match (method, tail) {
        ("POST", ["secrets"]) => CreateSecret,
        ("GET", ["secrets"]) => ListSecrets,
        ("POST", ["secrets", "restore"]) => UploadSecretBlob,
        ("POST", ["secrets", "batch-import"]) => BatchImportSecrets,
        ("POST", ["secrets", "checker", "check"]) => CheckSecrets,
        ("GET", ["secrets", "checker", "config"]) => ShowSecretsConfig,
        ("POST", ["secrets", "checker", "config"]) => UpdateSecretsConfig,
        ("GET", ["secrets", n]) => ShowSecret { secret_name: own(n) },
        ("PUT", ["secrets", n]) => UpdateSecret { secret_name: own(n) },
        ("DELETE", ["secrets", n]) => DeleteSecret { secret_name: own(n) },
        ("POST", ["secrets", n, "scheduled-deleted-tasks", "create"]) => {
            DeleteSecretForSchedule { secret_name: own(n) }
        }
        ("POST", ["secrets", n, "scheduled-deleted-tasks", "cancel"]) => {
            RestoreSecret { secret_name: own(n) }
        }
        ("POST", ["secrets", n, "rotate"]) => RotateSecret { secret_name: own(n) },
        ("POST", ["secrets", n, "backup"]) => DownloadSecretBlob { secret_name: own(n) },
        ("POST", ["secrets", n, "versions"]) => CreateSecretVersion { secret_name: own(n) },
        ("GET", ["secrets", n, "versions"]) => ListSecretVersions { secret_name: own(n) },
        ("GET", ["secrets", n, "versions", v]) => {
            ShowSecretVersion { secret_name: own(n), version_id: own(v) }
        }
        ("PUT", ["secrets", n, "versions", v]) => UpdateVersion { secret_name: own(n), version_id: own(v) },
        ("GET", ["secrets", n, "stages", st]) => ShowSecretStage { secret_name: own(n), stage_name: own(st) },
        ("PUT", ["secrets", n, "stages", st]) => {
            UpdateSecretStage { secret_name: own(n), stage_name: own(st) }
        }
        ("DELETE", ["secrets", n, "stages", st]) => {
            DeleteSecretStage { secret_name: own(n), stage_name: own(st) }
        }
        ("POST", ["csms", "generate-password"]) => GenerateRandomPassword,
        ("GET", ["csms", "tasks"]) => ListSecretTask,
        ("GET", ["csms", "tags"]) => ListProjectSecretsTags,
        ("POST", ["csms", "events"]) => CreateSecretEvent,
        ("GET", ["csms", "events"]) => ListSecretEvents,
        ("GET", ["csms", "events", e]) => ShowSecretEvent { event_name: own(e) },
        ("PUT", ["csms", "events", e]) => UpdateSecretEvent { event_name: own(e) },
        ("DELETE", ["csms", "events", e]) => DeleteSecretEvent { event_name: own(e) },
        ("GET", ["csms", "notification-records"]) => ListNotificationRecords,
        ("POST", ["csms", "grants"]) => CreateGrants,
        ("GET", ["csms", "grants"]) => ListGrants,
        ("PUT", ["csms", "grants"]) => UpdateGrant,
        ("DELETE", ["csms", "grants"]) => DeleteGrant,
        ("POST", ["csms", id, "tags"]) => CreateSecretTag { secret_id: own(id) },
        ("GET", ["csms", id, "tags"]) => ListSecretTags { secret_id: own(id) },
        ("POST", ["csms", id, "tags", "action"]) => BatchCreateOrDeleteTags { secret_id: own(id) },
        ("DELETE", ["csms", id, "tags", key]) => DeleteSecretTag { secret_id: own(id), key: own(key) },
        ("POST", ["csms", r, "action"]) => ListResourceInstances { resource_instances: own(r) },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: &str, path: &str) -> HwOp {
        route(method, path).unwrap_or_else(|| panic!("{method} {path}")).op
    }

    #[test]
    fn routes_project_operations_with_their_parameters() {
        let r = route("POST", "/v1/p1/secrets/db/rotate").unwrap();
        assert_eq!(r.project_id.as_deref(), Some("p1"));
        assert_eq!(r.op, HwOp::RotateSecret { secret_name: "db".into() });
        assert_eq!(
            op("GET", "/v1/p1/secrets/db/stages/SYSCURRENT"),
            HwOp::ShowSecretStage { secret_name: "db".into(), stage_name: "SYSCURRENT".into() }
        );
        assert_eq!(
            op("DELETE", "/v1/p1/csms/0f-1/tags/a%20b"),
            HwOp::DeleteSecretTag { secret_id: "0f-1".into(), key: "a b".into() }
        );
        assert_eq!(op("POST", "/v1/p1/secrets/restore"), HwOp::UploadSecretBlob);
        assert_eq!(op("GET", "/v1/p1/secrets/restore"), HwOp::ShowSecret { secret_name: "restore".into() });
        assert_eq!(op("GET", "/v1/p1/csms/events/tags"), HwOp::ShowSecretEvent { event_name: "tags".into() });
        assert_eq!(op("GET", "/v1/p1/csms/tasks"), HwOp::ListSecretTask);
        assert_eq!(op("DELETE", "/v1/p1/secrets/db"), HwOp::DeleteSecret { secret_name: "db".into() });
        assert_eq!(route("POST", "/v1/p1/csms/tasks"), None);
        assert_eq!(route("GET", "/v1/p1/other"), None);
        assert_eq!(route("GET", "/v1/p1/secrets//versions"), None);
        assert!(is_huawei_path("/v1/x"));
    }

    #[test]
    fn account_operations_take_no_project_id() {
        for (method, path, expected) in [
            ("POST", "/v1/csms/agencies", HwOp::CreateAgency),
            ("GET", "/v1/csms/agencies", HwOp::ShowAgency),
            ("GET", "/v1/csms/users", HwOp::ListUsers),
            ("GET", "/v1/csms/users/u-1", HwOp::ShowUserDetail { user_id: "u-1".into() }),
            ("POST", "/v1/csms/users/change-password", HwOp::UpdateUserPassword),
            ("GET", "/v1/csms/function-templates", HwOp::ShowSecretFunctionTemplates),
        ] {
            let r = route(method, path).unwrap();
            assert_eq!((r.project_id, r.op), (None, expected), "{method} {path}");
        }
        assert_eq!(route("GET", "/v1/csms/secrets"), None);
    }

    #[test]
    fn every_official_operation_routes_and_the_table_covers_group_a() {
        // Method and path of each operation of the official SDK's CsmsClient.
        let all = [
            ("POST", "/v1/p/csms/s/tags/action"),
            ("POST", "/v1/p/secrets/batch-import"),
            ("POST", "/v1/p/secrets/checker/check"),
            ("POST", "/v1/csms/agencies"),
            ("POST", "/v1/p/csms/grants"),
            ("POST", "/v1/p/secrets"),
            ("POST", "/v1/p/csms/events"),
            ("POST", "/v1/p/csms/s/tags"),
            ("POST", "/v1/p/secrets/n/versions"),
            ("DELETE", "/v1/p/csms/grants"),
            ("DELETE", "/v1/p/secrets/n"),
            ("DELETE", "/v1/p/csms/events/e"),
            ("POST", "/v1/p/secrets/n/scheduled-deleted-tasks/create"),
            ("DELETE", "/v1/p/secrets/n/stages/st"),
            ("DELETE", "/v1/p/csms/s/tags/k"),
            ("POST", "/v1/p/secrets/n/backup"),
            ("POST", "/v1/p/csms/generate-password"),
            ("GET", "/v1/p/csms/grants"),
            ("GET", "/v1/p/csms/notification-records"),
            ("GET", "/v1/p/csms/tags"),
            ("POST", "/v1/p/csms/resource_instances/action"),
            ("GET", "/v1/p/csms/events"),
            ("GET", "/v1/p/csms/s/tags"),
            ("GET", "/v1/p/csms/tasks"),
            ("GET", "/v1/p/secrets/n/versions"),
            ("GET", "/v1/p/secrets"),
            ("GET", "/v1/csms/users"),
            ("POST", "/v1/p/secrets/n/scheduled-deleted-tasks/cancel"),
            ("POST", "/v1/p/secrets/n/rotate"),
            ("GET", "/v1/csms/agencies"),
            ("GET", "/v1/p/secrets/n"),
            ("GET", "/v1/p/csms/events/e"),
            ("GET", "/v1/csms/function-templates"),
            ("GET", "/v1/p/secrets/n/stages/st"),
            ("GET", "/v1/p/secrets/n/versions/v1"),
            ("GET", "/v1/p/secrets/checker/config"),
            ("GET", "/v1/csms/users/u"),
            ("PUT", "/v1/p/csms/grants"),
            ("PUT", "/v1/p/secrets/n"),
            ("PUT", "/v1/p/csms/events/e"),
            ("PUT", "/v1/p/secrets/n/stages/st"),
            ("POST", "/v1/p/secrets/checker/config"),
            ("POST", "/v1/csms/users/change-password"),
            ("PUT", "/v1/p/secrets/n/versions/v1"),
            ("POST", "/v1/p/secrets/restore"),
        ];
        let mut names: Vec<&str> = all.iter().map(|(m, p)| op(m, p).name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 45);
        let served = all.iter().filter(|(m, p)| handler(&op(m, p)).is_some()).count();
        assert!(served >= 23, "group A has 23 operations, {served} served");
    }

    #[test]
    fn query_parameters_decode() {
        let q = Query("limit=5&marker=a%20b&event_name=&flag");
        assert_eq!(q.get("limit").as_deref(), Some("5"));
        assert_eq!(q.get("marker").as_deref(), Some("a b"));
        assert_eq!(q.get("event_name").as_deref(), Some(""));
        assert_eq!(q.non_empty("event_name"), None);
        assert_eq!(q.get("missing"), None);
    }
}
