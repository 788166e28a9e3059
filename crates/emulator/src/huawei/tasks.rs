//! Huawei CSMS rotation tasks: one recorded per Rotate Secret, looked up with List Secret Task.

use serde_json::{Value, json};

use super::state::{HwError, valid_name};
use crate::exchange::object_without_nulls;

/// The status of a rotation that finished.
pub(crate) const TASK_SUCCESS: &str = "SUCCESS";
/// The `operate_type` of a rotation task.
pub(crate) const OPERATE_ROTATE: &str = "ROTATE";

/// One rotation task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HwTask {
    pub(crate) task_id: String,
    pub(crate) secret_name: String,
    pub(crate) rotation_func_urn: Option<String>,
    pub(crate) status: &'static str,
    pub(crate) operate_type: &'static str,
    pub(crate) time: i64,
    pub(crate) attempts: u32,
    pub(crate) error_code: Option<String>,
    pub(crate) error_msg: Option<String>,
}

impl HwTask {
    /// A rotation of `secret_name` that succeeded at the first attempt at `now`.
    pub(crate) fn rotated(
        task_id: String,
        secret_name: &str,
        rotation_func_urn: Option<&str>,
        now: i64,
    ) -> Self {
        Self {
            task_id,
            secret_name: secret_name.to_owned(),
            rotation_func_urn: rotation_func_urn.map(str::to_owned),
            status: TASK_SUCCESS,
            operate_type: OPERATE_ROTATE,
            time: now,
            attempts: 1,
            error_code: None,
            error_msg: None,
        }
    }

    /// The task as CSMS sends it (absent fields left out).
    pub(crate) fn to_json(&self) -> Value {
        object_without_nulls([
            ("task_id", json!(self.task_id)),
            ("secret_name", json!(self.secret_name)),
            ("rotation_func_urn", json!(self.rotation_func_urn)),
            ("task_status", json!(self.status)),
            ("operate_type", json!(self.operate_type)),
            ("task_time", json!(self.time)),
            ("attempt_nums", json!(self.attempts)),
            ("task_error_code", json!(self.error_code)),
            ("task_error_msg", json!(self.error_msg)),
        ])
    }
}

/// The filters of List Secret Task; `None` (or an empty parameter) matches every task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TaskFilter {
    pub(crate) secret_name: Option<String>,
    pub(crate) status: Option<String>,
    pub(crate) task_id: Option<String>,
}

impl TaskFilter {
    /// Checks the filters as CSMS would: a secret name must be a valid name.
    pub(crate) fn new(
        secret_name: Option<String>,
        status: Option<String>,
        task_id: Option<String>,
    ) -> Result<Self, HwError> {
        let present = |v: Option<String>| v.filter(|s| !s.is_empty());
        let secret_name = present(secret_name);
        if secret_name.as_deref().is_some_and(|n| !valid_name(n)) {
            return Err(HwError::invalid("secret_name must match ^[a-zA-Z0-9_-]{1,64}$"));
        }
        Ok(Self { secret_name, status: present(status), task_id: present(task_id) })
    }

    /// Whether `task` passes every filter given.
    pub(crate) fn matches(&self, task: &HwTask) -> bool {
        let passes = |filter: &Option<String>, value: &str| filter.as_deref().is_none_or(|f| f == value);
        passes(&self.secret_name, &task.secret_name)
            && passes(&self.status, task.status)
            && passes(&self.task_id, &task.task_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: &str, secret: &str) -> HwTask {
        HwTask::rotated(id.to_owned(), secret, Some("urn:fss:f"), 7)
    }

    #[test]
    fn rotation_tasks_serialize_every_documented_field() {
        let json = task("t-1", "db").to_json();
        assert_eq!(
            json,
            json!({"task_id":"t-1","secret_name":"db","rotation_func_urn":"urn:fss:f","task_status":"SUCCESS",
                   "operate_type":"ROTATE","task_time":7,"attempt_nums":1})
        );
        let no_urn = HwTask::rotated("t-2".into(), "db", None, 8).to_json();
        assert!(no_urn.get("rotation_func_urn").is_none());
    }

    #[test]
    fn filters_combine_and_empty_ones_match_everything() {
        let t = task("t-1", "db");
        assert!(TaskFilter::default().matches(&t));
        assert!(TaskFilter::new(Some(String::new()), Some(String::new()), None).unwrap().matches(&t));
        let by = |name: Option<&str>, status: Option<&str>, id: Option<&str>| {
            TaskFilter::new(name.map(Into::into), status.map(Into::into), id.map(Into::into))
                .unwrap()
                .matches(&t)
        };
        assert!(by(Some("db"), Some("SUCCESS"), Some("t-1")));
        assert!(!by(Some("other"), None, None));
        assert!(!by(None, Some("FAILED"), None));
        assert!(!by(None, None, Some("t-2")));
        assert!(!by(Some("db"), Some("SUCCESS"), Some("t-2")));
        assert!(TaskFilter::new(Some("a b".into()), None, None).is_err());
    }
}
