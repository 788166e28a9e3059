//! Rotation tasks: how a caller learns whether a rotation succeeded.

use crate::Operation;
use crate::encode::Query;
use crate::http::Method;
use crate::huawei::Huawei;
use crate::huawei::model::{TaskList, TaskStatus};
use crate::huawei::rules;
use crate::validate::ValidationError;

/// **ListSecretTask**: `GET /v1/{project_id}/csms/tasks?secret_name=&status=&task_id=&limit=&marker=`.
/// Answers a page of rotation tasks and the marker of the next one.
///
/// After [`RotateSecret`](crate::huawei::RotateSecret), look its `rotation_task_id` up here to
/// learn whether the rotation succeeded ([`TaskStatus::Success`]) or failed
/// ([`TaskStatus::Failed`], with `task_error_code` and `task_error_msg`). Every filter is
/// optional.
///
/// ```
/// use secretmanager_core::huawei::{self, ListSecretTask, Operation as _, TaskStatus};
///
/// let op = ListSecretTask::new()
///     .secret_name("db-password")
///     .status(TaskStatus::Failed)
///     .task_id("8b4c4a0e-3f5d-4c2b-9a51-0d6f1e2a3b4c")
///     .limit(10);
/// op.validate()?;
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(
///     path,
///     "/csms/tasks?secret_name=db-password&status=FAILED&task_id=8b4c4a0e-3f5d-4c2b-9a51-0d6f1e2a3b4c&limit=10"
/// );
///
/// let answer: huawei::TaskList = huawei::decode(
///     200,
///     br#"{"tasks":[{"task_id":"8b4c4a0e-3f5d-4c2b-9a51-0d6f1e2a3b4c","secret_name":"db-password",
///         "task_status":"FAILED","operate_type":"ROTATE","task_time":1795521600000,"attempt_nums":3,
///         "task_error_code":"CSMS.0501","task_error_msg":"function timed out"}],
///         "page_info":{"next_marker":null,"current_count":1}}"#,
/// )?;
/// assert_eq!(answer.tasks[0].task_status, Some(TaskStatus::Failed));
/// assert_eq!(answer.tasks[0].task_error_msg.as_deref(), Some("function timed out"));
/// # Ok::<(), secretmanager_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ListSecretTask {
    /// Only the tasks of this secret (`^[a-zA-Z0-9_-]{1,64}$`).
    pub secret_name: Option<String>,
    /// Only the tasks in this status.
    pub status: Option<TaskStatus>,
    /// Only this task (the `rotation_task_id` of Rotate Secret).
    pub task_id: Option<String>,
    /// Page size, 1 or more.
    pub limit: Option<u32>,
    /// Where the page starts: the `next_marker` of the previous page.
    pub marker: Option<String>,
}

impl ListSecretTask {
    /// The first page of every task, of the default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only the tasks of `secret_name`.
    pub fn secret_name(mut self, secret_name: impl Into<String>) -> Self {
        self.secret_name = Some(secret_name.into());
        self
    }

    /// Only the tasks in `status`.
    pub fn status(mut self, status: impl Into<TaskStatus>) -> Self {
        self.status = Some(status.into());
        self
    }

    /// Only the task `task_id`.
    pub fn task_id(mut self, task_id: impl Into<String>) -> Self {
        self.task_id = Some(task_id.into());
        self
    }

    /// Sets the page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Starts after `marker`.
    pub fn marker(mut self, marker: impl Into<String>) -> Self {
        self.marker = Some(marker.into());
        self
    }
}

impl Operation for ListSecretTask {
    type Provider = Huawei;
    type Output = TaskList;
    const NAME: &'static str = "ListSecretTask";
    const METHOD: Method = Method::Get;
    const KIND: crate::OperationKind = crate::OperationKind::Repeatable;

    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(name) = &self.secret_name {
            rules::validate_secret_name("secret_name", name)?;
        }
        if let Some(status) = &self.status {
            rules::validate_identifier("status", status.as_str())?;
        }
        if let Some(task_id) = &self.task_id {
            rules::validate_identifier("task_id", task_id)?;
        }
        if let Some(limit) = self.limit {
            rules::validate_limit(limit)?;
        }
        if let Some(marker) = &self.marker {
            rules::validate_identifier("marker", marker)?;
        }
        Ok(())
    }

    fn write_path(&self, out: &mut String) {
        out.push_str("/csms/tasks");
        Query::new(out)
            .optional("secret_name", self.secret_name.as_deref())
            .optional("status", self.status.as_ref().map(TaskStatus::as_str))
            .optional("task_id", self.task_id.as_deref())
            .optional("limit", self.limit)
            .optional("marker", self.marker.as_deref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::huawei::{SecretTask, decode};
    use crate::validate::Rule;

    fn path(op: &ListSecretTask) -> String {
        let mut out = String::new();
        op.write_path(&mut out);
        out
    }

    #[test]
    fn path_and_query_are_exact() {
        assert_eq!(path(&ListSecretTask::new()), "/csms/tasks");
        assert_eq!(path(&ListSecretTask::new().task_id("t-1")), "/csms/tasks?task_id=t-1");
        assert_eq!(
            path(
                &ListSecretTask::new()
                    .secret_name("db_1")
                    .status(TaskStatus::Success)
                    .task_id("a b&c")
                    .limit(5)
                    .marker("m/1")
            ),
            "/csms/tasks?secret_name=db_1&status=SUCCESS&task_id=a%20b%26c&limit=5&marker=m%2F1"
        );
        assert_eq!(path(&ListSecretTask::new().status("RUNNING")), "/csms/tasks?status=RUNNING");
        assert_eq!(ListSecretTask::METHOD, Method::Get);
        assert_eq!(ListSecretTask::NAME, "ListSecretTask");
        const { assert!(ListSecretTask::IDEMPOTENT) };
        assert_eq!(ListSecretTask::new().body(), None);
    }

    #[test]
    fn every_filter_is_validated() {
        let field = |op: ListSecretTask| op.validate().unwrap_err().field;
        assert!(ListSecretTask::new().validate().is_ok());
        assert!(ListSecretTask::new().status("SOMETHING_NEW").validate().is_ok());
        assert_eq!(field(ListSecretTask::new().secret_name("d.b")), "secret_name");
        assert_eq!(ListSecretTask::new().secret_name("").validate().unwrap_err().rule, Rule::Required);
        assert_eq!(field(ListSecretTask::new().secret_name("x".repeat(65))), "secret_name");
        assert_eq!(field(ListSecretTask::new().status("")), "status");
        assert_eq!(field(ListSecretTask::new().task_id("")), "task_id");
        assert_eq!(field(ListSecretTask::new().task_id("a\nb")), "task_id");
        assert_eq!(field(ListSecretTask::new().limit(0)), "limit");
        assert_eq!(field(ListSecretTask::new().marker("")), "marker");
    }

    #[test]
    fn task_lists_decode_with_unknown_and_absent_fields() {
        let body = br#"{"tasks":[
            {"task_id":"t-1","secret_name":"db","rotation_func_urn":"urn:fss:f","task_status":"SUCCESS",
             "operate_type":"ROTATE","task_time":1795521600000,"attempt_nums":1,"future":[1]},
            {"task_id":"t-2","task_status":"FAILED","task_error_code":"CSMS.0501","task_error_msg":"timed out"},
            {"task_id":"t-3","task_status":"IN_PROGRESS"}],
            "page_info":{"next_marker":"t-3","previous_marker":null,"current_count":3}}"#;
        let list: TaskList = decode(200, body).unwrap();
        assert_eq!(list.tasks.len(), 3);
        let first: &SecretTask = &list.tasks[0];
        assert_eq!(first.task_id, "t-1");
        assert_eq!(first.secret_name.as_deref(), Some("db"));
        assert_eq!(first.rotation_func_urn.as_deref(), Some("urn:fss:f"));
        assert_eq!(first.task_status, Some(TaskStatus::Success));
        assert_eq!(first.operate_type.as_deref(), Some("ROTATE"));
        assert_eq!(first.task_time, Some(1_795_521_600_000));
        assert_eq!(first.attempt_nums, Some(1));
        assert_eq!(first.task_error_code, None);
        let failed = &list.tasks[1];
        assert_eq!(failed.task_status, Some(TaskStatus::Failed));
        assert_eq!(failed.task_error_code.as_deref(), Some("CSMS.0501"));
        assert_eq!(failed.task_error_msg.as_deref(), Some("timed out"));
        assert_eq!(failed.secret_name, None);
        assert_eq!(list.tasks[2].task_status, Some(TaskStatus::Other("IN_PROGRESS".into())));
        let page = list.page_info.unwrap();
        assert_eq!((page.next_marker.as_deref(), page.current_count), (Some("t-3"), Some(3)));

        let empty: TaskList = decode(200, b"{}").unwrap();
        assert!(empty.tasks.is_empty() && empty.page_info.is_none());
        assert!(
            decode::<TaskList>(200, br#"{"tasks":[{"secret_name":"db"}]}"#).is_err(),
            "task_id is required"
        );
    }

    #[test]
    fn errors_decode_as_api_errors() {
        let err = decode::<TaskList>(400, br#"{"error_code":"CSMS.0002","error_msg":"invalid status"}"#)
            .unwrap_err();
        let crate::Error::Api(api) = err else { panic!("an API error: {err:?}") };
        assert_eq!(
            (api.status, api.code.as_str(), api.message.as_str()),
            (400, "CSMS.0002", "invalid status")
        );
    }
}
