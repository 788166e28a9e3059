//! Rotation tasks: how a caller learns whether a rotation succeeded.

use crate::Operation;
use crate::encode::Query;
use crate::http::Method;
use crate::huawei::Huawei;
use crate::huawei::model::{TaskList, TaskStatus};
use crate::huawei::rules;
use crate::paging;
use crate::validate::{Rule, ValidationError};

/// **ListSecretTask**: `GET /v1/{project_id}/csms/tasks?secret_name=&status=&task_id=&limit=&marker=`.
/// Answers a page of rotation tasks, their total and the marker of the next page
/// (`{"total", "tasks", "next_marker"}`).
///
/// After [`RotateSecret`](crate::huawei::RotateSecret), look its `rotation_task_id` up here to
/// learn whether the rotation succeeded ([`TaskStatus::Success`]) or failed
/// ([`TaskStatus::Failed`], with `task_error_code` and `task_error_msg`). Every filter is
/// optional, but `task_id` cannot be combined with the others (`secret_name`, `status`): CSMS
/// documents it as standing alone, so the combination is a validation error.
///
/// ```
/// use secretmanager_core::huawei::{self, ListSecretTask, Operation as _, TaskStatus};
///
/// let op = ListSecretTask::new().secret_name("db-password").status(TaskStatus::Failed).limit(10);
/// op.validate()?;
/// let mut path = String::new();
/// op.write_path(&mut path);
/// assert_eq!(path, "/csms/tasks?secret_name=db-password&status=FAILED&limit=10");
///
/// let one = ListSecretTask::new().task_id("8b4c4a0e-3f5d-4c2b-9a51-0d6f1e2a3b4c");
/// one.validate()?;
/// assert_eq!(one.clone().secret_name("db-password").validate().unwrap_err().field, "task_id");
///
/// let answer: huawei::TaskList = huawei::decode(
///     200,
///     br#"{"total":1,"tasks":[{"task_id":"8b4c4a0e-3f5d-4c2b-9a51-0d6f1e2a3b4c","secret_name":"db-password",
///         "rotation_func_urn":"urn:fss:cn-north-4:0123:function:default:rotate:latest",
///         "task_status":"FAILED","operate_type":"ROTATE","task_time":1795521600000,"attempt_nums":3,
///         "task_error_code":"CSMS.0501","task_error_msg":"function timed out"}],
///         "next_marker":"8b4c4a0e-3f5d-4c2b-9a51-0d6f1e2a3b4c"}"#,
/// )?;
/// assert_eq!(answer.total, Some(1));
/// assert_eq!(answer.tasks[0].task_status, Some(TaskStatus::Failed));
/// assert_eq!(answer.tasks[0].task_error_msg.as_deref(), Some("function timed out"));
/// assert_eq!(answer.next_page_marker(), Some("8b4c4a0e-3f5d-4c2b-9a51-0d6f1e2a3b4c"));
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
    /// Only this task (the `rotation_task_id` of Rotate Secret); not with `secret_name` or
    /// `status`.
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
            if self.secret_name.is_some() || self.status.is_some() {
                let rule = Rule::ForbiddenWhen("secret_name or status is given");
                return Err(ValidationError::new("task_id", rule));
            }
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

    const PAGE_FIELD: Option<&'static str> = Some("marker");

    /// The answer's top-level `next_marker` (or that of a `page_info`, see
    /// [`TaskList::next_page_marker`]), unless it is absent, empty or this request's `marker`
    /// again.
    fn next_page_position(&self, answer: &TaskList) -> Option<serde_json::Value> {
        self.next_page(answer).and_then(|next| next.marker).map(serde_json::Value::String)
    }

    /// This request with `marker` set to the answer's next marker.
    fn next_page(&self, answer: &TaskList) -> Option<Self> {
        let marker = paging::next_marker(self.marker.as_deref(), answer.next_page_marker())?;
        Some(Self { marker: Some(marker), ..self.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::huawei::{SecretTask, decode};

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
                &ListSecretTask::new().secret_name("db_1").status(TaskStatus::Success).limit(5).marker("m/1")
            ),
            "/csms/tasks?secret_name=db_1&status=SUCCESS&limit=5&marker=m%2F1"
        );
        assert_eq!(
            path(&ListSecretTask::new().task_id("a b&c").limit(5).marker("m")),
            "/csms/tasks?task_id=a%20b%26c&limit=5&marker=m"
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
    fn task_id_stands_alone() {
        let forbidden = |op: ListSecretTask| {
            let err = op.validate().unwrap_err();
            (err.field, err.rule)
        };
        let expected = ("task_id", Rule::ForbiddenWhen("secret_name or status is given"));
        assert_eq!(forbidden(ListSecretTask::new().task_id("t").secret_name("db")), expected);
        assert_eq!(forbidden(ListSecretTask::new().task_id("t").status(TaskStatus::Success)), expected);
        assert_eq!(
            forbidden(ListSecretTask::new().secret_name("db").status("FAILED").task_id("t")),
            expected
        );
        // Paging is not a filter: it goes with a task id.
        ListSecretTask::new().task_id("t").limit(1).marker("m").validate().unwrap();
        ListSecretTask::new().secret_name("db").status(TaskStatus::Failed).validate().unwrap();
    }

    #[test]
    fn the_documented_answer_has_the_marker_at_the_top_level() {
        // ListSecretTaskResponse: {total, tasks: [SecretTask], next_marker}.
        let body =
            br#"{"total":25,"tasks":[{"task_id":"t-1","secret_name":"db","rotation_func_urn":"urn:fss:f",
            "task_status":"SUCCESS","operate_type":"ROTATE","task_time":1795521600000,"attempt_nums":1,
            "task_error_code":null,"task_error_msg":null}],"next_marker":"t-1"}"#;
        let list: TaskList = decode(200, body).unwrap();
        assert_eq!(list.total, Some(25));
        assert_eq!(list.next_marker.as_deref(), Some("t-1"));
        assert_eq!(list.next_page_marker(), Some("t-1"));
        assert!(list.page_info.is_none());
        assert_eq!(list.tasks[0].task_error_code, None);
        // The last page: no marker, or an empty one; a null task list is empty.
        let last: TaskList = decode(200, br#"{"total":0,"tasks":null,"next_marker":null}"#).unwrap();
        assert!(last.tasks.is_empty() && last.next_page_marker().is_none());
        let last: TaskList = decode(200, br#"{"total":1,"tasks":[],"next_marker":""}"#).unwrap();
        assert_eq!(last.next_page_marker(), None);
        // A page_info form is read too, the top-level marker first.
        let both: TaskList =
            decode(200, br#"{"tasks":[],"next_marker":"top","page_info":{"next_marker":"nested"}}"#).unwrap();
        assert_eq!(both.next_page_marker(), Some("top"));
        // Serialized as it is read: the wire names, no page_info unless it came.
        let json = serde_json::to_value(&list).unwrap();
        assert_eq!(json["total"], 25);
        assert_eq!(json["next_marker"], "t-1");
        assert!(json.get("page_info").is_none());
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
        assert_eq!((list.total, list.next_page_marker()), (None, Some("t-3")));
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

    #[test]
    fn list_secret_task_pages_by_the_top_level_next_marker() {
        assert_eq!(ListSecretTask::PAGE_FIELD, Some("marker"));
        let answer = |body: &str| -> TaskList { decode(200, body.as_bytes()).unwrap() };
        let first = ListSecretTask::new().secret_name("db").status(TaskStatus::Success).limit(2);
        let page = answer(r#"{"total":5,"tasks":[],"next_marker":"t-2"}"#);
        let second = first.next_page(&page).unwrap();
        assert_eq!(second, first.clone().marker("t-2"));
        assert_eq!(first.next_page_position(&page), Some(serde_json::json!("t-2")));
        // A page_info form moves on too; the top-level marker wins.
        let nested = answer(r#"{"tasks":[],"page_info":{"next_marker":"t-4"}}"#);
        assert_eq!(second.next_page(&nested).unwrap().marker.as_deref(), Some("t-4"));
        let both = answer(r#"{"tasks":[],"next_marker":"t-4","page_info":{"next_marker":"t-9"}}"#);
        assert_eq!(second.next_page(&both).unwrap().marker.as_deref(), Some("t-4"));
        for last in [r#"{"total":5,"tasks":[],"next_marker":null}"#, r#"{"tasks":[],"next_marker":""}"#, "{}"]
        {
            assert_eq!(second.next_page(&answer(last)), None, "{last}");
            assert_eq!(second.next_page_position(&answer(last)), None, "{last}");
        }
        assert_eq!(second.next_page(&page), None, "the same marker again ends it");
    }
}
