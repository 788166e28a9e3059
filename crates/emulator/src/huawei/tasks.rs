//! Huawei CSMS rotation tasks: one per Rotate Secret, `RUNNING` until it settles as `SUCCESS`
//! or `FAILED` (after the configured delay), looked up with List Secret Task.

use std::collections::VecDeque;

use serde_json::{Value, json};

use super::state::{HwError, Payload, valid_name};
use crate::exchange::object_without_nulls;

/// The status of a rotation under way.
pub(crate) const TASK_RUNNING: &str = "RUNNING";
/// The status of a rotation that finished.
pub(crate) const TASK_SUCCESS: &str = "SUCCESS";
/// The status of a rotation that failed.
pub(crate) const TASK_FAILED: &str = "FAILED";
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
    /// While running: when it settles, and how.
    pub(crate) pending: Option<PendingRotation>,
}

/// What a running rotation does when it settles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PendingRotation {
    /// Epoch milliseconds at which the task settles.
    pub(crate) settles_at: i64,
    /// The version id announced by Rotate Secret.
    pub(crate) version_id: String,
    /// The new value.
    pub(crate) payload: Payload,
    /// `Some((code, message))` when the rotation is to fail.
    pub(crate) failure: Option<(String, String)>,
}

impl HwTask {
    /// A rotation of `secret_name` started at `now`, settling as `pending` says.
    pub(crate) fn started(
        task_id: String,
        secret_name: &str,
        rotation_func_urn: Option<&str>,
        now: i64,
        pending: PendingRotation,
    ) -> Self {
        Self {
            task_id,
            secret_name: secret_name.to_owned(),
            rotation_func_urn: rotation_func_urn.map(str::to_owned),
            status: TASK_RUNNING,
            operate_type: OPERATE_ROTATE,
            time: now,
            attempts: 1,
            error_code: None,
            error_msg: None,
            pending: Some(pending),
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

/// How rotations run: how long a task stays `RUNNING`, and failures to inject (in order, one
/// per rotation started).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RotationPlan {
    pub(crate) delay_ms: u64,
    pub(crate) failures: VecDeque<(String, String)>,
}

impl RotationPlan {
    /// The default `task_error_code` of an injected rotation failure.
    pub(crate) const DEFAULT_ERROR_CODE: &'static str = "CSMS.0001";
    /// The default `task_error_msg` of an injected rotation failure.
    pub(crate) const DEFAULT_ERROR_MSG: &'static str =
        "the rotation function failed (injected by the emulator)";

    /// Makes the next `count` rotations fail with `code` and `message` (after those queued).
    pub(crate) fn fail_next(&mut self, count: u32, code: &str, message: &str) {
        for _ in 0..count {
            self.failures.push_back((code.to_owned(), message.to_owned()));
        }
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
    /// Checks the filters as CSMS would: a valid secret name, a known status, and a task id
    /// alone (it cannot be combined with the other filters).
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
        let status = present(status);
        if status.as_deref().is_some_and(|s| ![TASK_SUCCESS, TASK_FAILED, TASK_RUNNING].contains(&s)) {
            return Err(HwError::invalid("status must be SUCCESS, FAILED or RUNNING"));
        }
        let task_id = present(task_id);
        if task_id.is_some() && (secret_name.is_some() || status.is_some()) {
            return Err(HwError::invalid("task_id cannot be combined with secret_name or status"));
        }
        Ok(Self { secret_name, status, task_id })
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
        let pending = PendingRotation {
            settles_at: 7,
            version_id: "v2".into(),
            payload: Payload::Text("x".into()),
            failure: None,
        };
        HwTask::started(id.to_owned(), secret, Some("urn:fss:f"), 7, pending)
    }

    #[test]
    fn rotation_tasks_serialize_every_documented_field() {
        let mut t = task("t-1", "db");
        assert_eq!(
            t.to_json(),
            json!({"task_id":"t-1","secret_name":"db","rotation_func_urn":"urn:fss:f","task_status":"RUNNING",
                   "operate_type":"ROTATE","task_time":7,"attempt_nums":1})
        );
        t.status = TASK_FAILED;
        t.error_code = Some("E".into());
        t.error_msg = Some("m".into());
        assert_eq!(t.to_json()["task_error_code"], "E");
        t.rotation_func_urn = None;
        assert!(t.to_json().get("rotation_func_urn").is_none());
    }

    #[test]
    fn filters_combine_and_empty_ones_match_everything() {
        let mut t = task("t-1", "db");
        t.status = TASK_SUCCESS;
        assert!(TaskFilter::default().matches(&t));
        assert!(TaskFilter::new(Some(String::new()), Some(String::new()), None).unwrap().matches(&t));
        let by = |name: Option<&str>, status: Option<&str>, id: Option<&str>| {
            TaskFilter::new(name.map(Into::into), status.map(Into::into), id.map(Into::into))
                .unwrap()
                .matches(&t)
        };
        assert!(by(Some("db"), Some("SUCCESS"), None));
        assert!(by(None, None, Some("t-1")));
        assert!(!by(Some("other"), None, None));
        assert!(!by(None, Some("FAILED"), None));
        assert!(!by(None, None, Some("t-2")));
        assert!(TaskFilter::new(Some("a b".into()), None, None).is_err());
        assert!(TaskFilter::new(None, Some("DONE".into()), None).is_err());
        assert!(TaskFilter::new(Some("db".into()), None, Some("t-1".into())).is_err());
        assert!(TaskFilter::new(None, Some("SUCCESS".into()), Some("t-1".into())).is_err());
    }
}
