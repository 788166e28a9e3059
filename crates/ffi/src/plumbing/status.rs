//! `sm_status`: the result code every fallible function returns, and its static description.

use std::ffi::{c_char, c_int};

use secretmanager_core::ApiErrorKind;

use crate::plumbing::panic::guard_value;

/// The result of a call. `SM_OK` is zero; every other value is a failure, and the call wrote
/// nothing through its output pointers except `NULL`.
///
/// The numbers are stable: a value, once released, keeps its meaning, and retired values are
/// not reused. Codes 1–9 are problems found on this side of the wire, 10–19 answers from the
/// provider, 20–29 transport problems and what the helpers meet (a failed rotation task, no
/// value in the cache), 90–99 faults of this library.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(non_camel_case_types, reason = "C naming: the header shows this type to C users")]
pub enum sm_status {
    /// Success.
    SM_OK = 0,
    /// An argument was `NULL` where a value is required, was not valid UTF-8, or broke a
    /// documented rule of the API (length, pattern, range...). Nothing was sent.
    SM_INVALID_ARGUMENT = 1,
    /// The client configuration is unusable (bad endpoint URL, bad timeout combination...).
    SM_CONFIG_ERROR = 2,
    /// No credentials were given and none could be read from the environment.
    SM_CREDENTIALS_ERROR = 3,
    /// The provider answered with an error not covered by a more precise code (a server fault,
    /// an unknown code with an unexpected status). `sm_error_retryable` tells whether sending
    /// it again later may help.
    SM_API_ERROR = 10,
    /// The provider's gateway refused the credentials or the signature (NCP code `"200"`,
    /// Huawei `APIGW.0301`, HTTP 401). A wrong system clock causes this too.
    SM_AUTHENTICATION_FAILED = 11,
    /// The credentials are valid but not allowed to do this (NCP code `"210"`, Huawei
    /// `APIGW.0302`, HTTP 403).
    SM_PERMISSION_DENIED = 12,
    /// The secret, version, stage or job does not exist (NCP `NOT_FOUND`, Huawei `CSMS.0005`
    /// whatever its HTTP status, HTTP 404).
    SM_NOT_FOUND = 13,
    /// The operation is not allowed in the secret's current state (NCP `INVALID_STATUS`,
    /// Huawei `CSMS.0103` scheduled for deletion, HTTP 422).
    SM_INVALID_STATE = 14,
    /// The provider throttled the request (NCP `"410"`/`"420"`, Huawei `APIG.0308`, HTTP 429)
    /// and retries, if any, were used up.
    SM_THROTTLED = 15,
    /// The provider answered something that could not be read (not JSON, wrong shape,
    /// truncated), or a value that cannot be handed to C (a NUL byte inside a text).
    SM_DECODE_ERROR = 16,
    /// The request conflicts with the resource as it is (HTTP 409).
    SM_CONFLICT = 17,
    /// A quota is used up: NCP `"400"` Quota Exceeded (calls per period, HTTP 429; retried
    /// like throttling), Huawei `CSMS.0202`/`CSMS.0203` (the number of secrets or stages).
    SM_QUOTA_EXCEEDED = 18,
    /// The provider found the request invalid (NCP `INVALID_REQUEST`, Huawei `CSMS.0002`,
    /// HTTP 400): a rule this library could not check before sending (an unknown trigger, a
    /// wrong job token...).
    SM_INVALID_REQUEST = 19,
    /// A connect, read or total timeout expired.
    SM_TIMEOUT = 20,
    /// The request could not be sent or its answer not received (DNS, TLS, connection
    /// refused or reset...).
    SM_TRANSPORT_ERROR = 21,
    /// The request may have been applied and nothing tells whether it was: its answer was
    /// lost (connection broken, timeout, unreadable answer) and the operation cannot be resent
    /// blindly (a create, RotateSecret, Execute Rotation Job...), or reading the state back
    /// could not settle it. Not a failure: look the outcome up before acting on it (the error
    /// message names the operation that tells).
    SM_OUTCOME_UNKNOWN = 22,
    /// A Huawei rotation task ended `FAILED` (`sm_huawei_wait_task`): `sm_error_code` is the
    /// task's `task_error_code` and the message holds its `task_error_msg`.
    SM_TASK_FAILED = 23,
    /// A secret cache read found no value where it was asked for: a stage that holds none
    /// (NCP's PENDING outside a rotation), a version holding only binary data, or a JSON field
    /// that is missing or not a string, number or boolean. The message names the secret and
    /// the stage or field, never a value.
    SM_NO_VALUE = 24,
    /// The caller's buffer cannot hold the value and its NUL (`sm_cache_get_into`): the
    /// length written out says how many bytes it needs, less the NUL.
    SM_BUFFER_TOO_SMALL = 25,
    /// A bug in this library: a Rust panic was caught at the C boundary. The library stays
    /// usable, but please report it.
    SM_PANIC = 90,
    /// An error this version of the library has no specific code for.
    SM_UNKNOWN_ERROR = 99,
}

/// All statuses, in numeric order.
const ALL_STATUSES: [sm_status; 22] = [
    sm_status::SM_OK,
    sm_status::SM_INVALID_ARGUMENT,
    sm_status::SM_CONFIG_ERROR,
    sm_status::SM_CREDENTIALS_ERROR,
    sm_status::SM_API_ERROR,
    sm_status::SM_AUTHENTICATION_FAILED,
    sm_status::SM_PERMISSION_DENIED,
    sm_status::SM_NOT_FOUND,
    sm_status::SM_INVALID_STATE,
    sm_status::SM_THROTTLED,
    sm_status::SM_DECODE_ERROR,
    sm_status::SM_CONFLICT,
    sm_status::SM_QUOTA_EXCEEDED,
    sm_status::SM_INVALID_REQUEST,
    sm_status::SM_TIMEOUT,
    sm_status::SM_TRANSPORT_ERROR,
    sm_status::SM_OUTCOME_UNKNOWN,
    sm_status::SM_TASK_FAILED,
    sm_status::SM_NO_VALUE,
    sm_status::SM_BUFFER_TOO_SMALL,
    sm_status::SM_PANIC,
    sm_status::SM_UNKNOWN_ERROR,
];

impl sm_status {
    /// A short, lower-case description ending in NUL.
    const fn description_with_nul(self) -> &'static str {
        match self {
            sm_status::SM_OK => "ok\0",
            sm_status::SM_INVALID_ARGUMENT => "invalid argument\0",
            sm_status::SM_CONFIG_ERROR => "invalid client configuration\0",
            sm_status::SM_CREDENTIALS_ERROR => "credentials missing or unusable\0",
            sm_status::SM_API_ERROR => "the provider answered with an error\0",
            sm_status::SM_AUTHENTICATION_FAILED => "authentication failed\0",
            sm_status::SM_PERMISSION_DENIED => "permission denied\0",
            sm_status::SM_NOT_FOUND => "not found\0",
            sm_status::SM_INVALID_STATE => "operation not allowed in the current state\0",
            sm_status::SM_THROTTLED => "request throttled\0",
            sm_status::SM_DECODE_ERROR => "the answer could not be read\0",
            sm_status::SM_CONFLICT => "the request conflicts with the resource\0",
            sm_status::SM_QUOTA_EXCEEDED => "quota exceeded\0",
            sm_status::SM_INVALID_REQUEST => "the provider refused the request as invalid\0",
            sm_status::SM_TIMEOUT => "timed out\0",
            sm_status::SM_TRANSPORT_ERROR => "transport error\0",
            sm_status::SM_OUTCOME_UNKNOWN => "the request may have been applied\0",
            sm_status::SM_TASK_FAILED => "the rotation task failed\0",
            sm_status::SM_NO_VALUE => "no value there\0",
            sm_status::SM_BUFFER_TOO_SMALL => "the buffer is too small for the value\0",
            sm_status::SM_PANIC => "internal panic (a bug in secretmanager)\0",
            sm_status::SM_UNKNOWN_ERROR => "unknown error\0",
        }
    }

    /// A short, lower-case description, e.g. `"not found"`.
    pub fn description(self) -> &'static str {
        let text = self.description_with_nul();
        &text[..text.len() - 1]
    }

    /// The status of a provider's error answer of `kind`: one status per kind.
    pub(crate) fn for_kind(kind: ApiErrorKind) -> sm_status {
        match kind {
            ApiErrorKind::Authentication => sm_status::SM_AUTHENTICATION_FAILED,
            ApiErrorKind::PermissionDenied => sm_status::SM_PERMISSION_DENIED,
            ApiErrorKind::NotFound => sm_status::SM_NOT_FOUND,
            ApiErrorKind::InvalidState => sm_status::SM_INVALID_STATE,
            ApiErrorKind::Conflict => sm_status::SM_CONFLICT,
            ApiErrorKind::Throttled => sm_status::SM_THROTTLED,
            ApiErrorKind::Quota => sm_status::SM_QUOTA_EXCEEDED,
            ApiErrorKind::InvalidRequest => sm_status::SM_INVALID_REQUEST,
            // Other, and any kind a newer core adds before this library gives it a status.
            _ => sm_status::SM_API_ERROR,
        }
    }

    /// The status with number `value`, if there is one.
    pub fn from_number(value: c_int) -> Option<sm_status> {
        ALL_STATUSES.into_iter().find(|s| *s as c_int == value)
    }
}

impl std::fmt::Display for sm_status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.description())
    }
}

const UNKNOWN_STATUS: &str = "unknown status\0";

/// A static, NUL-terminated, lower-case English description of `status` (e.g.
/// `"not found"`); `"unknown status"` for a number that is not an `sm_status`.
///
/// Borrows nothing. Returns a pointer to static storage: never free it, it stays valid for the
/// life of the process. Thread-safe.
///
/// # Safety
///
/// Always safe to call; `unsafe` only because every exported function is.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_status_str(status: c_int) -> *const c_char {
    guard_value(UNKNOWN_STATUS.as_ptr().cast(), || {
        sm_status::from_number(status).map_or(UNKNOWN_STATUS, sm_status::description_with_nul).as_ptr().cast()
    })
}

const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The library version, NUL-terminated, e.g. `"0.1.0"`.
///
/// Borrows nothing. Returns a pointer to static storage: never free it. Thread-safe.
///
/// # Safety
///
/// Always safe to call; `unsafe` only because every exported function is.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sm_version() -> *const c_char {
    guard_value(VERSION.as_ptr().cast(), || VERSION.as_ptr().cast())
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use super::*;

    fn text(p: *const c_char) -> &'static str {
        // SAFETY: the functions under test return pointers to static NUL-terminated text.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    #[test]
    fn every_status_has_a_distinct_description_and_round_trips() {
        let mut seen = std::collections::HashSet::new();
        for status in ALL_STATUSES {
            // SAFETY: sm_status_str takes any integer.
            let described = text(unsafe { sm_status_str(status as c_int) });
            assert_eq!(described, status.description());
            assert!(seen.insert(described), "duplicate description {described}");
            assert_eq!(sm_status::from_number(status as c_int), Some(status));
        }
        // SAFETY: as above.
        assert_eq!(text(unsafe { sm_status_str(12345) }), "unknown status");
        // SAFETY: as above.
        assert_eq!(text(unsafe { sm_status_str(-1) }), "unknown status");
    }

    #[test]
    fn each_kind_has_its_own_status() {
        let kinds = [
            (ApiErrorKind::Authentication, sm_status::SM_AUTHENTICATION_FAILED),
            (ApiErrorKind::PermissionDenied, sm_status::SM_PERMISSION_DENIED),
            (ApiErrorKind::NotFound, sm_status::SM_NOT_FOUND),
            (ApiErrorKind::InvalidState, sm_status::SM_INVALID_STATE),
            (ApiErrorKind::Conflict, sm_status::SM_CONFLICT),
            (ApiErrorKind::Throttled, sm_status::SM_THROTTLED),
            (ApiErrorKind::Quota, sm_status::SM_QUOTA_EXCEEDED),
            (ApiErrorKind::InvalidRequest, sm_status::SM_INVALID_REQUEST),
            (ApiErrorKind::Other, sm_status::SM_API_ERROR),
        ];
        let mut seen = std::collections::HashSet::new();
        for (kind, status) in kinds {
            assert_eq!(sm_status::for_kind(kind), status, "{kind:?}");
            assert!(seen.insert(status), "{status:?} serves two kinds");
            assert!((10..20).contains(&(status as c_int)), "{status:?} is an answer from the provider");
        }
        // The numbers released before these kinds keep their meaning.
        assert_eq!(
            [sm_status::SM_THROTTLED, sm_status::SM_DECODE_ERROR, sm_status::SM_OUTCOME_UNKNOWN]
                .map(|s| s as c_int),
            [15, 16, 22]
        );
        assert_eq!(
            [sm_status::SM_CONFLICT, sm_status::SM_QUOTA_EXCEEDED, sm_status::SM_INVALID_REQUEST]
                .map(|s| s as c_int),
            [17, 18, 19]
        );
    }

    #[test]
    fn version_is_the_crate_version() {
        // SAFETY: sm_version takes no argument.
        assert_eq!(text(unsafe { sm_version() }), env!("CARGO_PKG_VERSION"));
    }
}
