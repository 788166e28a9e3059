//! `sm_secret_logs`: a page of a secret's log (Get Secret Logs), where the job tokens of
//! executed rotations are found.

use std::ffi::{CString, c_char};
use std::ptr;

use secretmanager_core::ncp::{self, SecretLogEntry};

use crate::ncp::client::{client_ref, sm_client};
use crate::plumbing::error::{Failure, sm_error};
use crate::plumbing::handle::{OutSlot, free_box, optional_u32, read_field};
use crate::plumbing::panic::{guard, guard_value};
use crate::plumbing::status::sm_status;
use crate::plumbing::strings::{c_string, opt_ptr, optional_str, required_str};

struct LogEntry {
    log_id: CString,
    action: CString,
    job_token: Option<CString>,
    result: Option<CString>,
    create_date_ms: Option<i64>,
}

impl std::fmt::Debug for LogEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogEntry")
            .field("log_id", &self.log_id)
            .field("action", &self.action)
            .field("job_token", &self.job_token.as_ref().map(|_| secretmanager_core::secret::REDACTED))
            .field("result", &self.result)
            .field("create_date_ms", &self.create_date_ms)
            .finish()
    }
}

impl LogEntry {
    fn new(entry: &SecretLogEntry) -> Result<Self, Failure> {
        Ok(Self {
            log_id: c_string("log id", &entry.log_id)?,
            action: c_string("log action", &entry.action)?,
            job_token: entry.job_token.as_deref().map(|t| c_string("job token", t)).transpose()?,
            result: entry.result.as_ref().map(|r| c_string("log result", r.as_str())).transpose()?,
            create_date_ms: entry.create_date.map(|d| d.0),
        })
    }
}

/// A page of a secret's log, newest entry first.
///
/// Owned by the caller, freed with `sm_secret_logs_free`; every text read from it belongs to
/// it. Immutable: may be read from many threads at once.
///
/// Methods: `sm_secret_logs_count`, `sm_secret_logs_total_count`, `sm_secret_log_id`,
/// `sm_secret_log_action`, `sm_secret_log_job_token`, `sm_secret_log_result`,
/// `sm_secret_log_create_date_ms`, `sm_secret_logs_free`.
#[derive(Debug)]
pub struct sm_secret_logs {
    entries: Vec<LogEntry>,
    total_count: u32,
}

/// Reads one field of entry `index`; `default` when `logs` is NULL, `index` is out of range
/// (or on a panic).
fn read<T>(logs: *const sm_secret_logs, index: usize, default: T, field: impl FnOnce(&LogEntry) -> T) -> T {
    // SAFETY: every accessor's contract makes `logs` NULL or a live object.
    unsafe { read_field(logs, None, |l| l.entries.get(index).map(field)) }.unwrap_or(default)
}

/// Borrows `logs`. Returns the number of entries on this page (0 if `logs` is NULL).
/// Nothing to free. Thread-safe.
///
/// # Safety
///
/// `logs` is NULL or a live `sm_secret_logs`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_logs_count(logs: *const sm_secret_logs) -> usize {
    // SAFETY: logs is NULL or live, by contract.
    unsafe { read_field(logs, 0, |l| l.entries.len()) }
}

/// Borrows `logs`. Returns the number of entries on all pages (0 if `logs` is NULL).
/// Nothing to free. Thread-safe.
///
/// # Safety
///
/// `logs` is NULL or a live `sm_secret_logs`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_logs_total_count(logs: *const sm_secret_logs) -> u32 {
    // SAFETY: logs is NULL or live, by contract.
    unsafe { read_field(logs, 0, |l| l.total_count) }
}

/// Borrows `logs`. Returns the id of entry `index`; NULL if `logs` is NULL or `index` is out
/// of range. The text belongs to `logs` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `logs` is NULL or a live `sm_secret_logs`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_log_id(logs: *const sm_secret_logs, index: usize) -> *const c_char {
    read(logs, index, ptr::null(), |e| e.log_id.as_ptr())
}

/// Borrows `logs`. Returns the action of entry `index` (e.g. `"Execute Rotation Job"`); NULL
/// if `logs` is NULL or `index` is out of range. The text belongs to `logs` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `logs` is NULL or a live `sm_secret_logs`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_log_action(logs: *const sm_secret_logs, index: usize) -> *const c_char {
    read(logs, index, ptr::null(), |e| e.action.as_ptr())
}

/// Borrows `logs`. Returns the job token of entry `index` when the action concerns a rotation
/// job (a credential of that job: do not log it); NULL when it has none, `logs` is NULL or
/// `index` is out of range. The text belongs to `logs` (valid until it is freed; never free it). Thread-safe.
///
/// # Safety
///
/// `logs` is NULL or a live `sm_secret_logs`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_log_job_token(logs: *const sm_secret_logs, index: usize) -> *const c_char {
    read(logs, index, ptr::null(), |e| opt_ptr(&e.job_token))
}

/// Borrows `logs`. Returns the result of entry `index` (`"SUCCESS"` or `"FAIL"`); NULL when
/// unknown, `logs` is NULL or `index` is out of range. The text belongs to `logs` (valid until it is freed;
/// never free it). Thread-safe.
///
/// # Safety
///
/// `logs` is NULL or a live `sm_secret_logs`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_log_result(logs: *const sm_secret_logs, index: usize) -> *const c_char {
    read(logs, index, ptr::null(), |e| opt_ptr(&e.result))
}

/// Borrows `logs`. Returns the date of entry `index` in milliseconds since the Unix epoch; -1
/// when unknown, `logs` is NULL or `index` is out of range. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `logs` is NULL or a live `sm_secret_logs`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_log_create_date_ms(logs: *const sm_secret_logs, index: usize) -> i64 {
    read(logs, index, -1, |e| e.create_date_ms.unwrap_or(-1))
}

/// Frees `logs` with its texts. Takes ownership; NULL is fine.
///
/// Not thread-safe for this object: no other thread may use it during or after the call.
///
/// # Safety
///
/// `logs` is NULL or an owned `sm_secret_logs` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_secret_logs_free(logs: *mut sm_secret_logs) {
    // SAFETY: forwarded from this function's contract.
    guard_value((), || unsafe { free_box(logs) })
}

/// **Get Secret Logs**: page `*page_no` (from 1; NULL = not sent, NCP's default 1) of
/// `*page_size` entries (NULL = not sent, NCP's default 100) of secret `secret_id`'s log, newest first, keeping the entries
/// whose action contains `keyword` or whose job token is `keyword` (NULL = every entry).
///
/// Any number given, 0 included, is sent and checked (`SM_INVALID_ARGUMENT` when out of range).
///
/// Borrows `client`, the strings and the numbers. On success `*out` receives the page, owned by the caller
/// (free with `sm_secret_logs_free`). Thread-safe.
///
/// # Safety
///
/// `client` is NULL or a live client; the strings are NULL or NUL-terminated; `page_no` and
/// `page_size` are NULL or readable; `out` and `err_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_get_secret_logs(
    client: *const sm_client,
    secret_id: *const c_char,
    keyword: *const c_char,
    page_no: *const u32,
    page_size: *const u32,
    out: *mut *mut sm_secret_logs,
    err_out: *mut *mut sm_error,
) -> sm_status {
    guard(err_out, || {
        // SAFETY: the caller passes NULL or valid pointers, as documented.
        let (out, client, secret_id, keyword) = unsafe {
            (
                OutSlot::new("out", out)?,
                client_ref(client)?,
                required_str("secret_id", secret_id)?,
                optional_str("keyword", keyword)?,
            )
        };
        let mut op = ncp::GetSecretLogs::new(secret_id);
        // SAFETY: the numbers are NULL or readable, as documented.
        let (page_no, page_size) = unsafe { (optional_u32(page_no), optional_u32(page_size)) };
        if let Some(page_no) = page_no {
            op = op.page_no(page_no);
        }
        if let Some(page_size) = page_size {
            op = op.page_size(page_size);
        }
        if let Some(keyword) = keyword {
            op = op.keyword(keyword);
        }
        let page = client.call(&op)?;
        let entries = page.entries.iter().map(LogEntry::new).collect::<Result<_, _>>()?;
        out.set(sm_secret_logs { entries, total_count: page.total_count });
        Ok(())
    })
}
