//! `sm_error`: the detailed error object a failed call can hand out, and the internal
//! [`Failure`] it is made from.
//!
//! No text placed here holds a secret value: messages come from the core's and the blocking
//! client's errors, which describe rules, sizes and provider answers, never the values sent.

use std::ffi::{CString, c_char};
use std::ptr;

use secretmanager_core::ApiError;

use crate::plumbing::handle::{free_box, read_field};
use crate::plumbing::panic::guard_value;
use crate::plumbing::status::sm_status;

/// Details of a failed call: its status, the HTTP status, provider error code and request id
/// when the provider answered, whether sending it again later may succeed, and a message in
/// English.
///
/// Obtained from the optional `sm_error **err_out` argument of every fallible function; owned
/// by the caller, freed with `sm_error_free`. The message never contains a secret value.
/// An `sm_error` is immutable: its accessors may be called from several threads at once.
///
/// Methods: `sm_error_status`, `sm_error_http_status`, `sm_error_code`, `sm_error_message`,
/// `sm_error_request_id`, `sm_error_retryable`, `sm_error_free`.
#[allow(non_camel_case_types, reason = "C naming: the header shows this type to C users")]
#[derive(Debug)]
pub struct sm_error {
    status: sm_status,
    http_status: u16,
    code: CString,
    message: CString,
    request_id: Option<CString>,
    retryable: bool,
}

/// Why a call failed, before it becomes an [`sm_error`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) status: sm_status,
    pub(crate) http_status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
    /// The request id the provider gave with its error answer.
    pub(crate) request_id: Option<String>,
    /// Whether the same request may succeed if sent again later.
    pub(crate) retryable: bool,
}

impl Failure {
    /// A failure with no provider answer, not worth sending again.
    pub(crate) fn new(status: sm_status, message: impl Into<String>) -> Self {
        Self {
            status,
            http_status: 0,
            code: String::new(),
            message: message.into(),
            request_id: None,
            retryable: false,
        }
    }

    /// A `NULL` where a value is required.
    pub(crate) fn null(argument: &str) -> Self {
        Self::new(sm_status::SM_INVALID_ARGUMENT, format!("argument `{argument}` is NULL"))
    }

    /// Any other unusable argument.
    pub(crate) fn invalid(argument: &str, why: impl std::fmt::Display) -> Self {
        Self::new(sm_status::SM_INVALID_ARGUMENT, format!("argument `{argument}` {why}"))
    }

    /// A panic caught at the boundary.
    pub(crate) fn panic() -> Self {
        Self::new(
            sm_status::SM_PANIC,
            "a panic was caught at the C boundary; this is a bug in secretmanager, please report it",
        )
    }

    /// A provider's error answer: the status of its kind (one per kind), its code and
    /// request id, and whether it is retryable, all as the core judges them.
    pub(crate) fn api(api: &ApiError) -> Self {
        Self {
            status: sm_status::for_kind(api.kind()),
            http_status: api.status(),
            code: api.code().to_owned(),
            message: api.to_string(),
            request_id: api.request_id().map(str::to_owned),
            retryable: api.retryable(),
        }
    }

    /// Turns the failure into an owned `sm_error`.
    pub(crate) fn into_raw(self) -> *mut sm_error {
        Box::into_raw(Box::new(sm_error {
            status: self.status,
            http_status: self.http_status,
            code: c_text(self.code),
            message: c_text(self.message),
            request_id: self.request_id.map(c_text),
            retryable: self.retryable,
        }))
    }
}

/// A C string from `text`, with any NUL byte replaced (messages and codes are diagnostics).
fn c_text(text: String) -> CString {
    CString::new(text).unwrap_or_else(|e| {
        let cleaned: Vec<u8> = e.into_vec().into_iter().map(|b| if b == 0 { b'?' } else { b }).collect();
        CString::new(cleaned).unwrap_or_default()
    })
}

impl From<secretmanager_core::Error> for Failure {
    fn from(err: secretmanager_core::Error) -> Self {
        use secretmanager_core::Error;
        match &err {
            Error::Validation(v) => Self::new(sm_status::SM_INVALID_ARGUMENT, v.to_string()),
            Error::Api(api) => Self::api(api),
            Error::Decode(d) => Self {
                http_status: d.status,
                retryable: d.retryable(),
                ..Self::new(sm_status::SM_DECODE_ERROR, d.to_string())
            },
            _ => Self::new(sm_status::SM_UNKNOWN_ERROR, err.to_string()),
        }
    }
}

impl From<secretmanager_blocking::Error> for Failure {
    fn from(err: secretmanager_blocking::Error) -> Self {
        use secretmanager_blocking::Error;
        let status = match &err {
            Error::Validation(_) => sm_status::SM_INVALID_ARGUMENT,
            Error::Api(api) => return Self::api(api),
            Error::Decode(_) => sm_status::SM_DECODE_ERROR,
            Error::Credentials(_) => sm_status::SM_CREDENTIALS_ERROR,
            Error::Timeout(_) => sm_status::SM_TIMEOUT,
            Error::Transport(_) => sm_status::SM_TRANSPORT_ERROR,
            Error::Config(_) => sm_status::SM_CONFIG_ERROR,
            Error::OutcomeUnknown(_) => {
                // The provider's code and request id of a refused resend stay readable beside
                // the status; an unknown outcome is never retryable.
                return Self {
                    http_status: err.status().unwrap_or(0),
                    code: err.code().unwrap_or_default().to_owned(),
                    request_id: err.request_id().map(str::to_owned),
                    ..Self::new(sm_status::SM_OUTCOME_UNKNOWN, err.to_string())
                };
            }
            _ => sm_status::SM_UNKNOWN_ERROR,
        };
        Self {
            http_status: err.status().unwrap_or(0),
            retryable: err.retryable(),
            ..Self::new(status, err.to_string())
        }
    }
}

/// Borrows `err`. Returns its status (never `SM_OK`); `SM_INVALID_ARGUMENT` if `err` is NULL.
/// Nothing to free. Thread-safe.
///
/// # Safety
///
/// `err` is NULL or a live `sm_error` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_error_status(err: *const sm_error) -> sm_status {
    guard_value(sm_status::SM_PANIC, || {
        // SAFETY: the caller passes NULL or a live sm_error.
        unsafe { err.as_ref() }.map_or(sm_status::SM_INVALID_ARGUMENT, |e| e.status)
    })
}

/// Borrows `err`. Returns the HTTP status of the provider's answer, or 0 when the failure
/// happened before an answer arrived (bad argument, timeout, transport) or `err` is NULL.
/// Nothing to free. Thread-safe.
///
/// # Safety
///
/// `err` is NULL or a live `sm_error` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_error_http_status(err: *const sm_error) -> u16 {
    // SAFETY: the caller passes NULL or a live sm_error.
    unsafe { read_field(err, 0, |e| e.http_status) }
}

/// Borrows `err`. Returns the provider's error code (`"200"`, `"INVALID_STATUS"`,
/// `"CSMS.0005"`...), or `""` when there is none; NULL only if `err` is NULL.
/// The text belongs to `err`: valid until `sm_error_free(err)`, never free it yourself.
/// Thread-safe.
///
/// # Safety
///
/// `err` is NULL or a live `sm_error` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_error_code(err: *const sm_error) -> *const c_char {
    // SAFETY: the caller passes NULL or a live sm_error.
    unsafe { read_field(err, ptr::null(), |e| e.code.as_ptr()) }
}

/// Borrows `err`. Returns an English message (which argument was wrong, what the provider
/// said...) that never contains a secret value; NULL only if `err` is NULL.
/// The text belongs to `err`: valid until `sm_error_free(err)`, never free it yourself.
/// Thread-safe.
///
/// # Safety
///
/// `err` is NULL or a live `sm_error` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_error_message(err: *const sm_error) -> *const c_char {
    // SAFETY: the caller passes NULL or a live sm_error.
    unsafe { read_field(err, ptr::null(), |e| e.message.as_ptr()) }
}

/// Borrows `err`. Returns the request id the provider gave with its error answer (Huawei's
/// `X-Request-Id`, NCP's `x-ncp-trace-id`), to quote to the provider's support; NULL when the
/// answer carried none, when there was no answer (bad argument, timeout, transport), or when
/// `err` is NULL.
/// The text belongs to `err`: valid until `sm_error_free(err)`, never free it yourself.
/// Thread-safe.
///
/// # Safety
///
/// `err` is NULL or a live `sm_error` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_error_request_id(err: *const sm_error) -> *const c_char {
    // SAFETY: the caller passes NULL or a live sm_error.
    unsafe { read_field(err, ptr::null(), |e| e.request_id.as_ref().map_or(ptr::null(), |id| id.as_ptr())) }
}

/// Borrows `err`. Returns whether the same request may succeed if sent again later:
/// throttling (`SM_THROTTLED`, any HTTP 429), a passing server fault (HTTP 500, 502, 503, 504),
/// a timeout or a broken connection. It is what the client's own retries go by: `true` on a
/// failure means the retries allowed were used up, or the operation is not one to resend
/// blindly. Never `true` for `SM_OUTCOME_UNKNOWN` (look the outcome up first); `false` when
/// `err` is NULL. Nothing to free. Thread-safe.
///
/// # Safety
///
/// `err` is NULL or a live `sm_error` from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_error_retryable(err: *const sm_error) -> bool {
    // SAFETY: the caller passes NULL or a live sm_error.
    unsafe { read_field(err, false, |e| e.retryable) }
}

/// Frees `err` and the texts borrowed from it. Takes ownership of `err`; NULL is fine.
/// Must not be called twice with the same pointer, nor while another thread uses `err`.
///
/// # Safety
///
/// `err` is NULL or an `sm_error` from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_error_free(err: *mut sm_error) {
    // SAFETY: err is NULL or an sm_error from `Failure::into_raw` (a Box) not yet freed, by
    // this function's contract.
    guard_value((), || unsafe { free_box(err) })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use secretmanager_core::Provider;

    use super::*;

    fn api(status: u16, code: &str) -> ApiError {
        ApiError::new(Provider::Ncp, status, code, "m")
    }

    #[test]
    fn api_answers_map_to_the_status_of_their_kind() {
        let status = |api: ApiError| Failure::api(&api).status;
        assert_eq!(status(api(401, "200")), sm_status::SM_AUTHENTICATION_FAILED);
        assert_eq!(status(api(401, "210")), sm_status::SM_PERMISSION_DENIED);
        assert_eq!(status(api(404, "NOT_FOUND")), sm_status::SM_NOT_FOUND);
        assert_eq!(status(api(422, "INVALID_STATUS")), sm_status::SM_INVALID_STATE);
        assert_eq!(status(api(429, "410")), sm_status::SM_THROTTLED);
        assert_eq!(status(api(429, "400")), sm_status::SM_QUOTA_EXCEEDED);
        assert_eq!(status(api(409, "")), sm_status::SM_CONFLICT);
        assert_eq!(status(api(400, "INVALID_REQUEST")), sm_status::SM_INVALID_REQUEST);
        assert_eq!(status(api(503, "INTERNAL_SERVER_ERROR")), sm_status::SM_API_ERROR);
        let huawei = |status, code| ApiError::new(Provider::Huawei, status, code, "m");
        assert_eq!(status(huawei(400, "CSMS.0005")), sm_status::SM_NOT_FOUND);
        assert_eq!(status(huawei(400, "CSMS.0202")), sm_status::SM_QUOTA_EXCEEDED);
        assert_eq!(status(huawei(400, "APIG.0308")), sm_status::SM_THROTTLED);
    }

    #[test]
    fn request_id_and_retryable_come_from_the_answer() {
        let throttled = Failure::api(&api(429, "400").with_request_id("trace-9"));
        assert_eq!((throttled.request_id.as_deref(), throttled.retryable), (Some("trace-9"), true));
        let missing = Failure::api(&api(404, "NOT_FOUND"));
        assert_eq!((missing.request_id, missing.retryable), (None, false));
        let lost = Failure::from(secretmanager_blocking::Error::transport(
            secretmanager_blocking::TransportErrorKind::ConnectionLost,
            "reset",
        ));
        assert_eq!(
            (lost.status, lost.retryable, lost.request_id),
            (sm_status::SM_TRANSPORT_ERROR, true, None)
        );
        let unknown = Failure::from(secretmanager_blocking::Error::OutcomeUnknown(
            secretmanager_blocking::OutcomeUnknown {
                operation: "Create Secret",
                settled_by: "Get Secret List",
                cause: Box::new(secretmanager_blocking::Error::Api(api(504, "510").with_request_id("t-504"))),
            },
        ));
        assert_eq!(unknown.status, sm_status::SM_OUTCOME_UNKNOWN);
        assert_eq!((unknown.code.as_str(), unknown.request_id.as_deref()), ("510", Some("t-504")));
        assert!(!unknown.retryable, "an unknown outcome is never retryable");
        assert!(!Failure::null("x").retryable && !Failure::panic().retryable);
    }

    #[test]
    fn accessors_read_the_object_and_tolerate_null() {
        let raw = Failure::api(&api(422, "INVALID_STATUS")).into_raw();
        let traced = Failure::api(&api(503, "").with_request_id("trace\0id")).into_raw();
        // SAFETY: raw and traced are live sm_errors, each freed once at the end.
        unsafe {
            assert_eq!(sm_error_status(raw), sm_status::SM_INVALID_STATE);
            assert_eq!(sm_error_http_status(raw), 422);
            assert_eq!(CStr::from_ptr(sm_error_code(raw)).to_str().unwrap(), "INVALID_STATUS");
            assert!(CStr::from_ptr(sm_error_message(raw)).to_str().unwrap().contains("HTTP 422"));
            assert!(sm_error_request_id(raw).is_null());
            assert!(!sm_error_retryable(raw));
            assert_eq!(CStr::from_ptr(sm_error_request_id(traced)).to_bytes(), b"trace?id");
            assert!(sm_error_retryable(traced));
            sm_error_free(raw);
            sm_error_free(traced);
            assert_eq!(sm_error_status(ptr::null()), sm_status::SM_INVALID_ARGUMENT);
            assert_eq!(sm_error_http_status(ptr::null()), 0);
            assert!(sm_error_code(ptr::null()).is_null());
            assert!(sm_error_message(ptr::null()).is_null());
            assert!(sm_error_request_id(ptr::null()).is_null());
            assert!(!sm_error_retryable(ptr::null()));
            sm_error_free(ptr::null_mut());
        }
    }

    #[test]
    fn nul_bytes_in_messages_are_replaced() {
        assert_eq!(c_text("a\0b".into()).as_bytes(), b"a?b");
    }
}
