//! `sm_huawei_task_list`: a page of Huawei CSMS rotation tasks (ListSecretTask), where a caller
//! learns whether a rotation succeeded.

use std::ffi::{CString, c_char};
use std::ptr;

use secretmanager_blocking::huawei::{self, SecretTask};

use crate::huawei::sm_huawei_client;
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{OutSlot, borrow, free_box, optional_u32, read_field};
use crate::plumbing::panic::{guard, guard_value};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{c_string, opt_ptr, optional_str, required_str};

/// One task, its texts copied as C strings.
#[derive(Debug)]
struct Task {
    task_id: CString,
    secret_name: Option<CString>,
    status: Option<CString>,
    operate_type: Option<CString>,
    task_time_ms: Option<i64>,
    attempt_nums: Option<u32>,
    error_code: Option<CString>,
    error_msg: Option<CString>,
}

/// Copies an optional received text.
fn opt_c_string(what: &str, text: Option<&str>) -> Result<Option<CString>, Failure> {
    text.map(|t| c_string(what, t)).transpose()
}

impl Task {
    fn new(task: &SecretTask) -> Result<Self, Failure> {
        Ok(Self {
            task_id: c_string("task id", &task.task_id)?,
            secret_name: opt_c_string("task secret name", task.secret_name.as_deref())?,
            status: opt_c_string("task status", task.task_status.as_ref().map(huawei::TaskStatus::as_str))?,
            operate_type: opt_c_string("task operate type", task.operate_type.as_deref())?,
            task_time_ms: task.task_time,
            attempt_nums: task.attempt_nums,
            error_code: opt_c_string("task error code", task.task_error_code.as_deref())?,
            error_msg: opt_c_string("task error message", task.task_error_msg.as_deref())?,
        })
    }
}

/// A page of Huawei CSMS rotation tasks, as `sm_huawei_list_secret_tasks` returns it.
///
/// Owned by the caller, freed with `sm_huawei_task_list_free`; every text read from it belongs
/// to it. Immutable: may be read from many threads at once.
///
/// Methods: `sm_huawei_task_list_count`, `sm_huawei_task_list_next_marker`,
/// `sm_huawei_task_id`, `sm_huawei_task_secret_name`, `sm_huawei_task_status`,
/// `sm_huawei_task_operate_type`, `sm_huawei_task_time_ms`, `sm_huawei_task_attempt_count`,
/// `sm_huawei_task_error_code`, `sm_huawei_task_error_message`, `sm_huawei_task_list_free`.
#[derive(Debug)]
pub struct sm_huawei_task_list {
    tasks: Vec<Task>,
    next_marker: Option<CString>,
}

/// Reads one field of task `index`; `default` when `list` is NULL, `index` is out of range
/// (or on a panic).
fn read<T>(list: *const sm_huawei_task_list, index: usize, default: T, field: impl FnOnce(&Task) -> T) -> T {
    // SAFETY: every accessor's contract makes `list` NULL or a live object.
    unsafe { read_field(list, None, |l| l.tasks.get(index).map(field)) }.unwrap_or(default)
}

/// Borrows `list`. Returns the number of tasks on this page (0 if `list` is NULL).
/// Nothing to free. Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_huawei_task_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_list_count(list: *const sm_huawei_task_list) -> usize {
    // SAFETY: list is NULL or live, by contract.
    unsafe { read_field(list, 0, |l| l.tasks.len()) }
}

/// Borrows `list`. Returns the marker to pass as `marker` for the next page; NULL on the last
/// page or if `list` is NULL. The text belongs to `list` (valid until it is freed; never free
/// it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_huawei_task_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_list_next_marker(list: *const sm_huawei_task_list) -> *const c_char {
    // SAFETY: list is NULL or live, by contract.
    unsafe { read_field(list, ptr::null(), |l| opt_ptr(&l.next_marker)) }
}

/// Borrows `list`. Returns the id of task `index` (the `rotation_task_id` of a rotation);
/// NULL if `list` is NULL or `index` is out of range. The text belongs to `list` (valid until
/// it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_huawei_task_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_id(list: *const sm_huawei_task_list, index: usize) -> *const c_char {
    read(list, index, ptr::null(), |t| t.task_id.as_ptr())
}

/// Borrows `list`. Returns the secret task `index` rotated; NULL when the answer did not say,
/// `list` is NULL or `index` is out of range. The text belongs to `list` (valid until it is
/// freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_huawei_task_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_secret_name(
    list: *const sm_huawei_task_list,
    index: usize,
) -> *const c_char {
    read(list, index, ptr::null(), |t| opt_ptr(&t.secret_name))
}

/// Borrows `list`. Returns how task `index` ended: `"SUCCESS"`, `"FAILED"` or another status
/// CSMS may add; NULL when the answer did not say, `list` is NULL or `index` is out of range.
/// The text belongs to `list` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_huawei_task_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_status(
    list: *const sm_huawei_task_list,
    index: usize,
) -> *const c_char {
    read(list, index, ptr::null(), |t| opt_ptr(&t.status))
}

/// Borrows `list`. Returns what task `index` did (e.g. `"ROTATE"`); NULL when the answer did
/// not say, `list` is NULL or `index` is out of range. The text belongs to `list` (valid until
/// it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_huawei_task_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_operate_type(
    list: *const sm_huawei_task_list,
    index: usize,
) -> *const c_char {
    read(list, index, ptr::null(), |t| opt_ptr(&t.operate_type))
}

/// Borrows `list`. Returns when task `index` ran, in milliseconds since the Unix epoch; -1
/// when unknown, `list` is NULL or `index` is out of range. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_huawei_task_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_time_ms(list: *const sm_huawei_task_list, index: usize) -> i64 {
    read(list, index, -1, |t| t.task_time_ms.unwrap_or(-1))
}

/// Borrows `list`. Returns how many attempts task `index` took; -1 when unknown, `list` is
/// NULL or `index` is out of range. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_huawei_task_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_attempt_count(list: *const sm_huawei_task_list, index: usize) -> i64 {
    read(list, index, -1, |t| t.attempt_nums.map_or(-1, i64::from))
}

/// Borrows `list`. Returns the error code of task `index` when it failed (e.g.
/// `"CSMS.0501"`); NULL when it has none, `list` is NULL or `index` is out of range. The text
/// belongs to `list` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_huawei_task_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_error_code(
    list: *const sm_huawei_task_list,
    index: usize,
) -> *const c_char {
    read(list, index, ptr::null(), |t| opt_ptr(&t.error_code))
}

/// Borrows `list`. Returns the error message of task `index` when it failed; NULL when it has
/// none, `list` is NULL or `index` is out of range. The text belongs to `list` (valid until it
/// is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `list` is NULL or a live `sm_huawei_task_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_error_message(
    list: *const sm_huawei_task_list,
    index: usize,
) -> *const c_char {
    read(list, index, ptr::null(), |t| opt_ptr(&t.error_msg))
}

/// Frees `list` with its texts. Takes ownership; NULL is fine.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `list` is NULL or an owned `sm_huawei_task_list` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_task_list_free(list: *mut sm_huawei_task_list) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(list) })
}

/// **ListSecretTask** (Huawei CSMS): a page of rotation tasks, keeping those of secret
/// `secret_name`, in `status` (`"SUCCESS"`, `"FAILED"`) and with id `task_id` (the task id of
/// `sm_huawei_rotate_secret`); each filter NULL = not sent. `*limit` is the page size (NULL =
/// not sent, the CSMS default; any number given, 0 included, is sent and checked) and
/// `marker` where the page starts (the next marker of the previous page; NULL = the first).
///
/// Borrows `client`, the strings and the number. On success `*out` receives the page, owned by
/// the caller (free with `sm_huawei_task_list_free`). Inputs are validated before anything is
/// sent. Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; the strings are NULL or NUL-terminated; `limit`
/// is NULL or readable; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments, reason = "one argument per filter of the API, as in C")]
pub unsafe extern "C" fn sm_huawei_list_secret_tasks(
    client: *const sm_huawei_client,
    secret_name: *const c_char,
    status: *const c_char,
    task_id: *const c_char,
    limit: *const u32,
    marker: *const c_char,
    out: *mut *mut sm_huawei_task_list,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, secret_name, status, task_id, limit, marker) = unsafe {
            (
                OutSlot::new("out", out)?,
                borrow("client", client)?,
                optional_str("secret_name", secret_name)?,
                optional_str("status", status)?,
                optional_str("task_id", task_id)?,
                optional_u32(limit),
                optional_str("marker", marker)?,
            )
        };
        let mut op = huawei::ListSecretTask::new();
        if let Some(name) = secret_name {
            op = op.secret_name(name);
        }
        if let Some(status) = status {
            op = op.status(status);
        }
        if let Some(task_id) = task_id {
            op = op.task_id(task_id);
        }
        if let Some(limit) = limit {
            op = op.limit(limit);
        }
        if let Some(marker) = marker {
            op = op.marker(marker);
        }
        let page = client.inner.call(&op)?;
        let tasks = page.tasks.iter().map(Task::new).collect::<Result<_, _>>()?;
        let next_marker =
            opt_c_string("next marker", page.page_info.as_ref().and_then(|p| p.next_marker.as_deref()))?;
        out.set(sm_huawei_task_list { tasks, next_marker });
        Ok(())
    })
}

/// **Wait for a rotation task**: looks task `task_id` (the `rotation_task_id` RotateSecret
/// answered) up with ListSecretTask until it ends, for at most `timeout_ms` milliseconds (0:
/// 10 minutes, as Huawei's Terraform provider waits), looking again every `interval_ms`
/// milliseconds (0: after 1 s, then at intervals doubling up to 10 s).
///
/// `SM_OK` once the task is `SUCCESS`; `SM_TASK_FAILED` when it ended `FAILED`, with the
/// task's `task_error_code` as `sm_error_code` and its `task_error_msg` in the message;
/// `SM_TIMEOUT` when it had not ended in time (a task still running, or never listed); the
/// error of the lookup when ListSecretTask failed past the client's retries.
///
/// Borrows `client` and `task_id` for the duration of the call; writes nothing but the error.
/// Nothing to free on success. Thread-safe; blocks the calling thread while it waits.
///
/// # Safety
///
/// `client` is NULL or a live Huawei client; `task_id` is NULL or NUL-terminated; `err_out`
/// is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_huawei_wait_task(
    client: *const sm_huawei_client,
    task_id: *const c_char,
    timeout_ms: u64,
    interval_ms: u64,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: forwarded from this function's contract.
        let (client, task_id) = unsafe { (borrow("client", client)?, required_str("task_id", task_id)?) };
        let mut wait = huawei::TaskWait::default();
        if timeout_ms > 0 {
            wait = wait.timeout(std::time::Duration::from_millis(timeout_ms));
        }
        if interval_ms > 0 {
            wait = wait.interval(std::time::Duration::from_millis(interval_ms));
        }
        match client.inner.wait_for_task(task_id, wait) {
            Ok(_) => Ok(()),
            Err(err) => Err(wait_failure(err)),
        }
    })
}

/// The C error of a wait that did not end in success.
fn wait_failure(err: huawei::TaskWaitError) -> Failure {
    match err {
        huawei::TaskWaitError::Api(e) => Failure::from(e),
        huawei::TaskWaitError::Failed(task) => Failure {
            code: task.task_error_code.clone().unwrap_or_default(),
            ..Failure::new(sm_status::SM_TASK_FAILED, huawei::TaskWaitError::Failed(task).to_string())
        },
        timed_out => Failure::new(sm_status::SM_TIMEOUT, timed_out.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_read_every_field_and_tolerate_null_and_range() {
        let task: SecretTask = serde_json::from_str(
            r#"{"task_id":"t-1","secret_name":"db","task_status":"FAILED","operate_type":"ROTATE",
                "task_time":1795521600000,"attempt_nums":3,"task_error_code":"CSMS.0501",
                "task_error_msg":"timed out"}"#,
        )
        .unwrap();
        let bare: SecretTask = serde_json::from_str(r#"{"task_id":"t-2"}"#).unwrap();
        let list = sm_huawei_task_list {
            tasks: vec![Task::new(&task).unwrap(), Task::new(&bare).unwrap()],
            next_marker: Some(c"t-2".into()),
        };
        let text = |p: *const c_char| {
            // SAFETY: the accessors return NULL or strings owned by `list`, alive here.
            (!p.is_null()).then(|| unsafe { std::ffi::CStr::from_ptr(p) }.to_str().unwrap().to_owned())
        };
        // SAFETY: `list` is live for the whole block; NULL is allowed everywhere.
        unsafe {
            assert_eq!(sm_huawei_task_list_count(&list), 2);
            assert_eq!(text(sm_huawei_task_list_next_marker(&list)).as_deref(), Some("t-2"));
            assert_eq!(text(sm_huawei_task_id(&list, 0)).as_deref(), Some("t-1"));
            assert_eq!(text(sm_huawei_task_secret_name(&list, 0)).as_deref(), Some("db"));
            assert_eq!(text(sm_huawei_task_status(&list, 0)).as_deref(), Some("FAILED"));
            assert_eq!(text(sm_huawei_task_operate_type(&list, 0)).as_deref(), Some("ROTATE"));
            assert_eq!(sm_huawei_task_time_ms(&list, 0), 1_795_521_600_000);
            assert_eq!(sm_huawei_task_attempt_count(&list, 0), 3);
            assert_eq!(text(sm_huawei_task_error_code(&list, 0)).as_deref(), Some("CSMS.0501"));
            assert_eq!(text(sm_huawei_task_error_message(&list, 0)).as_deref(), Some("timed out"));
            assert_eq!(text(sm_huawei_task_id(&list, 1)).as_deref(), Some("t-2"));
            assert!(sm_huawei_task_status(&list, 1).is_null());
            assert_eq!((sm_huawei_task_time_ms(&list, 1), sm_huawei_task_attempt_count(&list, 1)), (-1, -1));
            assert!(sm_huawei_task_id(&list, 2).is_null());
            assert!(sm_huawei_task_error_message(&list, 9).is_null());
            assert_eq!(sm_huawei_task_list_count(ptr::null()), 0);
            assert!(sm_huawei_task_list_next_marker(ptr::null()).is_null());
            assert!(sm_huawei_task_id(ptr::null(), 0).is_null());
            assert_eq!(sm_huawei_task_attempt_count(ptr::null(), 0), -1);
            sm_huawei_task_list_free(ptr::null_mut());
        }
    }
}
